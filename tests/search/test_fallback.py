"""When Elasticsearch is down, search answers from the database and catches up afterwards."""

import pytest
from django.test import override_settings

from intranet.search import backends
from intranet.search.models import MissedUpdate
from tests.builders import add_member, make_community, make_post
from tests.community.helpers import login, text

pytestmark = pytest.mark.django_db


class Down(Exception):
    pass


class FakeElasticsearch:
    """Stands in for the Elasticsearch backend: answers, or is down."""

    unavailable = (Down,)

    def __init__(self):
        self.down = False
        self.written, self.removed = {}, set()

    def _check(self):
        if self.down:
            raise Down("connection refused")

    def search(self, query):
        self._check()
        return backends.Results(total=0, hits=[], facets={})

    def autocomplete(self, text, keys, limit=8):
        self._check()
        return []

    def write(self, entries):
        self._check()
        self.written.update({entry.key: entry for entry in entries})

    def remove(self, keys):
        self._check()
        self.removed.update(keys)

    def rekey(self, community_id, keys):
        self._check()


@pytest.fixture
def elastic(monkeypatch):
    fake = FakeElasticsearch()
    monkeypatch.setattr(backends, "_elasticsearch", fake)
    with override_settings(ELASTICSEARCH_URL="http://elasticsearch.invalid:9200"):
        yield fake


class FallbackTests:
    def test_search_answers_from_the_database_with_a_notice(self, client, rep, elastic):
        community = make_community()
        add_member(community, rep)
        make_post(community, rep, title="Quarry dust routines")
        elastic.down = True

        response = login(client, rep).get("/search/?q=quarry")

        assert response.status_code == 200
        assert "Quarry dust routines" in text(response)
        assert "backup index" in text(response)

    def test_suggestions_fall_back_too(self, client, rep, elastic):
        community = make_community()
        make_post(community, rep, title="Quarry dust routines")
        elastic.down = True
        response = login(client, rep).get("/search/autocomplete/?q=quar")
        assert [s["label"] for s in response.json()["suggestions"]] == ["Quarry dust routines"]

    def test_no_notice_while_elasticsearch_answers(self, client, rep, elastic):
        response = login(client, rep).get("/search/?q=quarry")
        assert "backup index" not in text(response)


class CatchUpTests:
    def test_updates_missed_while_down_are_sent_when_it_answers_again(self, client, rep, elastic):
        community = make_community()
        elastic.down = True
        post = make_post(community, rep, title="Quarry dust routines")
        missed = set(MissedUpdate.objects.values_list("key", flat=True))
        assert f"post:{post.pk}" in missed
        assert f"post:{post.pk}" not in elastic.written

        elastic.down = False
        login(client, rep).get("/search/?q=anything")

        assert elastic.written[f"post:{post.pk}"].title == "Quarry dust routines"
        assert elastic.written[f"post:{post.pk}"].access == ["open"]
        assert not MissedUpdate.objects.exists()

    def test_a_removal_missed_while_down_is_sent_too(self, rep, elastic):
        community = make_community()
        post = make_post(community, rep, title="Withdrawn")
        elastic.down = True
        post.unpublish()
        elastic.down = False
        make_post(community, rep, title="Another")  # any successful write catches up
        assert f"post:{post.pk}" in elastic.removed
        assert not MissedUpdate.objects.exists()
