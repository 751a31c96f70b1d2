"""A community's files go only to those who may read the community, whatever URL they try."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.builders import add_member, image_upload, make_community, make_person
from tests.community.helpers import login, reload

PDF = b"%PDF-1.4\n% floor prices for the Solberga renewal\n%%EOF\n"


@pytest.fixture
def files(db):
    member, outsider = make_person("member"), make_person("outsider")
    admin = make_person("admin", is_superuser=True, is_staff=True)
    secret = make_community("Pricing council", preset="confidential")
    private = make_community("Bid team", preset="bid_team")
    public = make_community("Sales Community")
    for community in (secret, private):
        add_member(community, member)
    secret, private, public = reload(secret), reload(private), reload(public)

    def image(community, name):
        return get_image_model().objects.create(
            title=name, file=image_upload(f"{name}.png"), collection=community.collection
        )

    def document(community, name):
        return get_document_model().objects.create(
            title=name, file=ContentFile(PDF, name=f"{name}.pdf"), collection=community.collection
        )

    return {
        "member": member,
        "outsider": outsider,
        "admin": admin,
        "secret_image": image(secret, "secret-chart"),
        "private_image": image(private, "bid-chart"),
        "public_image": image(public, "sales-chart"),
        "secret_document": document(secret, "floor-prices"),
        "private_document": document(private, "bid-draft"),
        "public_document": document(public, "sales-deck"),
    }


def urls_of(files, name):
    """Every URL form that could reach the file: direct media, rendition, document serve."""
    item = files[name]
    if name.endswith("image"):
        return [
            item.file.url,
            item.get_rendition("fill-96x96").url,
            item.get_rendition("width-400").url,
        ]
    return [item.file.url, item.url]


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


@pytest.mark.parametrize(
    "name", ["secret_image", "private_image", "secret_document", "private_document"]
)
def test_non_members_get_404_from_every_url_of_a_members_only_file(client, files, name):
    client = login(client, files["outsider"])
    for url in urls_of(files, name):
        status, body = fetch(client, url)
        assert status == 404, url
        assert b"floor prices" not in body


@pytest.mark.parametrize(
    "name", ["secret_image", "private_image", "secret_document", "private_document"]
)
def test_members_and_admins_get_members_only_files(client, files, name):
    for person in ("member", "admin"):
        client.logout()
        for url in urls_of(files, name):
            assert fetch(login(client, files[person]), url)[0] == 200, (person, url)


@pytest.mark.parametrize("name", ["public_image", "public_document"])
def test_everyone_logged_in_gets_an_open_communitys_files(client, files, name):
    for url in urls_of(files, name):
        assert fetch(login(client, files["outsider"]), url)[0] == 200, url


@pytest.mark.parametrize("name", ["secret_document", "public_document", "secret_image"])
def test_nobody_anonymous_gets_any_file(client, files, name):
    for url in urls_of(files, name):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_a_document_download_returns_its_bytes(client, files):
    status, body = fetch(login(client, files["member"]), files["secret_document"].url)
    assert (status, body) == (200, PDF)


def test_leaving_a_community_takes_its_files_away(client, files):
    from intranet.community import membership
    from intranet.community.models import CommunityPage

    document = files["private_document"]
    client = login(client, files["member"])
    assert fetch(client, document.url)[0] == 200
    community = CommunityPage.objects.get(collection=document.collection)
    membership.leave(files["member"].user, community)
    assert fetch(client, document.url)[0] == 404
