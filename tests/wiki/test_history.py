"""A wiki page's history: the list of revisions, comparing two, reading an old one, restoring it."""

from types import SimpleNamespace

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from intranet.notifications.models import Notification, Verb
from intranet.wiki.models import Watch, WikiPage
from intranet.wiki.views import HISTORY_PER_PAGE
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, fresh, login, reload, text
from tests.wiki.builders import edit_wiki_page, make_wiki_page

pytestmark = pytest.mark.django_db

FIRST_TEXT = "Keep this line.\n\nDrop this line."
SECOND_TEXT = "Keep this line.\n\nAdded one.\n\nAdded two."


def _when(revision):
    return date_filter(timezone.localtime(revision.created_at), "j M Y, H:i")


def _revisions(page):
    """The page's revisions, oldest first."""
    return list(page.revisions.order_by("created_at", "pk"))


def _build_scene():
    """An open community's page written by a member and changed by an editor, and a watcher.

    Built once for the module; each test runs in its own transaction and sees it afresh.
    """
    community = make_community("Facility Services")
    author, editor, watcher = make_person("author"), make_person("editor"), make_person("watcher")
    add_member(community, author)
    add_member(community, editor, role="editor")
    add_member(community, watcher)
    page = make_wiki_page(
        community, author, title="Cleaning", text=FIRST_TEXT, summary="Wrote the basics"
    )
    page = edit_wiki_page(page, editor, SECOND_TEXT, summary="Listed what we add")
    Watch.objects.create(page=page, user=watcher.user)
    first, second = _revisions(page)
    other = make_wiki_page(community, author, title="Windows", text="Other text")
    return SimpleNamespace(
        community=community,
        author=author,
        editor=editor,
        watcher=watcher,
        page=page,
        first=first,
        second=second,
        other=other,
    )


world = built_once(_build_scene)


@pytest.fixture
def scene(db, world):
    return fresh(world)


def _history(page, query=""):
    return f"/wiki/pages/{page.pk}/history/{query}"


def _compare(page, old, new):
    return f"/wiki/pages/{page.pk}/compare/?old={old}&new={new}"


def _restore(page, revision):
    return f"/wiki/pages/{page.pk}/revisions/{revision.pk}/restore/"


class HistoryTests:
    def test_it_lists_every_revision_newest_first_with_author_date_and_summary(self, client, scene):
        login(client, scene.watcher)

        response = client.get(_history(scene.page))

        assert response.status_code == 200
        listed = list(response.context["history"].object_list)
        assert [r.pk for r in listed] == [scene.second.pk, scene.first.pk]
        assert [r.summary for r in listed] == ["Listed what we add", "Wrote the basics"]
        body = text(response)
        newer, older = body.index("Listed what we add"), body.index("Wrote the basics")
        assert newer < older
        assert "Editor Tester" in body[:newer] and "Author Tester" in body[newer:older]
        assert _when(scene.second) in body and _when(scene.first) in body
        assert body.count('<span class="badge">current</span>') == 1
        assert reload(scene.page).latest_revision_id == scene.second.pk
        assert scene.page.revisions.count() == 2

    def test_it_takes_each_summary_from_its_own_revision(self, client, scene):
        """The page row holds only the latest summary; older ones come from the revisions."""
        page = edit_wiki_page(scene.page, scene.editor, "Third text.", summary="Third time")
        login(client, scene.watcher)

        response = client.get(_history(page))

        assert response.status_code == 200
        assert reload(page).edit_summary == "Third time"
        for summary in ("Third time", "Listed what we add", "Wrote the basics"):
            assert f"<td>{summary}</td>" in text(response)

    def test_it_shows_unknown_for_a_revision_without_an_author(self, client, scene):
        page = reload(scene.page)
        page.edit_summary = "By nobody"
        revision = page.save_revision(user=None)
        login(client, scene.watcher)

        response = client.get(_history(page))

        assert response.status_code == 200
        assert revision.user_id is None
        assert response.context["history"].object_list[0].pk == revision.pk
        assert '<span class="muted">unknown</span>' in text(response)

    def test_it_paginates_at_50_revisions(self, client, scene):
        page = reload(scene.page)
        for number in range(HISTORY_PER_PAGE - 1):
            page.edit_summary = f"Tweak {number}"
            page.save_revision(user=scene.editor.user)
        assert page.revisions.count() == HISTORY_PER_PAGE + 1
        login(client, scene.watcher)

        first_page = client.get(_history(page))
        second_page = client.get(_history(page, "?page=2"))

        assert HISTORY_PER_PAGE == 50
        assert first_page.status_code == second_page.status_code == 200
        first_rows = first_page.context["history"].object_list
        assert len(first_rows) == 50
        assert first_rows[0].summary == f"Tweak {HISTORY_PER_PAGE - 2}"
        assert [r.pk for r in second_page.context["history"].object_list] == [scene.first.pk]
        assert "Page 1 of 2" in text(first_page) and 'rel="next"' in text(first_page)
        assert "Wrote the basics" not in text(first_page)
        assert "Wrote the basics" in text(second_page)

    def test_it_shows_the_last_page_for_a_page_number_too_far(self, client, scene):
        login(client, scene.watcher)

        response = client.get(_history(scene.page, "?page=99"))

        assert response.status_code == 200
        assert len(response.context["history"].object_list) == 2
        assert scene.page.revisions.count() == 2


