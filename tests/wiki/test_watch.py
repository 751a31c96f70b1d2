"""Watching wiki pages and hearing about their changes: the watch button, the notifications it
brings, the notifications page and its unread count, and the list of watched pages."""

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from intranet.community import membership
from intranet.community.models import Role
from intranet.notifications.models import Notification, Verb
from intranet.wiki.models import Watch
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import LOGIN, built_once, fresh, login, reload, text
from tests.wiki.builders import edit_form, edit_wiki_page, make_wiki_page

UNREAD = re.compile(r'<span class="count">(\d+)<span class="visually-hidden"> unread</span>')


def _build():
    world = SimpleNamespace(
        rep=make_person("rep"),
        sponsor=make_person("sponsor", first_name="Anders"),
        editor=make_person("editor", first_name="Eva"),
        stranger=make_person("stranger"),
        community=make_community("Sales Community"),
        team=make_community("Bid Team", preset="bid_team"),
    )
    for person in (world.rep, world.sponsor):
        add_member(world.community, person)
        add_member(world.team, person)
    add_member(world.community, world.editor, role=Role.EDITOR)
    # Each author watches the page they wrote.
    world.page = make_wiki_page(world.community, world.rep, "Office cleaning", "First text.")
    world.team_page = make_wiki_page(world.team, world.sponsor, "Tender calendar", "Dates.")
    Watch.objects.create(page=world.team_page, user=world.rep.user)
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _notes(person):
    return Notification.objects.filter(recipient=person.user)


def _unread_count(response):
    """The count next to "Notifications" in the header, or 0 when there is none."""
    found = UNREAD.search(text(response))
    return int(found[1]) if found else 0


def _edit(client, person, page, body, summary="", **changes):
    """Edit through the front-end form, as `person`; returns the response."""
    data = edit_form(page, body=body, summary=summary, watch="")
    data.update(changes)
    return login(client, person).post(f"/wiki/pages/{page.pk}/edit/", data)


class WatchToggleTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_starts_and_stops_watching(self, client, w):
        url = f"/wiki/pages/{w.page.pk}/watch/"
        response = login(client, w.sponsor).post(url)

        assert response.status_code == 302 and response["Location"] == w.page.url
        assert Watch.objects.filter(page=w.page, user=w.sponsor.user).count() == 1
        shown = text(client.get(w.page.url))
        assert 'aria-pressed="true">Watching</button>' in shown

        response = client.post(url)
        assert response.status_code == 302
        assert not Watch.objects.filter(page=w.page, user=w.sponsor.user).exists()
        assert 'aria-pressed="false">Watch</button>' in text(client.get(w.page.url))
        assert Watch.objects.filter(page=w.page, user=w.rep.user).exists()  # others keep theirs

    def test_a_reader_of_an_open_community_may_watch(self, client, w):
        response = login(client, w.stranger).post(f"/wiki/pages/{w.page.pk}/watch/")
        assert response.status_code == 302
        assert Watch.objects.filter(page=w.page, user=w.stranger.user).exists()

    def test_it_takes_only_post_and_only_pages_one_may_read(self, client, w):
        login(client, w.stranger)
        assert client.get(f"/wiki/pages/{w.page.pk}/watch/").status_code == 405
        assert client.post(f"/wiki/pages/{w.team_page.pk}/watch/").status_code == 404
        assert client.post("/wiki/pages/999999/watch/").status_code == 404
        assert not Watch.objects.filter(user=w.stranger.user).exists()


class ChangeNotificationTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_a_watcher_hears_once_when_someone_else_edits(self, client, w):
        Watch.objects.create(page=w.page, user=w.sponsor.user)
        response = _edit(client, w.sponsor, w.page, "New prices for 2026.", "New prices")

        assert response.status_code == 302
        note = _notes(w.rep).get()
        assert note.verb == Verb.WIKI_CHANGED == "wiki_changed"
        assert note.subject == "Office cleaning"
        assert note.detail == "New prices"
        assert note.url == w.page.url
        assert note.actor == w.sponsor.user and note.community_id == w.community.pk
        assert note.read_at is None
        assert not _notes(w.sponsor).exists()  # the editor does not notify themselves
        assert not _notes(w.editor).exists()  # nor anyone who does not watch

    def test_nobody_is_told_about_their_own_edit(self, client, w):
        response = _edit(client, w.rep, w.page, "My own change.", "Mine")
        assert response.status_code == 302
        assert Notification.objects.count() == 0

    def test_a_renamed_page_is_named_by_its_new_title(self, client, w):
        _edit(client, w.sponsor, w.page, "Text.", "Renamed", title="Cleaning services")
        note = _notes(w.rep).get()
        assert note.subject == "Cleaning services" and note.url == reload(w.page).url

    def test_watchers_hear_about_a_restore(self, client, w):
        first = w.page.latest_revision_id
        edit_wiki_page(w.page, w.sponsor, "Second text.")
        Notification.objects.all().delete()
        response = login(client, w.editor).post(
            f"/wiki/pages/{w.page.pk}/revisions/{first}/restore/"
        )
        assert response.status_code == 302
        note = _notes(w.rep).get()
        assert note.verb == Verb.WIKI_RESTORED and note.actor == w.editor.user
        assert note.detail.startswith("Restored the version of ")

    def test_a_closed_account_hears_nothing(self, client, w):
        w.rep.user.is_active = False
        w.rep.user.save(update_fields=["is_active"])
        _edit(client, w.sponsor, w.page, "Changed.", "Change")
        assert not _notes(w.rep).exists()


class LeftCommunityTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_someone_who_left_hears_nothing_more_and_sees_nothing_earlier(self, client, w):
        assert _edit(client, w.sponsor, w.team_page, "Bid due in May.", "May").status_code == 302
        earlier = _notes(w.rep).get()
        listing = login(client, w.rep).get("/notifications/")
        assert [note.pk for note in listing.context["notifications_page"]] == [earlier.pk]
        assert _unread_count(listing) == 1

        membership.leave(w.rep.user, w.team)
        assert _edit(client, w.sponsor, w.team_page, "Bid due in June.", "June").status_code == 302

        assert list(_notes(w.rep)) == [earlier]  # no new notification
        listing = login(client, w.rep).get("/notifications/")
        assert listing.status_code == 200
        assert list(listing.context["notifications_page"]) == []
        assert "Tender calendar" not in text(listing) and "May" not in text(listing)
        assert _unread_count(listing) == 0
        assert _unread_count(client.get("/wiki/watched/")) == 0
        opened = client.post(f"/notifications/{earlier.pk}/open/")
        assert opened.status_code == 404
        assert reload(earlier).read_at is None
        watched = client.get("/wiki/watched/")
        assert "Tender calendar" not in text(watched)


class NotificationListTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def _two_changes(self, client, w):
        _edit(client, w.sponsor, w.page, "One.", "First change")
        _edit(client, w.sponsor, w.page, "Two.", "Second change")
        first, second = _notes(w.rep).order_by("pk")
        return first, second

    def test_it_lists_them_newest_first_with_a_new_badge(self, client, w):
        first, second = self._two_changes(client, w)

        response = login(client, w.rep).get("/notifications/")

        assert response.status_code == 200
        assert [note.pk for note in response.context["notifications_page"]] == [
            second.pk,
            first.pk,
        ]
        shown = text(response)
        assert shown.count('<span class="badge">New</span>') == 2
        assert shown.index("Second change") < shown.index("First change")
        assert "Anders Tester changed the wiki page" in shown
        assert _unread_count(response) == 2
        assert (
            Notification.objects.filter(read_at__isnull=True).count() == 2
        )  # reading is not opening

    def test_opening_one_marks_it_read_and_goes_to_the_page(self, client, w):
        first, second = self._two_changes(client, w)

        response = login(client, w.rep).post(f"/notifications/{first.pk}/open/")

        assert response.status_code == 302 and response["Location"] == w.page.url
        assert reload(first).read_at is not None
        assert reload(second).read_at is None
        listing = client.get("/notifications/")
        assert text(listing).count('<span class="badge">New</span>') == 1
        assert _unread_count(listing) == 1

    def test_it_marks_all_read(self, client, w):
        self._two_changes(client, w)
        response = login(client, w.rep).post("/notifications/read/")
        assert response.status_code == 302 and response["Location"] == "/notifications/"
        assert not _notes(w.rep).filter(read_at__isnull=True).exists()
        listing = client.get("/notifications/")
        assert '<span class="badge">New</span>' not in text(listing)
        assert _unread_count(listing) == 0

    def test_someone_elses_notification_is_not_found(self, client, w):
        first, _second = self._two_changes(client, w)
        login(client, w.sponsor)
        assert client.post(f"/notifications/{first.pk}/open/").status_code == 404
        assert client.post("/notifications/999999/open/").status_code == 404
        client.post("/notifications/read/")  # marks only the sponsor's own
        assert reload(first).read_at is None
        assert "First change" not in text(client.get("/notifications/"))

    def test_the_post_only_endpoints_refuse_get(self, client, w):
        first, _second = self._two_changes(client, w)
        login(client, w.rep)
        assert client.get(f"/notifications/{first.pk}/open/").status_code == 405
        assert client.get("/notifications/read/").status_code == 405
        assert not _notes(w.rep).filter(read_at__isnull=False).exists()

    def test_it_never_follows_an_address_outside_the_site(self, client, w):
        note = Notification.objects.create(
            recipient=w.rep.user,
            verb=Verb.WIKI_CHANGED,
            subject="Elsewhere",
            url="https://evil.example/",
            created_at=timezone.now(),
        )
        response = login(client, w.rep).post(f"/notifications/{note.pk}/open/")
        assert response.status_code == 302 and response["Location"] == "/notifications/"
        assert reload(note).read_at is not None

    def test_it_asks_visitors_to_log_in(self, client, w):
        response = client.get("/notifications/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


class WatchedPagesTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_lists_the_pages_one_watches(self, client, w):
        make_wiki_page(w.community, w.sponsor, "Night patrol")  # watched by the sponsor only

        response = login(client, w.rep).get("/wiki/watched/")

        assert response.status_code == 200
        pages = [watch.page.title for watch in response.context["watches"]]
        assert pages == ["Office cleaning", "Tender calendar"]
        shown = text(response)
        assert f'href="{w.page.url}"' in shown and "Bid Team" in shown
        assert "Night patrol" not in shown

    def test_it_says_so_when_one_watches_nothing(self, client, w):
        response = login(client, w.editor).get("/wiki/watched/")
        assert response.status_code == 200
        assert list(response.context["watches"]) == []
        assert "You watch no wiki page yet." in text(response)
