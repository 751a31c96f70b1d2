"""Learning paths and modules are found by the one search box, for those who may see them."""

from types import SimpleNamespace

import pytest

from intranet.search.models import SearchEntry
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, fresh, login
from tests.learning.builders import make_module, make_path

pytestmark = pytest.mark.django_db
URL = "/search/"


def _build():
    open_ = make_community("Facility Sales")
    private = make_community("Bid Desk", preset="bid_team")
    editor = make_person("astrid", first_name="Astrid")
    member = make_person("bertil", first_name="Bertil")
    stranger = make_person("cecilia", first_name="Cecilia")
    add_member(open_, editor, role="editor")
    add_member(private, editor, role="editor")
    add_member(private, member)
    path = make_path(open_, editor, title="Tender basics", summary="Learn the quarkwell method.")
    module = make_module(path, editor, title="Bid or no bid", text="Score the zanthorpe checklist.")
    secret_path = make_path(private, editor, title="Bid desk induction", slug="bid-desk")
    secret_module = make_module(secret_path, editor, title="Our margins", text="Glimbold margins.")
    site_path = make_path(None, editor, title="Welcome to Norrvik", summary="Company basics.")
    site_module = make_module(site_path, editor, title="Values", text="The frobnitz values.")
    return SimpleNamespace(**locals())


world = built_once(_build)


@pytest.fixture(autouse=True)
def _database_index(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def w(world):
    return fresh(world)


def titles(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return [hit["hit"].title for hit in response.context["hits"]]


def test_a_module_is_found_by_a_word_of_its_body(client, w):
    login(client, w.stranger)
    assert titles(client, "zanthorpe") == ["Bid or no bid"]


def test_a_path_is_found_by_its_summary(client, w):
    login(client, w.stranger)
    assert titles(client, "quarkwell") == ["Tender basics"]


def test_learning_is_a_type_facet(client, w):
    login(client, w.stranger)
    assert titles(client, "zanthorpe", kind="learning") == ["Bid or no bid"]
    assert titles(client, "zanthorpe", kind="wiki") == []


def test_a_private_communitys_module_is_found_by_members_only(client, w):
    login(client, w.stranger)
    assert titles(client, "glimbold") == []
    login(client, w.member)
    assert titles(client, "glimbold") == ["Our margins"]


def test_a_site_wide_module_is_found_by_everyone(client, w):
    login(client, w.stranger)
    assert titles(client, "frobnitz") == ["Values"]


def test_unpublishing_a_path_takes_its_modules_out_of_search(client, w):
    w.path.unpublish()
    assert not SearchEntry.objects.filter(key=f"module:{w.module.pk}").exists()
    login(client, w.stranger)
    assert titles(client, "zanthorpe") == []
    w.path.save_revision().publish()
    assert titles(client, "zanthorpe") == ["Bid or no bid"]


def test_an_unpublished_module_is_not_found(client, w):
    w.module.unpublish()
    login(client, w.stranger)
    assert titles(client, "zanthorpe") == []