class CompareTests:
    def test_it_highlights_the_added_and_removed_lines(self, client, scene):
        login(client, scene.watcher)

        response = client.get(_compare(scene.page, scene.first.pk, scene.second.pk))

        assert response.status_code == 200
        body = text(response)
        assert "<del>Drop this line.</del>" in body
        assert "<ins>Added one.</ins>" in body and "<ins>Added two.</ins>" in body
        assert "<ins>Keep this line.</ins>" not in body and "<del>Keep this line.</del>" not in body
        assert (response.context["added"], response.context["removed"]) == (2, 1)
        assert scene.page.revisions.count() == 2

    def test_it_highlights_the_words_that_changed_in_a_line(self, client, scene):
        page = edit_wiki_page(scene.page, scene.editor, SECOND_TEXT.replace("two", "three"))
        third = _revisions(page)[-1]
        login(client, scene.watcher)

        response = client.get(_compare(page, scene.second.pk, third.pk))

        assert response.status_code == 200
        assert "Added <del>two.</del><ins>three.</ins>" in text(response)
        assert page.revisions.count() == 3

    def test_it_puts_the_older_revision_first_when_asked_the_other_way_round(self, client, scene):
        login(client, scene.watcher)

        response = client.get(_compare(scene.page, scene.second.pk, scene.first.pk))

        assert response.status_code == 200
        assert response.context["old"].pk == scene.first.pk
        assert response.context["new"].pk == scene.second.pk
        body = text(response)
        assert "<del>Drop this line.</del>" in body and "<ins>Added one.</ins>" in body
        assert "<ins>Drop this line.</ins>" not in body
        assert scene.page.revisions.count() == 2

    def test_it_says_so_when_the_visible_text_is_the_same(self, client, scene):
        login(client, scene.watcher)

        response = client.get(_compare(scene.page, scene.second.pk, scene.second.pk))

        assert response.status_code == 200
        assert response.context["rows"] == []
        assert "The visible text is the same in both versions." in text(response)
        assert scene.page.revisions.count() == 2

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "?old=1",
            "?new=1",
            "?old=&new=",
            "?old=abc&new=def",
            "?old=1.5&new=2",
            "?old=0&new=1",
            "?old=-3&new=1",
            "?old=%20&new=1",
        ],
        ids=[
            "missing",
            "only-old",
            "only-new",
            "empty",
            "letters",
            "decimal",
            "zero",
            "negative",
            "blank",
        ],
    )
    def test_it_answers_400_to_missing_or_invalid_revisions(self, client, scene, query):
        login(client, scene.watcher)

        response = client.get(f"/wiki/pages/{scene.page.pk}/compare/{query}")

        assert response.status_code == 400
        assert "Choose two versions from the page's history" in text(response)
        assert "rows" not in response.context
        assert scene.page.revisions.count() == 2

    def test_it_answers_404_to_a_revision_of_another_page(self, client, scene):
        other = scene.other
        foreign = other.latest_revision_id
        login(client, scene.watcher)

        as_old = client.get(_compare(scene.page, foreign, scene.second.pk))
        as_new = client.get(_compare(scene.page, scene.first.pk, foreign))

        assert as_old.status_code == as_new.status_code == 404
        assert WikiPage.objects.get(pk=other.pk).revisions.filter(pk=foreign).exists()

    def test_it_answers_404_to_a_revision_that_does_not_exist(self, client, scene):
        login(client, scene.watcher)

        missing = client.get(_compare(scene.page, scene.first.pk, 987654))
        huge = client.get(_compare(scene.page, scene.first.pk, 10**30))

        assert missing.status_code == huge.status_code == 404
        assert scene.page.revisions.count() == 2


