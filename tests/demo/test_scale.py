"""load_scale at a tiny size, on top of the demo: the counts it promises, a sound page tree,
pages that render, access that holds, files that download, search that finds, and counters
that agree with their records.

The demo and the scale data are loaded once for the module, inside a transaction rolled back
afterwards (as in test_translations.py); each test runs in its own transaction inside it.
"""

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import TestCase
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page

from intranet.community.models import (
    CommunityPage,
    Membership,
    PostPage,
    Role,
    Status,
    Visibility,
)
from intranet.demo.scale import (
    BUSIEST,
    COMMUNITIES,
    DISCUSSION,
    LONG_HISTORY,
    LONG_HISTORY_TITLE,
    ScaleLoader,
)
from intranet.leads.models import Lead
from intranet.learning import services as learning
from intranet.learning.models import Enrolment, StepProgress
from intranet.library.models import LibraryFile, LibraryItemPage
from intranet.people.models import Profile, User
from intranet.recognition import services as recognition
from intranet.search import languages
from intranet.search.documents import build, key_of
from intranet.search.models import SearchEntry
from intranet.wiki import links
from intranet.wiki.models import WikiLink, WikiPage

SCALE = 0.002
SEED = 7
GENERATED = {slugify(row[0]) for row in COMMUNITIES}


def _counts():
    return {
        "people": User.objects.count(),
        "communities": CommunityPage.objects.count(),
        "posts": PostPage.objects.count(),
        "wiki pages": WikiPage.objects.count(),
        "library items": LibraryItemPage.objects.count(),
        "leads": Lead.objects.count(),
        "enrolments": Enrolment.objects.count(),
    }


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        before = _counts()
        before["last page"] = Page.objects.order_by("-pk").values_list("pk", flat=True)[0]
        before["last lead"] = Lead.objects.order_by("-pk").values_list("pk", flat=True)[0]
        before["tree problems"] = Page.find_problems()
        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_scale", scale=SCALE, seed=SEED, stdout=out)
        yield SimpleNamespace(output=out.getvalue(), before=before)
        transaction.set_rollback(True)


@pytest.fixture
def loaded(db, scaled):
    return scaled


def generated(loaded, model):
    """The pages of `model` that load_scale wrote."""
    return model.objects.filter(pk__gt=loaded.before["last page"])


def member_of(community):
    found = Membership.objects.filter(
        community=community, status=Status.ACTIVE, user__is_superuser=False
    ).first()
    return found.user


