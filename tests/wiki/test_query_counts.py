"""The wiki pages and the notifications cost the same SQL queries however much is on them.

Each count comes after a warm-up request, which fills the caches (site root paths, sessions).
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.notifications.models import Notification, Verb
from intranet.notifications.services import notify
from intranet.wiki.models import WikiLink, WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login
from tests.wiki.builders import edit_wiki_page, make_wiki_page, wiki_of

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def scene(db, client):
    """An open community with two members and an editor; the editor reads, so every part of
    the pages (curation, the stale count) is drawn."""
    community = make_community("Facility Services")
    author, other, editor = make_person("author"), make_person("other"), make_person("editor")
    add_member(community, author)
    add_member(community, other)
    add_member(community, editor, role="editor")
    login(client, editor)
    return community, author, other, editor


def _add_revisions(page, people, how_many):
    """Revisions by the people in turn, each with its own summary (fast: no publishing)."""
    page = WikiPage.objects.get(pk=page.pk)
    for index in range(how_many):
        page.edit_summary = f"Tweak {next(_numbers)}"
        page.save_revision(user=people[index % len(people)].user)
    return WikiPage.objects.get(pk=page.pk)


def _link_to(community, author, title, how_many):
    """Pages that link to `title`, each with a [[link]] to a page nobody has written too."""
    for _ in range(how_many):
        number = next(_numbers)
        make_wiki_page(
            community,
            author,
            title=f"Linking page {number}",
            text=f"See [[{title}]] and [[Missing {number % 3}]].",
            watch=False,
        )


class WikiPageQueryTests:
    def test_it_costs_the_same_with_100_revisions_and_50_backlinks_as_with_2_and_1(
        self, client, scene
    ):
        community, author, other, editor = scene
        parent = make_wiki_page(community, author, title="Services")
        page = make_wiki_page(
            community,
            author,
            title="Cleaning",
            text="## Offices\n\nWe clean [[Services]].\n\n## Windows\n\nAnd [[Nowhere]].",
            parent=parent,
        )
        page = edit_wiki_page(page, other, "## Offices\n\nWe clean [[Services]] daily.")
        _link_to(community, other, "Cleaning", 1)
        assert page.revisions.count() == 2
        assert WikiLink.objects.filter(target=page).count() == 1
        with_few = _queries(client, page.url)

        _add_revisions(page, [author, other, editor], 97)
        page = edit_wiki_page(page, editor, "## Offices\n\nWe clean [[Services]] twice a day.")
        _link_to(community, author, "Cleaning", 49)

        assert page.revisions.count() == 100
        assert WikiLink.objects.filter(target=page).count() == 50
        response = client.get(page.url)
        assert response.status_code == 200
        assert len(list(response.context["backlinks"])) == 50
        assert _queries(client, page.url) == with_few


class HistoryQueryTests:
    def test_it_costs_the_same_with_100_revisions_as_with_2(self, client, scene):
        community, author, other, editor = scene
        page = make_wiki_page(community, author, title="Cleaning")
        page = edit_wiki_page(page, other, "Changed by the other member.")
        url = f"/wiki/pages/{page.pk}/history/"
        assert page.revisions.count() == 2
        with_2 = _queries(client, url)

        _add_revisions(page, [author, other, editor], 98)

        assert page.revisions.count() == 100
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["history"].object_list) == 50
        assert _queries(client, url) == with_2
        assert _queries(client, url + "?page=2") == with_2


class WikiIndexQueryTests:
    def test_it_costs_the_same_with_60_pages_as_with_3(self, client, scene):
        community, author, other, editor = scene
        wiki = wiki_of(community)
        top = make_wiki_page(community, author, title="Services", text="See [[Pricing]].")
        make_wiki_page(community, other, title="Cleaning", parent=top, text="[[Windows]]")
        make_wiki_page(community, editor, title="Contacts", watch=False)
        assert WikiPage.objects.live().descendant_of(wiki).count() == 3
        with_3 = _queries(client, wiki.url)

        writers = [author, other, editor]
        for index in range(57):
            number = next(_numbers)
            make_wiki_page(
                community,
                writers[index % 3],
                title=f"Topic {number}",
                text=f"Links to [[Wanted {number % 12}]].",
                parent=top if index % 2 else None,
                watch=False,
            )

        assert WikiPage.objects.live().descendant_of(wiki).count() == 60
        response = client.get(wiki.url)
        assert response.status_code == 200
        assert len(response.context["tree"]) == 60
        assert _queries(client, wiki.url) == with_3


class NotificationQueryTests:
    def _send(self, reader, actors, community, how_many):
        for index in range(how_many):
            number = next(_numbers)
            notify(
                [reader.user],
                actor=actors[index % len(actors)].user,
                verb=Verb.WIKI_RESTORED if index % 2 else Verb.WIKI_CHANGED,
                subject=f"Page {number}",
                detail=f"Summary {number}",
                url=f"/communities/facility-services/wiki/page-{number}/",
                community=community if index % 3 else None,
            )

    def test_it_costs_the_same_with_40_notifications_as_with_2(self, client, scene):
        community, author, other, editor = scene
        self._send(editor, [author, other], community, 2)
        url = "/notifications/"
        with_2 = _queries(client, url)

        self._send(editor, [author, other], community, 38)

        assert Notification.objects.filter(recipient=editor.user).count() == 40
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["notifications_page"].object_list) == 30
        assert _queries(client, url) == with_2
        assert _queries(client, url + "?page=2") == with_2