class ViewRevisionTests:
    def test_it_renders_the_old_text(self, client, scene):
        login(client, scene.watcher)

        response = client.get(f"/wiki/pages/{scene.page.pk}/revisions/{scene.first.pk}/")

        assert response.status_code == 200
        body = text(response)
        assert "Drop this line." in body and "Added one." not in body
        when = date_filter(_local(scene.first), "j F Y, H:i")
        assert f"You are reading the version of {when} by Author Tester." in body
        assert f"?old={scene.first.pk}&amp;new={scene.second.pk}" in body
        assert "Restore this version" not in body  # a plain member may not restore
        assert reload(scene.page).latest_revision_id == scene.second.pk

    def test_it_offers_an_editor_to_restore_an_old_revision_but_not_the_current_one(
        self, client, scene
    ):
        login(client, scene.editor)

        old = client.get(f"/wiki/pages/{scene.page.pk}/revisions/{scene.first.pk}/")
        current = client.get(f"/wiki/pages/{scene.page.pk}/revisions/{scene.second.pk}/")

        assert old.status_code == current.status_code == 200
        assert "Restore this version" in text(old)
        assert "Restore this version" not in text(current)
        assert "Added one." in text(current)
        assert scene.page.revisions.count() == 2

    def test_it_answers_404_to_a_revision_of_another_page(self, client, scene):
        other = scene.other
        login(client, scene.watcher)

        response = client.get(f"/wiki/pages/{scene.page.pk}/revisions/{other.latest_revision_id}/")

        assert response.status_code == 404
        assert "Other text" not in text(response)
        assert WikiPage.objects.get(pk=other.pk).revisions.count() == 1


def _local(revision):
    return timezone.localtime(revision.created_at)


