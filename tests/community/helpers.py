"""Small helpers the community tests share: logging in, reading pages and reloading rows."""

from types import SimpleNamespace

import pytest
from django.db import models, transaction

from intranet.community.models import Membership, PostKind

LOGIN = "/accounts/login/"


def login(client, person):
    """Log `person` (a Profile or a User) in without the password round trip."""
    client.force_login(getattr(person, "user", person))
    return client


def text(response):
    return response.content.decode()


def reload(instance):
    return type(instance).objects.get(pk=instance.pk)


def membership_of(community, person):
    user = getattr(person, "user", person)
    return Membership.objects.filter(community=community, user=user).first()


def status_of(community, person):
    """The person's membership status in the community, or None."""
    found = membership_of(community, person) if person is not None else None
    return found.status if found else None


def post_data(**changes):
    """What the post form sends for a plain blog entry, with `changes` applied."""
    data = {
        "kind": PostKind.BLOG,
        "title": "Notes from the field",
        "body": "We met the facilities manager.",
        "customers": [],
        "products": [],
        "tags": "",
    }
    data.update(changes)
    return data


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def built_once(build):
    """A module-scoped fixture: `build()` runs once, inside a transaction rolled back afterwards.

    Each test still runs in its own transaction inside this one (pytest-django's `db`), so what
    a test changes is gone before the next; `fresh` gives it instances no earlier test touched.
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    return fixture


def fresh(world):
    """The world's model instances reloaded from the database: no caches, no stale fields."""
    return SimpleNamespace(
        **{
            name: reload(value) if isinstance(value, models.Model) else value
            for name, value in vars(world).items()
        }
    )


def matrix_cases(table, personas):
    """pytest params (action, community, persona, expected) from a whitespace-aligned table."""
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == personas
    for action, community, *outcomes in rows:
        for persona, expected in zip(personas, outcomes, strict=True):
            yield pytest.param(
                action, community, persona, expected, id=f"{action}-{community}-{persona}"
            )
