import pytest
from django.core.cache import caches

from tests.builders import PASSWORD, make_division, make_job_function, make_location, make_person


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: Wagtail caches renditions by image id, and ids are
    reused once a test's transaction rolls back."""
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def rep(db):
    """A Facility sales rep in Gothenburg: the persona most tests look through."""
    return make_person(
        "rep",
        division=make_division("Facility"),
        location=make_location("Gothenburg"),
        job_functions=[make_job_function("Sales representative")],
        expertise=["healthcare", "retail"],
        interests=["energy efficiency"],
        languages=["sv", "en"],
    )


@pytest.fixture
def sponsor(db):
    """A Secure key account manager in Gothenburg who shares tags with the rep."""
    return make_person(
        "sponsor",
        first_name="Anders",
        division=make_division("Secure"),
        location=make_location("Gothenburg"),
        job_functions=[
            make_job_function("Sales representative"),
            make_job_function("Key account manager"),
        ],
        expertise=["healthcare", "public tenders"],
        interests=["retail"],
        languages=["sv", "en", "de"],
    )


@pytest.fixture
def outsider(db):
    """Someone in another division and city with nothing in common with the rep."""
    return make_person(
        "outsider",
        division=make_division("Technical"),
        location=make_location("Lyon"),
        job_functions=[make_job_function("Service technician")],
        expertise=["hvac"],
        languages=["fr"],
    )


@pytest.fixture
def admin_user(db):
    return make_person("admin", is_staff=True, is_superuser=True)


def logged_in(client, profile):
    assert client.login(username=profile.user.username, password=PASSWORD)
    return client


@pytest.fixture
def rep_client(client, rep):
    return logged_in(client, rep)
