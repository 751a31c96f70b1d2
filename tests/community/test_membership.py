"""Membership follows job functions; joining, leaving, invitations, requests, roles, exceptions;
and the Wagtail groups and view restriction that mirror it all."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, PageViewRestriction

from intranet.community import membership
from intranet.community.models import Activity, Participation, Role, Status, Verb
from tests.builders import add_member, make_community, make_job_function, make_person, make_post
from tests.community.helpers import login, membership_of, post_data, reload, status_of, text

pytestmark = pytest.mark.django_db


def _groups(person):
    return set(person.user.groups.values_list("name", flat=True))


def _member_group(community):
    return f"Community {community.pk}: members"


def _editor_group(community):
    return f"Community {community.pk}: editors"


def _function_communities():
    """Two communities, each gathering everyone with one job function."""
    sales, service = make_job_function("Sales representative"), make_job_function("Technician")
    return (
        sales,
        service,
        make_community("Sales Community", job_functions=[sales]),
        make_community("Service Community", job_functions=[service]),
    )


# Job functions


def test_it_makes_someone_a_member_when_their_profile_gains_the_function(client):
    sales, _, sales_community, service_community = _function_communities()
    person = make_person("newcomer")
    data = {"job_functions": [sales.pk], "expertise": "", "interests": "", "languages": []}

    response = login(client, person).post("/people/me/edit/", data)

    assert response.status_code == 302
    found = membership_of(sales_community, person)
    assert found.status == Status.ACTIVE and found.automatic and found.role == Role.MEMBER
    assert membership_of(service_community, person) is None
    assert _member_group(sales_community) in _groups(person)
    assert client.get(sales_community.url).context["can_leave"] is False


def test_changing_the_function_moves_the_automatic_membership():
    sales, service, sales_community, service_community = _function_communities()
    person = make_person("mover", job_functions=[sales])
    assert membership_of(sales_community, person).automatic

    person.job_functions.set([service])

    assert membership_of(sales_community, person) is None
    assert membership_of(service_community, person).automatic
    assert _groups(person) == {_member_group(service_community)}


def test_removing_the_function_ends_the_automatic_membership():
    sales, _, sales_community, _ = _function_communities()
    person = make_person("leaver", job_functions=[sales])

    person.job_functions.clear()

    assert membership_of(sales_community, person) is None
    assert _groups(person) == set()


@pytest.mark.parametrize("how", ["joined", "given a role", "given an exception"])
def test_a_manual_membership_outlives_a_change_of_function(how):
    sales, service, sales_community, _ = _function_communities()
    person = make_person("keeper", job_functions=[] if how == "joined" else [sales])
    if how == "joined":
        membership.join(person.user, sales_community)
        person.job_functions.add(sales)  # gaining the function changes nothing either
    elif how == "given a role":
        membership.set_role(membership_of(sales_community, person), Role.SPONSOR)
    else:
        membership.grant_exception(membership_of(sales_community, person), Participation.PUBLISH)

    person.job_functions.set([service])

    found = membership_of(sales_community, person)
    assert found is not None and found.status == Status.ACTIVE and not found.automatic
    assert found.role == (Role.SPONSOR if how == "given a role" else Role.MEMBER)
    assert _member_group(sales_community) in _groups(person)


def test_publishing_a_community_with_job_functions_makes_everyone_with_them_members():
    sales = make_job_function("Sales representative")
    reps = [make_person(f"rep{n}", job_functions=[sales]) for n in range(3)]
    gone = make_person("gone", job_functions=[sales])
    gone.user.is_active = False
    gone.user.save()
    other = make_person("other", job_functions=[make_job_function("Technician")])

    community = make_community("Sales Community", job_functions=[sales])

    members = community.memberships.filter(status=Status.ACTIVE, automatic=True)
    assert sorted(m.user.username for m in members) == ["rep0", "rep1", "rep2"]
    assert membership_of(community, other) is None and membership_of(community, gone) is None
    for rep in reps:
        assert _member_group(community) in _groups(rep)


def test_republishing_without_the_function_removes_only_automatic_members():
    sales = make_job_function("Sales representative")
    automatic = make_person("automatic", job_functions=[sales])
    community = make_community("Sales Community", job_functions=[sales])
    manual = make_person("manual")
    add_member(community, manual)

    community.job_functions.set([])
    community.save_revision().publish()

    assert membership_of(community, automatic) is None
    assert _groups(automatic) == set()
    assert membership_of(community, manual).status == Status.ACTIVE


# The Wagtail mirror


@pytest.mark.parametrize(
    ("preset", "restricted"), [("function", False), ("bid_team", True), ("confidential", True)]
)
def test_a_private_or_secret_community_has_a_group_view_restriction(preset, restricted):
    community = make_community("Team", preset=preset)
    restrictions = PageViewRestriction.objects.filter(page=community.page_ptr)
    assert restrictions.exists() is restricted
    if restricted:
        restriction = restrictions.get()
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        names = {group.name for group in restriction.groups.all()}
        assert names == {_member_group(community), _editor_group(community)}


def test_opening_a_private_community_lifts_its_view_restriction():
    community = make_community("Team", preset="bid_team")
    community.visibility = "open"
    community.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=community.page_ptr).exists()


def test_members_and_editors_are_mirrored_into_wagtail_groups():
    community = make_community("Team", preset="bid_team")
    member, editor = make_person("member"), make_person("editor")
    add_member(community, member)
    found = add_member(community, editor, role=Role.EDITOR)
    assert _groups(member) == {_member_group(community)}
    assert _groups(editor) == {_member_group(community), _editor_group(community)}

    membership.set_role(found, Role.MEMBER)
    membership.leave(member.user, community)

    assert _groups(editor) == {_member_group(community)}
    assert _groups(member) == set()


def test_the_editors_group_may_edit_and_publish_the_community_in_wagtail():
    community = make_community("Team")
    editors = membership.editor_group(community)
    codenames = set(
        GroupPagePermission.objects.filter(group=editors, page=community.page_ptr).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == set(membership.EDITOR_PAGE_PERMISSIONS)
    assert Permission.objects.get(codename="access_admin") in editors.permissions.all()


# Joining and leaving


def test_someone_joins_an_open_community(client):
    community, person = make_community("Sales Community"), make_person("joiner")
    response = login(client, person).post(f"/c/{community.pk}/join/")
    assert response.status_code == 302 and response["Location"] == community.url
    assert status_of(community, person) == Status.ACTIVE
    assert not membership_of(community, person).automatic
    assert Activity.objects.filter(community=community, actor=person.user, verb=Verb.JOINED)
    assert client.get(community.url).context["can_post"] is True


def test_leaving_a_secret_community_sends_you_home(client):
    """Bug fixed: the view asked a stale membership cache and sent people to a 404."""
    community, person = make_community("Falcon", preset="confidential"), make_person("quitter")
    add_member(community, person)
    response = login(client, person).post(f"/c/{community.pk}/leave/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert status_of(community, person) is None
    assert client.get(community.url).status_code == 404


def test_leaving_an_open_community_goes_back_to_it(client):
    community, person = make_community("Sales Community"), make_person("quitter")
    add_member(community, person)
    response = login(client, person).post(f"/c/{community.pk}/leave/")
    assert response["Location"] == community.url
    assert status_of(community, person) is None


def test_someone_in_a_community_by_job_function_cannot_leave_it(client):
    sales, _, community, _ = _function_communities()
    person = make_person("automatic", job_functions=[sales])
    response = login(client, person).post(f"/c/{community.pk}/leave/")
    assert response.status_code == 403
    assert status_of(community, person) == Status.ACTIVE


# Invitations and requests


def _team_with_editor(title="Tender Team", editor="editor", **policy):
    community = make_community(title, preset="bid_team", **policy)
    editor = make_person(editor)
    add_member(community, editor, role=Role.EDITOR)
    return community, editor


def test_an_invitation_can_be_accepted(client):
    community, editor = _team_with_editor()
    invitee = make_person("invitee")

    response = login(client, editor).post(
        f"/c/{community.pk}/members/invite/", {"username": "invitee"}
    )

    assert response.status_code == 302
    found = membership_of(community, invitee)
    assert found.status == Status.INVITED and found.invited_by == editor.user
    login(client, invitee)
    assert "You are invited" in text(client.get(community.url))
    response = client.post(f"/c/{community.pk}/invitation/", {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == community.url
    assert status_of(community, invitee) == Status.ACTIVE
    assert _member_group(community) in _groups(invitee)


def test_an_invitation_can_be_declined(client):
    community, editor = _team_with_editor()
    invitee = make_person("invitee")
    membership.invite(editor.user, community, invitee.user)
    response = login(client, invitee).post(f"/c/{community.pk}/invitation/", {"answer": "no"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert status_of(community, invitee) is None


def test_answering_an_invitation_nobody_sent_answers_404(client):
    community, _ = _team_with_editor()
    person = make_person("uninvited")
    response = login(client, person).post(f"/c/{community.pk}/invitation/", {"answer": "accept"})
    assert response.status_code == 404
    assert status_of(community, person) is None


def test_a_request_to_join_can_be_approved(client):
    community, editor = _team_with_editor(joining="request")
    applicant = make_person("applicant")
    login(client, applicant)
    assert client.get(f"/c/{community.pk}/request/").status_code == 200

    response = client.post(f"/c/{community.pk}/request/", {"message": "I price the bids."})

    assert response.status_code == 302
    found = membership_of(community, applicant)
    assert found.status == Status.REQUESTED and found.message == "I price the bids."
    assert "Your request to join is with" in text(client.get(community.url))
    assert client.post(f"/c/{community.pk}/request/").status_code == 403  # asked already
    login(client, editor)
    assert "I price the bids." in text(client.get(f"/c/{community.pk}/members/"))
    response = client.post(f"/c/{community.pk}/members/{found.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert status_of(community, applicant) == Status.ACTIVE
    assert Activity.objects.filter(actor=applicant.user, verb=Verb.JOINED).count() == 1


def test_a_request_to_join_can_be_declined(client):
    community, editor = _team_with_editor(joining="request")
    applicant = make_person("applicant")
    found = membership.request_to_join(applicant.user, community)
    response = login(client, editor).post(
        f"/c/{community.pk}/members/{found.pk}/decide/", {"decision": "decline"}
    )
    assert response.status_code == 302
    assert status_of(community, applicant) is None


def test_inviting_someone_who_asked_to_join_lets_them_in(client):
    community, editor = _team_with_editor(joining="request")
    applicant = make_person("applicant")
    membership.request_to_join(applicant.user, community)
    login(client, editor).post(f"/c/{community.pk}/members/invite/", {"username": "applicant"})
    assert status_of(community, applicant) == Status.ACTIVE


def test_deciding_on_something_that_is_not_a_pending_request_answers_404(client):
    community, editor = _team_with_editor(joining="request")
    other, _ = _team_with_editor("Other Team", "other-editor", joining="request")
    member, applicant = make_person("member"), make_person("applicant")
    active = add_member(community, member)
    elsewhere = membership.request_to_join(applicant.user, other)
    login(client, editor)
    for found in (active, elsewhere):
        url = f"/c/{community.pk}/members/{found.pk}/decide/"
        assert client.post(url, {"decision": "decline"}).status_code == 404
    assert status_of(community, member) == Status.ACTIVE
    assert status_of(other, applicant) == Status.REQUESTED


@pytest.mark.parametrize("username", ["nobody", "", "inactive"])
def test_inviting_an_unknown_username_creates_nothing(client, username):
    community, editor = _team_with_editor()
    sleeper = make_person("inactive")
    sleeper.user.is_active = False
    sleeper.user.save()
    count = community.memberships.count()

    response = login(client, editor).post(
        f"/c/{community.pk}/members/invite/", {"username": username}
    )

    assert response.status_code == 400
    assert response.context["invite_form"].errors["username"]
    assert community.memberships.count() == count


# Roles and exceptions


def test_an_editor_gives_someone_a_role(client):
    community, editor = _team_with_editor()
    found = add_member(community, make_person("member"))
    response = login(client, editor).post(
        f"/c/{community.pk}/members/{found.pk}/role/", {"role": Role.SPONSOR}
    )
    assert response.status_code == 302
    assert reload(found).role == Role.SPONSOR


def test_an_editor_cannot_change_their_own_role(client):
    community, editor = _team_with_editor()
    found = membership_of(community, editor)
    response = login(client, editor).post(
        f"/c/{community.pk}/members/{found.pk}/role/", {"role": Role.MEMBER}
    )
    assert response.status_code == 403
    assert reload(found).role == Role.EDITOR


@pytest.mark.parametrize(
    ("url", "data"),
    [("role", {"role": "owner"}), ("exception", {"participation": "9"})],
)
def test_a_role_or_exception_outside_the_choices_changes_nothing(client, url, data):
    community, editor = _team_with_editor()
    found = add_member(community, make_person("member"))
    response = login(client, editor).post(f"/c/{community.pk}/members/{found.pk}/{url}/", data)
    assert response.status_code == 400
    found = reload(found)
    assert found.role == Role.MEMBER and found.participation is None


def test_an_exception_lets_one_member_do_less_or_more_than_the_policy(client):
    community, editor = _team_with_editor()
    author = make_person("author")
    add_member(community, author)
    post = make_post(community, author, title="Bid outline")
    reader, publisher = make_person("reader"), make_person("publisher")
    reader_membership = add_member(community, reader)
    publisher_membership = add_member(community, publisher)
    login(client, editor)
    for found, level in [(reader_membership, 1), (publisher_membership, 3)]:
        url = f"/c/{community.pk}/members/{found.pk}/exception/"
        response = client.post(url, {"participation": level})
        assert response.status_code == 302
        assert response["Location"] == f"/c/{community.pk}/exceptions/"
    exceptions_page = text(client.get(f"/c/{community.pk}/exceptions/"))
    assert "Reader Tester" in exceptions_page and "Publisher Tester" in exceptions_page

    login(client, reader)
    assert client.post(f"/c/{community.pk}/posts/new/", post_data()).status_code == 403
    login(client, publisher)
    response = client.post(f"/c/posts/{post.pk}/edit/", post_data(title="Bid outline v2"))
    assert response.status_code == 302
    assert reload(post).title == "Bid outline v2"

    login(client, editor)
    url = f"/c/{community.pk}/members/{reader_membership.pk}/exception/"
    client.post(url, {"participation": ""})
    assert reload(reader_membership).participation is None
    listed = client.get(f"/c/{community.pk}/exceptions/").context["exceptions"]
    assert [found.user.username for found in listed] == ["publisher"]
