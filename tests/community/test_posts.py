"""Writing, editing and unpublishing posts from the front end: the happy paths, hostile HTML,
and bad input that must give a clear 4xx and change nothing."""

import re
from types import SimpleNamespace

import pytest

from intranet.community.models import Activity, PostKind, PostPage, ReadReceipt, Role, Verb
from intranet.taxonomy.models import Customer, Product
from tests.builders import add_member, make_community, make_person, make_post, make_term
from tests.community.helpers import built_once, fresh, login, post_data, reload, text


def _build():
    world = SimpleNamespace(
        member=make_person("member"),
        editor=make_person("editor"),
        community=make_community("Sales Community"),
        customer=make_term(Customer, "Region Vast"),
        product=make_term(Product, "Remote guarding"),
    )
    add_member(world.community, world.member)
    add_member(world.community, world.editor, role=Role.EDITOR)
    world.post = make_post(world.community, world.member, title="Visit at the hospital")
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _new(client, w, person, **changes):
    return login(client, person).post(f"/c/{w.community.pk}/posts/new/", post_data(**changes))


def _posts():
    return PostPage.objects.count()


# Writing


def test_the_form_offers_news_and_must_read_only_to_those_who_may_publish(client, w):
    member_form = login(client, w.member).get(f"/c/{w.community.pk}/posts/new/").context["form"]
    assert PostKind.NEWS not in dict(member_form.fields["kind"].choices)
    assert "must_read" not in member_form.fields
    editor_form = login(client, w.editor).get(f"/c/{w.community.pk}/posts/new/").context["form"]
    assert PostKind.NEWS in dict(editor_form.fields["kind"].choices)
    assert "must_read" in editor_form.fields


def test_a_member_publishes_a_post(client, w):
    response = _new(
        client,
        w,
        w.member,
        title="Pricing the night patrol",
        body="First paragraph.\n\nSecond paragraph,\nwith a line break.",
        tags="Pricing, night patrol",
    )

    post = PostPage.objects.get(title="Pricing the night patrol")
    assert response.status_code == 302 and response["Location"] == post.url
    assert post.live and post.owner == w.member.user and post.community_id == w.community.pk
    assert post.body == "<p>First paragraph.</p><p>Second paragraph,<br>with a line break.</p>"
    assert sorted(t.name for t in post.tags.all()) == ["night patrol", "pricing"]
    assert Activity.objects.filter(post=post, verb=Verb.POSTED, actor=w.member.user).exists()
    page = client.get(post.url)
    assert page.status_code == 200 and "Second paragraph," in text(page)


def test_two_posts_with_one_title_get_their_own_addresses(client, w):
    first = _new(client, w, w.member, title="Visit at the hospital")
    second = _new(client, w, w.member, title="Visit at the hospital")
    assert first["Location"] != second["Location"]
    assert PostPage.objects.filter(title="Visit at the hospital").count() == 3
    assert client.get(second["Location"]).status_code == 200


def test_meeting_notes_name_the_customer_and_products(client, w):
    response = _new(
        client,
        w,
        w.member,
        kind=PostKind.MEETING,
        title="Meeting with Region Vast",
        customers=[w.customer.pk],
        products=[w.product.pk],
    )
    assert response.status_code == 302
    post = PostPage.objects.get(title="Meeting with Region Vast")
    assert list(post.customers.all()) == [w.customer]
    assert list(post.products.all()) == [w.product]
    assert "Region Vast" in text(client.get(post.url))


def test_meeting_notes_without_customer_or_products_are_refused(client, w):
    before = _posts()
    response = _new(client, w, w.member, kind=PostKind.MEETING, title="Meeting")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Meeting notes name the customer" in errors["customers"][0]
    assert "Meeting notes name the customer" in errors["products"][0]
    assert "Nothing has been published yet." in text(response)
    assert _posts() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required"),
        ("title", "   ", "This field is required"),
        ("title", "x" * 201, "at most 200 characters"),
        ("body", "", "This field is required"),
        ("body", " \n\n \n", "This field is required"),
        ("body", "<p> </p><br>", "Write something in the post."),
        ("body", "<script>alert(1)</script>", "Write something in the post."),
        ("body", "x" * 20_001, "at most 20000 characters"),
        ("kind", "poem", "Select a valid choice"),
        ("kind", PostKind.NEWS, "Select a valid choice"),  # members may not publish news
        ("customers", ["999999"], "Select a valid choice"),
        ("products", ["999999"], "Select a valid choice"),
        ("customers", ["not-a-number"], "is not a valid value"),
        ("tags", ", ".join(f"tag{n}" for n in range(16)), "at most 15 tags"),
        ("tags", "x" * 60, "under 51 characters"),
    ],
)
def test_bad_input_gets_a_form_error_and_publishes_nothing(client, w, field, value, message):
    before = _posts(), Activity.objects.count()
    response = _new(client, w, w.member, **{field: value})
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert (_posts(), Activity.objects.count()) == before


def test_only_news_can_be_a_must_read(client, w):
    before = _posts()
    response = _new(client, w, w.editor, kind=PostKind.BLOG, must_read="on")
    assert response.status_code == 400
    assert response.context["form"].errors["must_read"] == ["Only news can be a must-read."]
    assert _posts() == before


def test_a_must_read_box_sent_by_a_member_is_ignored(client, w):
    """Members' forms have no must-read box (they may not publish news); a forged one is
    dropped like any unknown field rather than refused, and the post is published as usual."""
    response = _new(client, w, w.member, title="Not urgent", must_read="on")
    assert response.status_code == 302
    assert PostPage.objects.get(title="Not urgent").must_read is False