class RestoreTests:
    def test_it_publishes_the_old_version_as_a_new_revision(self, client, scene):
        login(client, scene.editor)

        response = client.post(_restore(scene.page, scene.first))

        assert response.status_code == 302
        assert response["Location"] == scene.page.url
        page = reload(scene.page)
        revisions = _revisions(page)
        assert [r.pk for r in revisions[:2]] == [scene.first.pk, scene.second.pk]
        assert len(revisions) == 3
        restored = revisions[-1]
        assert page.latest_revision_id == page.live_revision_id == restored.pk
        assert restored.user_id == scene.editor.user.pk
        old_body = list(scene.first.as_object().body.raw_data)
        assert "Drop this line." in str(old_body)
        assert list(page.body.raw_data) == old_body
        assert list(restored.as_object().body.raw_data) == old_body
        when = _local(scene.first).strftime("%Y-%m-%d %H:%M")
        assert page.edit_summary == f"Restored the version of {when}"
        assert restored.content["edit_summary"] == f"Restored the version of {when}"

    def test_it_shows_the_restored_text_and_summary(self, client, scene):
        login(client, scene.editor)

        client.post(_restore(scene.page, scene.first))
        page_view = client.get(scene.page.url)
        history = client.get(_history(scene.page))

        assert page_view.status_code == history.status_code == 200
        assert "Drop this line." in text(page_view) and "Added one." not in text(page_view)
        assert (
            history.context["history"].object_list[0].summary.startswith("Restored the version of ")
        )
        assert reload(scene.page).revisions.count() == 3

    def test_it_notifies_the_watchers_with_the_restored_verb(self, client, scene):
        """The author watches since writing the page; the editor restoring it hears nothing."""
        Watch.objects.create(page=scene.page, user=scene.editor.user)
        earlier = set(Notification.objects.values_list("pk", flat=True))
        login(client, scene.editor)

        response = client.post(_restore(scene.page, scene.first))

        assert response.status_code == 302
        sent = Notification.objects.exclude(pk__in=earlier)
        assert sorted((n.recipient_id, n.verb) for n in sent) == sorted(
            [
                (scene.author.user.pk, Verb.WIKI_RESTORED),
                (scene.watcher.user.pk, Verb.WIKI_RESTORED),
            ]
        )
        for note in sent:
            assert note.verb == "wiki_restored"
            assert note.actor_id == scene.editor.user.pk
            assert note.subject == "Cleaning"
            assert note.detail.startswith("Restored the version of ")
            assert note.url == scene.page.url and note.community_id == scene.community.pk

    def test_it_keeps_the_curation_of_the_page(self, client, scene):
        WikiPage.objects.filter(pk=scene.page.pk).update(curator=scene.watcher.user)
        login(client, scene.editor)

        response = client.post(_restore(scene.page, scene.first))

        assert response.status_code == 302
        page = reload(scene.page)
        assert page.revisions.count() == 3
        assert page.curator_id == scene.watcher.user.pk

    def test_it_does_nothing_when_asked_to_restore_the_current_revision(self, client, scene):
        login(client, scene.editor)

        earlier = Notification.objects.count()

        response = client.post(_restore(scene.page, scene.second))

        assert response.status_code == 302
        assert response["Location"] == scene.page.url
        page = reload(scene.page)
        assert page.revisions.count() == 2
        assert page.latest_revision_id == scene.second.pk
        assert page.edit_summary == "Listed what we add"
        assert Notification.objects.count() == earlier

    def test_it_answers_404_to_a_revision_of_another_page(self, client, scene):
        other = scene.other
        login(client, scene.editor)

        response = client.post(
            f"/wiki/pages/{scene.page.pk}/revisions/{other.latest_revision_id}/restore/"
        )

        assert response.status_code == 404
        page = reload(scene.page)
        assert page.revisions.count() == 2 and "Other text" not in str(page.body.raw_data)

    def test_it_refuses_a_get(self, client, scene):
        login(client, scene.editor)

        response = client.get(_restore(scene.page, scene.first))

        assert response.status_code == 405
        assert reload(scene.page).revisions.count() == 2

    def test_it_refuses_to_bring_back_a_title_another_page_now_has(self, client, scene):
        """Renamed from "Cleaning" to "Office cleaning", then someone wrote a new "Cleaning":
        restoring the first version is refused with a message, not a server error."""
        page = edit_wiki_page(scene.page, scene.editor, SECOND_TEXT, title="Office cleaning")
        newcomer = make_wiki_page(scene.community, scene.author, title="Cleaning", watch=False)
        client.raise_request_exception = False
        login(client, scene.editor)

        response = client.post(_restore(page, scene.first))

        page = reload(page)
        assert page.revisions.count() == 3
        assert page.title == "Office cleaning"
        titles = WikiPage.objects.live().filter(community=scene.community, title_key="cleaning")
        assert list(titles.values_list("pk", flat=True)) == [newcomer.pk]
        assert response.status_code in (302, 400, 409)
