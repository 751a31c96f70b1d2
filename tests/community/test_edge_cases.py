"""Smaller rules settled after the main suite: each one was a question the suite raised."""

from intranet.community.models import Membership, Status
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import login, reload, text


def test_ids_too_big_for_the_database_are_a_404(client, db):
    client = login(client, make_person("rep"))
    assert client.get("/c/99999999999999999999/members/").status_code == 404
    assert client.post("/c/comments/123456789012345678901234/helpful/").status_code == 404


def test_only_a_top_level_comment_can_be_the_accepted_answer(client, db):
    asker, answerer = make_person("asker"), make_person("answerer")
    community = make_community()
    add_member(community, asker)
    add_member(community, answerer)
    question = make_post(community, asker, kind="question", title="How?")
    answer = make_comment(question, answerer, "Like this.")
    reply = make_comment(question, answerer, "And a detail.", parent=answer)
    response = login(client, asker).post(f"/c/comments/{reply.pk}/accept/")
    assert response.status_code == 403
    assert not reload(reply).accepted


def test_asking_to_join_after_an_invitation_makes_you_a_member(client, db):
    editor, invitee = make_person("editor"), make_person("invitee")
    community = make_community("Tender desk", preset="bid_team", joining="request")
    add_member(community, editor, role="editor")
    login(client, editor).post(f"/c/{community.pk}/members/invite/", {"username": "invitee"})
    assert Membership.objects.get(user=invitee.user).status == Status.INVITED
    response = login(client, invitee).post(f"/c/{community.pk}/request/", {"message": "Yes!"})
    assert response.status_code == 302
    assert Membership.objects.get(user=invitee.user).status == Status.ACTIVE


def test_inviting_a_member_says_they_are_already_in(client, db):
    editor, member = make_person("editor"), make_person("member")
    community = make_community("Tender desk", preset="bid_team")
    add_member(community, editor, role="editor")
    add_member(community, member)
    response = login(client, editor).post(
        f"/c/{community.pk}/members/invite/", {"username": "member"}, follow=True
    )
    assert "Member Tester is a member." in text(response)
    assert Membership.objects.get(user=member.user).status == Status.ACTIVE


def test_the_post_page_shows_which_of_its_tags_you_follow(client, db):
    author = make_person("author")
    community = make_community()
    add_member(community, author)
    post = make_post(community, author, tags=["pricing", "ports"])
    client = login(client, author)
    client.post("/c/follow/tag/pricing/", {"next": post.url})
    assert 'aria-pressed="true">Following<span class="visually-hidden"> pricing' in text(
        client.get(post.url)
    )
    assert 'aria-pressed="false">Follow<span class="visually-hidden"> ports' in text(
        client.get(post.url)
    )


def test_the_members_page_paginates(client, db):
    community = make_community()
    people = [make_person(f"member{n:02}") for n in range(55)]
    for person in people:
        add_member(community, person)
    client = login(client, people[0])
    first = client.get(f"/c/{community.pk}/members/")
    assert "55 members" in text(first)
    assert len(first.context["members"].object_list) == 50
    assert len(client.get(f"/c/{community.pk}/members/?page=2").context["members"].object_list) == 5


def test_old_news_stays_reachable_through_the_paginated_list(client, db):
    editor = make_person("editor")
    community = make_community()
    add_member(community, editor, role="editor")
    for number in range(12):
        make_post(community, editor, kind="news", title=f"News {number:02}")
    client = login(client, editor)
    titles = [p.title for p in client.get(community.url + "?page=2").context["posts_page"]]
    assert "News 00" in titles


def test_a_communitys_files_are_visible_only_to_those_who_read_it(db):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from intranet.community import permissions
    from tests.builders import image_upload

    member, outsider = make_person("member"), make_person("outsider")
    secret = make_community("Pricing council", preset="confidential")
    add_member(secret, member)
    secret = reload(secret)
    image = get_image_model().objects.create(
        title="Floor prices chart", file=image_upload(), collection=secret.collection
    )
    document = get_document_model().objects.create(
        title="Floor prices", file=image_upload("prices.png"), collection=secret.collection
    )
    elsewhere = get_image_model().objects.create(title="Logo", file=image_upload("logo.png"))
    assert set(permissions.visible_images(member.user)) == {image, elsewhere}
    assert set(permissions.visible_images(outsider.user)) == {elsewhere}
    assert list(permissions.visible_documents(member.user)) == [document]
    assert list(permissions.visible_documents(outsider.user)) == []


def test_a_private_communitys_collection_is_restricted_to_its_groups(db):
    from wagtail.models import CollectionViewRestriction

    community = reload(make_community("Bid team", preset="bid_team"))
    restriction = CollectionViewRestriction.objects.get(collection=community.collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert restriction.groups.count() == 2
    open_one = reload(make_community("Sales", preset="function"))
    assert not CollectionViewRestriction.objects.filter(collection=open_one.collection).exists()


def test_the_community_home_lists_whats_new_in_its_library(client, db):
    from datetime import date

    from django.core.files.base import ContentFile
    from wagtail.models import Locale

    from intranet.library import pdf, services
    from intranet.library.models import LibraryItemPage
    from intranet.taxonomy.models import Product

    author = make_person("author")
    community = make_community()
    add_member(community, author)
    product = Product.objects.create(name="Guarding", slug="guarding", locale=Locale.get_default())
    data = {
        "title": "Port guarding proposal",
        "summary": "Won.",
        "document_type": "proposal",
        "outcome": "won",
        "industry": "logistics",
        "region": "sweden",
        "language": "en",
        "document_date": date(2026, 3, 1),
        "products": [product],
        "tags": [],
    }
    upload = ContentFile(pdf.make_pdf("Port guarding", ["Scope."]), name="port.pdf")
    services.add_item(services.library_of(community), author.user, data, upload)
    assert LibraryItemPage.objects.count() == 1
    assert "Port guarding proposal" in text(login(client, author).get(community.url))
