"""Each page `make bench` loads costs the same number of SQL queries at two sizes, under 20.

The pages are the benchmark's own (intranet/benchmark/targets.py), each opened by its
persona: first on the demo, then after `load_scale` has added people, communities, posts with
long discussions, wiki pages with long histories, library items, enrolments and leads.

Two counts per page and size:
- **warm**: the page opened again, as people open it all day: what a request costs when the
  cached fragments are there. This is the budget: under 20, and the same at both sizes.
- **cold**: the page opened just after the shared cache was emptied (stamps and fragments
  gone; image renditions kept). Everything is read from the database, so a query per row
  would show here as a count that grows with the data. It may differ by a query or two where
  the data differs in kind (a prefetch is skipped when no listed item has a preview image).
"""

from collections import Counter
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from intranet.benchmark import targets
from intranet.people.models import User

BUDGET = 20
COLD_SLACK = 2
COLD_CEILING = 60
SCALE = 0.002


def _count(client, path):
    """The queries (their first words) that opening `path` costs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"][:120] for query in queries.captured_queries]


def _measure(size):
    """{page name: (warm, cold, path, note)} for every benchmark page at the database's size."""
    found = {}
    for target in targets.discover(size):
        client = Client()
        client.force_login(User.objects.get(username=target.persona))
        client.get(target.path)  # renditions made, caches filled
        warm = _count(client, target.path)
        caches["default"].clear()
        cold = _count(client, target.path)
        found[target.name] = (warm, cold, target.path, target.note)
    return found


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        demo = _measure("demo")
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_scale", scale=SCALE, seed=3, stdout=StringIO())
        larger = _measure("demo")
        yield demo, larger
        transaction.set_rollback(True)


@pytest.fixture
def measured(db, counts):
    return counts


PAGES = [
    "Home dashboard",
    "Sales Community",
    "Library, two facets",
    "Wiki page, longest history",
    "Post, most comments",
    "Onboarding path",
    "People, filtered",
    "Search results",
]


def test_the_benchmark_loads_these_pages(measured):
    demo, larger = measured
    assert list(demo) == PAGES and list(larger) == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_a_page_costs_the_same_queries_at_both_sizes_within_budget(measured, page):
    demo, larger = measured
    (warm, cold, path, _), (warm_larger, cold_larger, path_larger, _) = demo[page], larger[page]
    seen = f"{page}: warm {len(warm)} → {len(warm_larger)}, cold {len(cold)} → {len(cold_larger)}"
    seen += f" ({path} → {path_larger}); warm queries that differ: "
    seen += str([*(Counter(warm) - Counter(warm_larger)), *(Counter(warm_larger) - Counter(warm))])
    assert len(warm) < BUDGET and len(warm) == len(warm_larger), seen
    assert abs(len(cold_larger) - len(cold)) <= COLD_SLACK, seen
    assert max(len(cold), len(cold_larger)) < COLD_CEILING, seen


def test_the_larger_size_has_a_longer_discussion_and_a_longer_history(measured):
    demo, larger = measured

    def number(page, sizes):
        return int(sizes[page][3].split()[0])  # "50 comments", "200 revisions"

    assert number("Post, most comments", larger) >= 50 > number("Post, most comments", demo)
    history = "Wiki page, longest history"
    assert number(history, larger) > number(history, demo)