# First: it needs a database without the demo, which the module's fixture would fill.
def test_it_refuses_to_run_without_the_demo(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_scale", scale=SCALE, stdout=StringIO())


def test_it_refuses_to_load_twice(loaded):
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_scale", scale=SCALE, stdout=StringIO())


def test_it_adds_what_the_scale_promises(loaded):
    loader = ScaleLoader(scale=SCALE)
    added = {name: count - loaded.before[name] for name, count in _counts().items()}
    for name in ("people", "communities", "posts", "wiki pages", "library items", "leads"):
        assert added[name] == loader.size(name), name
    assert 0 < added["enrolments"] <= loader.size("enrolments")
    assert f"{loader.size('posts'):>10,}" in loaded.output
    assert "Done in" in loaded.output


def test_its_communities_have_every_policy(loaded):
    communities = CommunityPage.objects.filter(slug__in=GENERATED)
    for axis in ("visibility", "joining", "participation"):
        field = CommunityPage._meta.get_field(axis)
        values = set(communities.values_list(axis, flat=True))
        assert values == {value for value, _label in field.choices}, axis


def test_every_new_seller_is_in_the_sales_community(loaded):
    sales = CommunityPage.objects.get(slug="sales", locale__language_code="en")
    sellers = Profile.objects.filter(job_functions__slug__in=["sales-rep", "key-account-manager"])
    members = Membership.objects.filter(community=sales, status=Status.ACTIVE)
    assert set(sellers.values_list("user", flat=True)) <= set(
        members.values_list("user", flat=True)
    )


def test_it_leaves_no_problems_in_the_page_tree(loaded):
    # Loaded in a test, the demo's Swedish pages already count their children wrong (numchild
    # 0), before load_scale runs; a demo loaded by manage.py has no problems at all.
    assert Page.find_problems() == loaded.before["tree problems"]
    sales = CommunityPage.objects.get(slug="sales", locale__language_code="en")
    for community in [sales, *CommunityPage.objects.filter(slug__in=GENERATED)]:
        assert Page.find_problems(parent=community) == ([], [], [], [], [])


def test_the_busiest_posts_have_exactly_fifty_comments(loaded):
    counts = PostPage.objects.annotate(n=Count("comments")).values_list("n", flat=True)
    assert sorted(counts)[-BUSIEST:] == [DISCUSSION] * BUSIEST
    assert sorted(counts)[-BUSIEST - 1] < DISCUSSION


def test_a_post_with_fifty_comments_renders_for_a_member_with_its_comments(client, loaded):
    post = PostPage.objects.annotate(n=Count("comments")).filter(n=DISCUSSION).first()
    client.force_login(member_of(post.community))
    response = client.get(post.url)
    assert response.status_code == 200
    page = response.content.decode()
    for pk in post.comments.values_list("pk", flat=True):
        assert f'id="comment-{pk}"' in page


def test_a_private_communitys_post_is_hidden_from_outsiders(client, loaded):
    community = CommunityPage.objects.filter(
        slug__in=GENERATED, visibility__in=[Visibility.PRIVATE, Visibility.SECRET]
    ).first()
    post = PostPage.objects.filter(community=community).first()
    outsider = User.objects.exclude(memberships__community=community).filter(
        is_superuser=False, pk__in=Profile.objects.values("user")
    )
    client.force_login(outsider.first())
    assert client.get(post.url).status_code == 404
    client.force_login(member_of(community))
    assert client.get(post.url).status_code == 200


def test_a_library_file_downloads_for_a_member(client, loaded):
    library_file = LibraryFile.objects.filter(item__in=generated(loaded, LibraryItemPage)).last()
    client.force_login(member_of(library_file.item.community))
    response = client.get(reverse("library:download_file", args=[library_file.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert len(content) == library_file.size == library_file.document.file_size


def test_search_finds_a_generated_post_by_a_word_of_its_title(client, loaded):
    post = generated(loaded, PostPage).filter(community__slug="sales").last()
    words = re.findall(r"[A-Za-z]{5,}", post.title)
    word = min(words, key=lambda w: SearchEntry.objects.filter(title__icontains=w).count())
    client.force_login(User.objects.get(username="rep"))
    response = client.get(reverse("search:search"), {"q": word})
    assert response.status_code == 200
    assert post.url in response.content.decode()


def test_the_long_history_page_shows_its_history(client, loaded):
    page = WikiPage.objects.get(title=LONG_HISTORY_TITLE)
    revisions = list(page.revisions.order_by("created_at", "pk").values_list("pk", flat=True))
    assert len(revisions) == LONG_HISTORY
    assert page.latest_revision_id == page.live_revision_id == revisions[-1]
    client.force_login(User.objects.get(username="editor"))
    assert client.get(page.url).status_code == 200
    assert client.get(reverse("wiki:page_history", args=[page.pk])).status_code == 200
    compare = reverse("wiki:compare_revisions", args=[page.pk])
    response = client.get(compare, {"old": revisions[10], "new": revisions[11]})
    assert response.status_code == 200


def test_awards_match_their_records(loaded):
    assert recognition.from_scratch() == recognition.current()


def test_memberships_match_their_wagtail_groups(loaded):
    for community in CommunityPage.objects.filter(slug__in=GENERATED):
        active = Membership.objects.filter(community=community, status=Status.ACTIVE)
        members = User.objects.filter(groups__name=f"Community {community.pk}: members")
        editors = User.objects.filter(groups__name=f"Community {community.pk}: editors")
        assert set(active.values_list("user", flat=True)) == set(
            members.values_list("pk", flat=True)
        )
        assert set(active.filter(role=Role.EDITOR).values_list("user", flat=True)) == set(
            editors.values_list("pk", flat=True)
        )


def test_pages_point_at_their_newest_revision(loaded):
    for model in (PostPage, WikiPage, LibraryItemPage):
        for page in generated(loaded, model):
            newest = page.revisions.order_by("-pk").first()
            assert page.latest_revision_id == page.live_revision_id == newest.pk
            assert page.draft_title == page.title == newest.as_object().title


def test_wiki_links_match_the_pages_text(loaded):
    for page in generated(loaded, WikiPage):
        stored = {link.target_key: link for link in WikiLink.objects.filter(source=page)}
        assert set(stored) == set(links.titles_in(page.body.raw_data))
        targets = links.live_pages(page.community_id, stored)
        for key, link in stored.items():
            assert link.target_id == (targets[key].pk if key in targets else None)


def test_leads_agree_with_their_hand_offs(loaded):
    for lead in Lead.objects.filter(pk__gt=loaded.before["last lead"]):
        last = lead.handoffs.order_by("-routed_at", "-pk").first()
        assert (last.receiver_id if last else None) == lead.receiver_id
        if lead.accepted_at:
            assert lead.accept_seconds == int((lead.accepted_at - lead.routed_at).total_seconds())


def test_learners_progress_agrees_with_their_activity(loaded):
    """Exchange steps are done when their goal is met: checking the goals changes nothing."""
    before = StepProgress.objects.count()
    for enrolment in Enrolment.objects.filter(withdrawn_at=None, completed_at=None):
        learning.check_goals(enrolment)
    assert StepProgress.objects.count() == before
    for enrolment in Enrolment.objects.exclude(completed_at=None):
        steps = enrolment.path.steps.count()
        assert enrolment.progress.filter(status="done").count() == steps


def test_everything_generated_is_in_the_search_index(loaded):
    pages = [
        *generated(loaded, PostPage),
        *generated(loaded, WikiPage),
        *generated(loaded, LibraryItemPage),
    ]
    entries = SearchEntry.objects.in_bulk([key_of(page) for page in pages], field_name="key")
    assert [entries[key_of(page)].url for page in pages] == [page.url for page in pages]
    people = SearchEntry.objects.filter(kind="person").count()
    assert people == Profile.objects.filter(user__is_active=True).count()
    for entry in entries.values():
        if connection.vendor == "postgresql":  # PostgreSQL analyses the text itself
            assert entry.vector
        else:
            text = f"{entry.title}\n{entry.body}"
            assert entry.stemmed == languages.stemmed(entry.language, text)


def test_search_entries_are_what_a_rebuild_writes(loaded):
    post = generated(loaded, PostPage).annotate(n=Count("comments")).filter(n__gt=2).first()
    entry = build(post)
    row = SearchEntry.objects.get(key=entry.key)
    assert (row.title, row.body, row.url, row.date) == (
        entry.title,
        entry.body,
        entry.url,
        entry.date,
    )
    assert set(row.access.values_list("key", flat=True)) == set(entry.access)
    facets = {(f.name, f.value, f.label) for f in row.facets.all()}
    assert facets == set(entry.facets)
