"""NUL bytes and junk in paths and query strings get a 4xx, never a 500 (PostgreSQL refuses NUL)."""

import pytest

from tests.builders import add_member, make_community, make_person
from tests.conftest import logged_in

PATHS = [
    "/people/bad%00name/",
    "/people/bad%00name/edit/",
    "/people/?q=a%00b",
    "/people/?expertise=a%00b",
    "/c/tags/?q=a%00b",
    "/c/follow/tag/a%00b/",
    "/c/follow/person/a%00b/",
    "/c/follow/community/1%00/",
    "/communities/sales%00/",
    "/communities/sales/library/?customer=a%00b",
    "/communities/sales/library/?sort=%00",
    "/media/original_images/a%00b.png",
    "/documents/1/a%00b.pdf",
]


@pytest.mark.parametrize("path", PATHS)
def test_nul_bytes_get_a_clear_4xx(client, db, path):
    person = make_person("rep")
    add_member(make_community("Sales"), person)
    client = logged_in(client, person)
    method = client.post if "/follow/" in path else client.get
    response = method(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


def test_a_posted_nul_byte_in_a_lookup_is_a_form_error_not_a_500(client, db):
    editor = make_person("editor")
    community = make_community("Bid team", preset="bid_team")
    add_member(community, editor, role="editor")
    response = logged_in(client, editor).post(
        f"/c/{community.pk}/members/invite/", {"username": "bad\x00name"}
    )
    assert response.status_code == 400
