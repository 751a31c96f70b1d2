"""The library and item pages cost the same number of SQL queries however much is on them.

Each count comes after a warm-up request, which makes the preview renditions and fills caches.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.library import services
from intranet.library.models import LibraryItemPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login
from tests.library.builders import add_version, make_customer, make_item, make_product, reuse

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
OUTCOMES = ["won", "lost", "pending"]


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _shelve(community, owner, reader, how_many):
    """Items with PDF previews, two customers, two products, tags and reuses, alike in turn."""
    customers = [make_customer("Solberga Hospital"), make_customer("Kvarnby Handel")]
    products = [make_product("Manned guarding"), make_product("Key holding")]
    items = []
    for index in range(how_many):
        number = next(_numbers)
        item = make_item(
            community,
            owner,
            title=f"Proposal {number}",
            customers=customers[: 1 + index % 2],
            products=products[index % 2 :],
            outcome=OUTCOMES[index % 3],
            tags=["hospital", f"tag-{number}"],
            document_date=datetime.date(2021 + index % 4, 3, 1),
        )
        reuse(item, reader, customers[0], times=1 + index % 2)
        items.append(item)
    return items


@pytest.fixture
def scene(db, client):
    community = make_community("Sales Community")
    owner, reader = make_person("owner"), make_person("reader")
    add_member(community, owner)
    add_member(community, reader)
    login(client, reader)
    return community, owner, reader


LIBRARY_QUERIES = [
    "",
    "?product=manned-guarding",
    "?product=manned-guarding&outcome=won&customer=solberga-hospital",
    "?year=2022&sort=reused",
    "?sort=title&page=2",
]


def test_the_library_page_costs_the_same_with_5_or_40_items(client, scene):
    community, owner, reader = scene
    library = services.library_of(community)
    _shelve(community, owner, reader, 5)
    with_5 = {query: _queries(client, library.url + query) for query in LIBRARY_QUERIES}

    _shelve(community, owner, reader, 35)

    assert LibraryItemPage.objects.child_of(library).live().count() == 40
    with_40 = {query: _queries(client, library.url + query) for query in LIBRARY_QUERIES}
    assert with_40 == with_5


def test_the_item_page_costs_the_same_with_1_or_8_versions_and_2_or_20_reuses(client, scene):
    community, owner, reader = scene
    original, item, *others = _shelve(community, owner, reader, 4)
    adapted = make_item(community, owner, title="Adapted", derived_from=item, file="docx")
    item.derived_from = original
    item.save(update_fields=["derived_from"])
    customer = make_customer("Solberga Hospital")
    assert item.files.count() == 1 and item.reuses.count() == 2
    with_1 = _queries(client, item.url)

    for _ in range(6):
        add_version(item, owner, file="docx")
    add_version(item, owner)  # the newest has a preview
    for index in range(18):
        reuse(item, make_person(f"reuser{next(_numbers)}"), customer if index % 2 else None)

    assert item.files.count() == 8 and item.reuses.count() == 20
    assert adapted.derived_from_id == item.pk and others
    assert _queries(client, item.url) == with_1