def test_an_editor_publishes_must_read_news_and_sees_who_read_it(client, w):
    response = _new(
        client,
        w,
        w.editor,
        kind=PostKind.NEWS,
        title="New price list",
        must_read="on",
        body="Read it.",
    )
    assert response.status_code == 302
    news = PostPage.objects.get(title="New price list")
    assert news.must_read

    login(client, w.member)
    home = client.get(w.community.url)
    assert [post.pk for post in home.context["unread_must_read"]] == [news.pk]
    assert client.get(news.url).status_code == 200
    assert ReadReceipt.objects.filter(post=news, user=w.member.user).count() == 1
    client.get(news.url)
    assert ReadReceipt.objects.filter(post=news).count() == 1  # read once
    assert list(client.get(w.community.url).context["unread_must_read"]) == []

    page = login(client, w.editor).get(news.url)
    readers = [receipt.user.username for receipt in page.context["readers"]]
    assert readers == ["member", "editor"]  # the editor has just read it too
    assert "Read by 2 people" in text(page)


# Editing and unpublishing


def test_the_author_edits_their_post_in_place(client, w):
    login(client, w.member)
    form = client.get(f"/c/posts/{w.post.pk}/edit/").context["form"]
    assert form.initial["title"] == "Visit at the hospital"
    revisions = w.post.revisions.count()

    response = client.post(
        f"/c/posts/{w.post.pk}/edit/", post_data(title="Visit at the county hospital")
    )

    assert response.status_code == 302 and response["Location"] == w.post.url
    post = reload(w.post)
    assert post.title == "Visit at the county hospital" and post.slug == w.post.slug
    assert post.revisions.count() == revisions + 1
    assert post.owner == w.member.user


def test_a_bad_edit_changes_nothing(client, w):
    response = login(client, w.member).post(
        f"/c/posts/{w.post.pk}/edit/", post_data(title="", body="")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "body"}
    post = reload(w.post)
    assert post.title == "Visit at the hospital" and "We met the customer." in post.body


def test_an_unpublished_post_is_gone_for_everyone(client, w):
    response = login(client, w.editor).post(f"/c/posts/{w.post.pk}/unpublish/")
    assert response.status_code == 302 and response["Location"] == w.community.url
    assert not reload(w.post).live
    assert client.get(w.post.url).status_code == 404  # editors included
    assert client.post(f"/c/posts/{w.post.pk}/unpublish/").status_code == 404
    assert "Visit at the hospital" not in text(client.get(w.community.url))


# Hostile HTML

XSS_POST = (
    "Hello <script>alert('body')</script> team.\n\n"
    '<img src="x.png" onerror="alert(1)"> and <b onclick="alert(2)">bold</b>\n\n'
    '<a href="javascript:alert(3)">a link</a> <a href=" JaVaScRiPt:alert(4)">another</a> '
    '<a href="https://example.com/" onmouseover="alert(5)">a real one</a>'
)
XSS_BLOCKS = (
    '<p onclick="alert(6)">Block <svg onload="alert(7)"></svg></p>'
    '<iframe src="javascript:alert(8)"></iframe><style>p{}</style>'
    '<ul><li><a href="data:text/html,alert(9)">data</a></li></ul>'
)


HOSTILE = [
    "<script",
    "alert(",
    "onerror",
    "onclick",
    "onload",
    "onmouseover",
    "javascript:",
    "<iframe",
    "<svg",
    "<style",
    "data:text",
]


def _harmless(html):
    lowered = re.sub(r'<script src="/static/[\w/.-]+" defer></script>', "", html.lower())
    return not any(bad in lowered for bad in HOSTILE)


@pytest.mark.parametrize("body", [XSS_POST, XSS_BLOCKS])
def test_scripts_and_event_handlers_are_stored_and_shown_without_them(client, w, body):
    response = _new(client, w, w.member, title="Tricky", body=body)
    assert response.status_code == 302
    post = PostPage.objects.get(title="Tricky")
    assert _harmless(post.body), post.body
    page = text(client.get(post.url))
    assert _harmless(page)
    if body == XSS_POST:
        assert "<b>bold</b>" in post.body
        assert '<a href="https://example.com/" rel="noopener noreferrer nofollow">' in page
    else:
        assert "<p>Block </p>" in post.body and "<li>" in post.body


def test_a_title_with_markup_is_shown_as_text(client, w):
    _new(client, w, w.member, title='<script>alert("title")</script>')
    post = PostPage.objects.get(title='<script>alert("title")</script>')  # stored as typed
    page = text(client.get(post.url))
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<script>alert" not in text(client.get(w.community.url))


def test_an_edit_with_hostile_html_is_cleaned_too(client, w):
    login(client, w.member).post(
        f"/c/posts/{w.post.pk}/edit/", post_data(title="Edited", body=XSS_BLOCKS)
    )
    assert _harmless(reload(w.post).body)


# Addresses that do not fit


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/c/999999/posts/new/", 404),
        ("post", "/c/999999/posts/new/", 404),
        ("get", "/c/posts/999999/edit/", 404),
        ("post", "/c/posts/999999/unpublish/", 404),
        ("get", "/c/posts/{post.pk}/unpublish/", 405),
        ("post", "/c/tags/", 405),
    ],
)
def test_unknown_posts_answer_404_and_actions_only_take_post(client, w, method, url, status):
    response = getattr(login(client, w.editor), method)(url.format(post=w.post))
    assert response.status_code == status
    assert reload(w.post).live
