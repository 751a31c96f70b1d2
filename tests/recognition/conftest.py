"""One world for every recognition test, built once for the package inside a transaction that
is rolled back afterwards; each test runs in its own transaction inside it (pytest-django's
`db`), and `w` hands it freshly loaded instances."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from tests.builders import add_member, make_community, make_person
from tests.community.helpers import fresh
from tests.leads.builders import sales_community, seller


def _build():
    sales = sales_community()
    w = SimpleNamespace(
        sales=sales,
        support=make_community("Field Support"),
        secret=make_community("Project Falcon", preset="confidential"),
        giver=seller("giver", "Facility", "Gothenburg", sales),
        receiver=seller("receiver", "Secure", "Malmö", sales),
        expert=seller("expert", "Technical", "Gothenburg"),
        other=seller("other", "Facility", "Malmö"),
        asker=make_person("asker"),
        sponsor=make_person("sponsor"),
    )
    for name in ("asker", "expert", "other"):
        add_member(w.support, getattr(w, name))
    add_member(w.support, w.sponsor, role="sponsor")
    add_member(w.secret, w.expert)
    return w


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


@pytest.fixture
def w(db, world):
    return fresh(world)
