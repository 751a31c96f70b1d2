"""Keeping a wiki accurate: locks, reviews, curators and review dates, the report of pages that
need attention, and the wanted pages that links ask for."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from wagtail.models import PageLogEntry

from intranet.community.models import Role
from intranet.wiki.models import WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, fresh, login, reload, text
from tests.wiki.builders import edit_form, edit_wiki_page, make_wiki_page, wiki_of

TODAY = timezone.localdate


def _build():
    world = SimpleNamespace(
        rep=make_person("rep"),
        sponsor=make_person("sponsor", first_name="Anders"),
        editor=make_person("editor", first_name="Eva"),
        stranger=make_person("stranger"),
        community=make_community("Sales Community"),
        team=make_community("Bid Team", preset="bid_team"),
    )
    add_member(world.community, world.rep)
    add_member(world.community, world.sponsor)
    add_member(world.community, world.editor, role=Role.EDITOR)
    add_member(world.team, world.rep)
    add_member(world.team, world.editor, role=Role.EDITOR)
    world.wiki = wiki_of(world.community)
    world.page = make_wiki_page(world.community, world.rep, "Office cleaning", "First text.")
    world.bid_page = make_wiki_page(world.team, world.rep, "Tender calendar", "Dates.")
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _edit_link(page):
    return f'href="/wiki/pages/{page.pk}/edit/"'


def _page_state(page):
    page = reload(page)
    return (
        page.locked,
        page.locked_by_id,
        page.curator_id,
        page.review_by,
        page.last_reviewed_at,
        page.last_reviewed_by_id,
        page.latest_revision_id,
    )


def _long_date(day):
    """A date, or a moment as the date it is in the site's time zone (as templates show it)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day)
    return date_format(day, "j F Y")


def _lock_in_database(page, editor):
    """Lock as the lock button would, straight in the database."""
    WikiPage.objects.filter(pk=page.pk).update(
        locked=True, locked_by=editor.user, locked_at=timezone.now()
    )


class LockTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_locks_a_page_from_the_lock_button(self, client, w):
        response = login(client, w.editor).post(f"/wiki/pages/{w.page.pk}/lock/")

        assert response.status_code == 302 and response["Location"] == w.page.url
        page = reload(w.page)
        assert page.locked and page.locked_by == w.editor.user and page.locked_at is not None
        assert PageLogEntry.objects.filter(page=page, action="wagtail.lock").exists()

    def test_it_unlocks_the_page_again(self, client, w):
        _lock_in_database(w.page, w.editor)
        response = login(client, w.editor).post(f"/wiki/pages/{w.page.pk}/lock/")
        assert response.status_code == 302
        page = reload(w.page)
        assert not page.locked and page.locked_by is None and page.locked_at is None
        assert PageLogEntry.objects.filter(page=page, action="wagtail.unlock").exists()

    def test_a_locked_page_says_so_and_hides_the_edit_button_from_members(self, client, w):
        _lock_in_database(w.page, w.editor)
        page = reload(w.page)
        editor_view = text(login(client, w.editor).get(page.url))
        assert _edit_link(page) in editor_view and ">Unlock</button>" in editor_view

        login(client, w.sponsor)
        shown = client.get(page.url)
        assert shown.status_code == 200
        assert '<span class="badge">Locked</span>' in text(shown)
        assert "An editor has locked this page." in text(shown)
        assert _edit_link(page) not in text(shown)
        assert ">Lock</button>" not in text(shown) and ">Unlock</button>" not in text(shown)
        assert reload(w.page).locked

    def test_an_unlocked_page_offers_members_the_edit_button(self, client, w):
        shown = text(login(client, w.sponsor).get(w.page.url))
        assert "Locked</span>" not in shown and _edit_link(w.page) in shown
        assert not reload(w.page).locked

    def test_it_refuses_a_members_edit_of_a_locked_page(self, client, w):
        _lock_in_database(w.page, w.editor)
        before = _page_state(w.page)
        login(client, w.sponsor)
        assert client.get(f"/wiki/pages/{w.page.pk}/edit/").status_code == 403
        refused = client.post(f"/wiki/pages/{w.page.pk}/edit/", edit_form(w.page, body="Mine"))
        assert refused.status_code == 403
        assert _page_state(w.page) == before
        assert "Mine" not in repr(list(reload(w.page).body.raw_data))

    def test_an_editor_still_edits_a_locked_page(self, client, w):
        _lock_in_database(w.page, w.editor)
        response = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/edit/", edit_form(w.page, body="Editor text.")
        )
        assert response.status_code == 302
        page = reload(w.page)
        assert "Editor text." in page.body.raw_data[0]["value"]
        assert page.locked and page.locked_by == w.editor.user  # an edit keeps the lock

    def test_it_lets_only_editors_lock_and_only_by_post(self, client, w):
        login(client, w.sponsor)
        assert client.post(f"/wiki/pages/{w.page.pk}/lock/").status_code == 403
        assert not reload(w.page).locked
        login(client, w.editor)
        assert client.get(f"/wiki/pages/{w.page.pk}/lock/").status_code == 405
        assert not reload(w.page).locked
        login(client, w.stranger)  # may not even read the bid team's pages
        assert client.post(f"/wiki/pages/{w.bid_page.pk}/lock/").status_code == 404
        assert not reload(w.bid_page).locked


class ReviewTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_the_curator_marks_the_page_reviewed(self, client, w):
        WikiPage.objects.filter(pk=w.page.pk).update(review_by=TODAY() - datetime.timedelta(1))
        shown = text(login(client, w.rep).get(w.page.url))
        assert "Overdue" in shown and "Mark as reviewed" in shown

        response = client.post(f"/wiki/pages/{w.page.pk}/reviewed/")

        assert response.status_code == 302 and response["Location"] == w.page.url
        page = reload(w.page)
        assert page.last_reviewed_by == w.rep.user
        assert abs(timezone.now() - page.last_reviewed_at) < datetime.timedelta(minutes=1)
        assert page.review_by == TODAY() + datetime.timedelta(days=180)
        assert page.revisions.count() == 1  # a review is not a new version
        shown = text(client.get(page.url))
        assert "Last reviewed" in shown and "Overdue" not in shown
        assert f"{_long_date(page.last_reviewed_at)} by Rep Tester" in shown
        assert _long_date(page.review_by) in shown

    def test_an_editor_may_review_but_another_member_may_not(self, client, w):
        before = _page_state(w.page)
        login(client, w.sponsor)
        assert "Mark as reviewed" not in text(client.get(w.page.url))
        assert client.post(f"/wiki/pages/{w.page.pk}/reviewed/").status_code == 403
        assert client.get(f"/wiki/pages/{w.page.pk}/reviewed/").status_code == 405
        assert _page_state(w.page) == before
        response = login(client, w.editor).post(f"/wiki/pages/{w.page.pk}/reviewed/")
        assert response.status_code == 302
        assert reload(w.page).last_reviewed_by == w.editor.user

    def test_edits_and_restores_keep_the_curation(self, client, w):
        """Curator, review date and last review are the page's state, not its content: a
        revision from before they changed must not bring the old ones back."""
        first_revision = w.page.latest_revision_id
        login(client, w.editor)
        client.post(f"/wiki/pages/{w.page.pk}/reviewed/")
        client.post(
            f"/wiki/pages/{w.page.pk}/curation/",
            {"curator": w.sponsor.user.pk, "review_by": "2031-03-01"},
        )
        curated = reload(w.page)
        state = (
            curated.curator_id,
            curated.review_by,
            curated.last_reviewed_at,
            curated.last_reviewed_by_id,
        )
        assert state[:2] == (w.sponsor.user.pk, datetime.date(2031, 3, 1))

        edited = login(client, w.rep).post(
            f"/wiki/pages/{w.page.pk}/edit/", edit_form(w.page, body="Second text.")
        )
        assert edited.status_code == 302
        page = reload(w.page)
        assert "Second text." in page.body.raw_data[0]["value"]
        assert (
            page.curator_id,
            page.review_by,
            page.last_reviewed_at,
            page.last_reviewed_by_id,
        ) == state

        restored = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/revisions/{first_revision}/restore/"
        )
        assert restored.status_code == 302
        page = reload(w.page)
        assert "First text." in page.body.raw_data[0]["value"]
        assert page.revisions.count() == 3
        assert (
            page.curator_id,
            page.review_by,
            page.last_reviewed_at,
            page.last_reviewed_by_id,
        ) == state
        assert page.curator_id != w.rep.user.pk  # the first revision's curator stays history

    def test_restoring_the_current_version_makes_no_revision(self, client, w):
        response = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/revisions/{w.page.latest_revision_id}/restore/"
        )
        assert response.status_code == 302
        assert reload(w.page).revisions.count() == 1

    def test_members_may_not_restore(self, client, w):
        old = w.page.latest_revision_id
        edit_wiki_page(w.page, w.sponsor, "Second text.")
        before = _page_state(w.page)
        response = login(client, w.rep).post(f"/wiki/pages/{w.page.pk}/revisions/{old}/restore/")
        assert response.status_code == 403
        assert _page_state(w.page) == before


class CurationFormTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_an_editor_sets_the_curator_and_review_date(self, client, w):
        login(client, w.editor)
        form = client.get(f"/wiki/pages/{w.page.pk}/curation/")
        assert form.status_code == 200
        assert form.context["form"].initial["curator"] == w.rep.user.pk

        response = client.post(
            f"/wiki/pages/{w.page.pk}/curation/",
            {"curator": w.sponsor.user.pk, "review_by": "2031-03-01"},
        )

        assert response.status_code == 302 and response["Location"] == w.page.url
        page = reload(w.page)
        assert page.curator == w.sponsor.user
        assert page.review_by == datetime.date(2031, 3, 1)
        assert page.revisions.count() == 1
        shown = text(client.get(page.url))
        assert "Anders Tester" in shown and "1 March 2031" in shown

    def test_it_can_clear_the_curator_and_date(self, client, w):
        response = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/curation/", {"curator": "", "review_by": ""}
        )
        assert response.status_code == 302
        page = reload(w.page)
        assert page.curator is None and page.review_by is None
        assert "Nobody yet" in text(client.get(page.url))

    def test_it_offers_only_people_who_may_read_the_community(self, client, w):
        leaver = make_person("leaver")
        add_member(w.team, leaver)
        leaver.user.is_active = False
        leaver.user.save(update_fields=["is_active"])
        form = login(client, w.editor).get(f"/wiki/pages/{w.bid_page.pk}/curation/")
        assert form.status_code == 200
        offered = set(form.context["form"].fields["curator"].queryset)
        assert offered == {w.rep.user, w.editor.user}  # not sponsor, stranger or the leaver

        before = _page_state(w.bid_page)
        for outsider in (w.sponsor, w.stranger, leaver):
            response = client.post(
                f"/wiki/pages/{w.bid_page.pk}/curation/",
                {"curator": outsider.user.pk, "review_by": "2031-03-01"},
            )
            assert response.status_code == 400
            assert "Select a valid choice" in response.context["form"].errors["curator"][0]
        assert _page_state(w.bid_page) == before

    def test_it_refuses_a_date_that_is_not_one(self, client, w):
        before = _page_state(w.page)
        response = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/curation/", {"curator": "", "review_by": "soon"}
        )
        assert response.status_code == 400 and "review_by" in response.context["form"].errors
        assert _page_state(w.page) == before

    def test_members_may_not_change_the_curation(self, client, w):
        before = _page_state(w.page)
        login(client, w.rep)  # the curator, but not an editor
        assert client.get(f"/wiki/pages/{w.page.pk}/curation/").status_code == 403
        response = client.post(
            f"/wiki/pages/{w.page.pk}/curation/", {"curator": w.rep.user.pk, "review_by": ""}
        )
        assert response.status_code == 403
        assert _page_state(w.page) == before


def _stale_world(w):
    """Besides the fresh, curated page: one past its date, one nobody curates."""
    overdue = make_wiki_page(w.community, w.rep, "Old prices")
    WikiPage.objects.filter(pk=overdue.pk).update(review_by=TODAY() - datetime.timedelta(1))
    orphan = make_wiki_page(w.community, w.rep, "Orphan")
    WikiPage.objects.filter(pk=orphan.pk).update(curator=None)
    return overdue, orphan


def _left_behind(w):
    """A page whose curator's account is closed."""
    leaver = make_person("leaver")
    add_member(w.community, leaver)
    page = make_wiki_page(w.community, leaver, "Left behind")
    leaver.user.is_active = False
    leaver.user.save(update_fields=["is_active"])
    return page


class StaleReportTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_lists_overdue_and_uncurated_pages_but_not_fresh_ones(self, client, w):
        overdue, orphan = _stale_world(w)
        left = _left_behind(w)

        response = login(client, w.editor).get(f"/wiki/{w.wiki.pk}/review/")

        assert response.status_code == 200
        assert [page.pk for page in response.context["overdue"]] == [overdue.pk]
        assert [page.pk for page in response.context["uncurated"]] == [left.pk, orphan.pk]
        shown = text(response)
        assert "Old prices" in shown and "Orphan" in shown
        assert "Leaver Tester has left" in shown
        assert "Office cleaning" not in shown
        assert f'href="/wiki/pages/{orphan.pk}/curation/"' in shown

    def test_it_says_so_when_nothing_needs_attention(self, client, w):
        response = login(client, w.editor).get(f"/wiki/{w.wiki.pk}/review/")
        assert response.status_code == 200
        assert list(response.context["overdue"]) == list(response.context["uncurated"]) == []
        assert "Every page is within its review date." in text(response)
        assert "Every page has a curator." in text(response)

    def test_it_is_for_editors_only(self, client, w):
        _stale_world(w)
        assert login(client, w.rep).get(f"/wiki/{w.wiki.pk}/review/").status_code == 403
        team_wiki = wiki_of(w.team)
        assert login(client, w.stranger).get(f"/wiki/{team_wiki.pk}/review/").status_code == 404

    def test_the_wiki_shows_the_count_to_editors_only(self, client, w):
        _stale_world(w)
        editor_view = login(client, w.editor).get(w.wiki.url)
        assert editor_view.status_code == 200
        assert editor_view.context["stale_count"] == 2
        assert "Needs attention (2)" in text(editor_view)
        assert f'href="/wiki/{w.wiki.pk}/review/"' in text(editor_view)
        member_view = login(client, w.rep).get(w.wiki.url)
        assert member_view.status_code == 200
        assert member_view.context["stale_count"] == 0
        assert "Needs attention" not in text(member_view)

    def test_the_count_includes_pages_whose_curator_has_left(self, client, w):
        left = _left_behind(w)
        login(client, w.editor)
        report = client.get(f"/wiki/{w.wiki.pk}/review/")
        assert [page.pk for page in report.context["uncurated"]] == [left.pk]
        assert "Needs attention (1)" in text(client.get(w.wiki.url))


class WantedPagesTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_lists_missing_link_titles_with_a_create_link(self, client, w):
        edit_wiki_page(
            w.page,
            w.rep,
            "Ask about [[Night patrol]] and [[night  PATROL]]; see [[Office cleaning]].",
        )
        make_wiki_page(w.community, w.sponsor, "Rounds", "Part of [[Night patrol]].")

        response = login(client, w.sponsor).get(w.wiki.url)

        assert response.status_code == 200
        wanted = list(response.context["wanted"])
        assert [(item["title"], item["sources"]) for item in wanted] == [("Night patrol", 2)]
        create = f"/wiki/{w.wiki.pk}/new/?title=Night%20patrol"
        shown = text(response)
        assert "Wanted pages" in shown and f'href="{create}"' in shown
        form = client.get(create)
        assert form.status_code == 200 and form.context["form"].initial["title"] == "Night patrol"

        created = client.post(
            f"/wiki/{w.wiki.pk}/new/", {"title": "Night patrol", "body": "Rounds at night."}
        )
        assert created.status_code == 302
        after = client.get(w.wiki.url)
        assert list(after.context["wanted"]) == [] and "Wanted pages" not in text(after)

    def test_readers_who_may_not_write_see_the_titles_without_a_link(self, client, w):
        edit_wiki_page(w.page, w.rep, "See [[Night patrol]].")
        response = login(client, w.stranger).get(w.wiki.url)  # reads the open community
        assert response.status_code == 200
        shown = text(response)
        assert "Night patrol" in shown and "?title=Night" not in shown

    def test_it_leaves_out_links_of_other_communities(self, client, w):
        make_wiki_page(w.team, w.rep, "Bid notes", "See [[Secret tender]].")
        response = login(client, w.editor).get(w.wiki.url)
        assert list(response.context["wanted"]) == []
        assert "Secret tender" not in text(response)
