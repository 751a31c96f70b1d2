"""Admins create communities in Wagtail's admin; the policy preset and the mirror follow."""

from wagtail.models import PageViewRestriction

from intranet.community.models import CommunityIndexPage, CommunityPage, Joining, Visibility
from tests.builders import make_job_function, make_person
from tests.conftest import logged_in


def add_community(client, **fields):
    index = CommunityIndexPage.objects.get()
    data = {
        "title": "Tender desk",
        "slug": "tender-desk",
        "description": "Everyone who writes public tender answers.",
        "visibility": Visibility.OPEN,
        "joining": Joining.SELF,
        "participation": 2,
        "preset": "",
        "action-publish": "action-publish",
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
        **fields,
    }
    return client.post(f"/admin/pages/add/community/communitypage/{index.pk}/", data)


def test_an_admin_creates_a_community_with_a_preset(client, admin_user):
    seller = make_job_function("Sales representative")
    rep = make_person("rep", job_functions=[seller])
    response = add_community(
        logged_in(client, admin_user), preset="bid_team", job_functions=[seller.pk]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    community = CommunityPage.objects.get(slug="tender-desk")
    assert (community.visibility, community.joining) == (Visibility.PRIVATE, Joining.INVITATION)
    assert community.live
    assert community.memberships.filter(user=rep.user, automatic=True).exists()
    restriction = PageViewRestriction.objects.get(page=community)
    assert {g.name for g in restriction.groups.all()} == {
        f"Community {community.pk}: members",
        f"Community {community.pk}: editors",
    }


def test_ordinary_members_cannot_reach_the_admin(client, db):
    rep = make_person("rep")
    response = add_community(logged_in(client, rep))
    assert response.status_code == 302
    assert not CommunityPage.objects.filter(slug="tender-desk").exists()
