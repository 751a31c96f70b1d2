"""Who may do what in a community's library, for every persona, URL and kind of community.

Outcomes in the table:
    ok     allowed: 200 for a page or a file (which shows its content, or is the file's bytes),
           302 back to the item after an action, whose effect is in the database
    403    refused: the person may read the library but not do this; nothing changed
    404    invisible: the same answer as for something that does not exist; nothing changed
    login  an anonymous visitor is sent to the login page; nothing changed

Communities: "open" (preset function), "private" (preset bid_team) and "secret" (preset
confidential). In each, the member, the owner and the editor hold that role; the owner shared
the item, a PDF with a preview. The invited person was invited and has not answered yet: they
may know the community exists but read no more than a non-member. The admin is a superuser and
a member of nothing.

Choices the table records:
    - Anyone who may read a library may download its files and say they reused an item; in an
      open community that includes employees who have not joined.
    - Sharing needs permissions.can_contribute: in an open community, those who have not joined
      may read but not share (403).
    - A new version is for the item's owner (if they may still contribute) and for those who
      may publish others' work: editors and admins. Other members get 403.
    - The review report is for the community's editors and admins.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from intranet.community import permissions
from intranet.community.models import Membership, Participation, Role, Status
from intranet.library import services
from intranet.library.models import LibraryFile, LibraryItemPage, Reuse
from intranet.library.pdf import make_pdf
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, is_login_redirect, login, matrix_cases, reload, text
from tests.library.builders import make_customer, make_item, make_product, upload

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "nonmember", "invited", "member", "owner", "editor", "admin")
COMMUNITIES = {"open": "function", "private": "bid_team", "secret": "confidential"}
PREVIEW_FILTER = "max-240x320"

MATRIX = """
action       community  anonymous  nonmember  invited  member  owner  editor  admin
library      open       login      ok         ok       ok      ok     ok      ok
library      private    login      404        404      ok      ok     ok      ok
library      secret     login      404        404      ok      ok     ok      ok
facets       open       login      ok         ok       ok      ok     ok      ok
facets       private    login      404        404      ok      ok     ok      ok
facets       secret     login      404        404      ok      ok     ok      ok
item         open       login      ok         ok       ok      ok     ok      ok
item         private    login      404        404      ok      ok     ok      ok
item         secret     login      404        404      ok      ok     ok      ok
download     open       login      ok         ok       ok      ok     ok      ok
download     private    login      404        404      ok      ok     ok      ok
download     secret     login      404        404      ok      ok     ok      ok
document     open       login      ok         ok       ok      ok     ok      ok
document     private    login      404        404      ok      ok     ok      ok
document     secret     login      404        404      ok      ok     ok      ok
media        open       login      ok         ok       ok      ok     ok      ok
media        private    login      404        404      ok      ok     ok      ok
media        secret     login      404        404      ok      ok     ok      ok
preview      open       login      ok         ok       ok      ok     ok      ok
preview      private    login      404        404      ok      ok     ok      ok
preview      secret     login      404        404      ok      ok     ok      ok
rendition    open       login      ok         ok       ok      ok     ok      ok
rendition    private    login      404        404      ok      ok     ok      ok
rendition    secret     login      404        404      ok      ok     ok      ok
upload_form  open       login      403        403      ok      ok     ok      ok
upload_form  private    login      404        404      ok      ok     ok      ok
upload_form  secret     login      404        404      ok      ok     ok      ok
upload       open       login      403        403      ok      ok     ok      ok
upload       private    login      404        404      ok      ok     ok      ok
upload       secret     login      404        404      ok      ok     ok      ok
version      open       login      403        403      403     ok     ok      ok
version      private    login      404        404      403     ok     ok      ok
version      secret     login      404        404      403     ok     ok      ok
reuse        open       login      ok         ok       ok      ok     ok      ok
reuse        private    login      404        404      ok      ok     ok      ok
reuse        secret     login      404        404      ok      ok     ok      ok
review       open       login      403        403      403     403    ok      ok
review       private    login      404        404      403     403    ok      ok
review       secret     login      404        404      403     403    ok      ok
"""


def _cases(table):
    return matrix_cases(table, PERSONAS)


@dataclass
class Action:
    """How to ask for one thing, and what shows that it was given or done."""

    method: str
    url: object  # scene -> path
    data: object = None  # scene -> dict
    state: object = None  # scene -> a comparable snapshot of what the action changes
    shows: object = None  # scene -> text an allowed page shows
    body: object = None  # scene -> the exact bytes an allowed file download returns


def _library_files(scene):
    return LibraryFile.objects.filter(item__community=scene.community).count()


def _stored(scene):
    """Everything an upload or a new version would add, anywhere."""
    return (
        LibraryItemPage.objects.count(),
        LibraryFile.objects.count(),
        get_document_model().objects.count(),
        get_image_model().objects.count(),
    )


def _upload_data(scene):
    return {
        "file": upload("shared-in-the-matrix.pdf", make_pdf("Shared in the matrix", ["Text."])),
        "title": "Shared in the matrix",
        "summary": "A proposal shared while testing permissions.",
        "document_type": "proposal",
        "outcome": "pending",
        "products": [scene.product.pk],
        "industry": "healthcare",
        "region": "sweden",
        "language": "en",
        "document_date": "2025-05-02",
    }


ACTIONS = {
    "library": Action("get", lambda s: s.library.url, shows=lambda s: s.item.title),
    "facets": Action(
        "get",
        lambda s: f"{s.library.url}?product={s.product.slug}&outcome=won",
        shows=lambda s: f"{s.customer.name} (1)",
    ),
    "item": Action("get", lambda s: s.item.url, shows=lambda s: s.item.summary),
    "download": Action(
        "get", lambda s: f"/library/files/{s.file.pk}/download/", body=lambda s: s.pdf
    ),
    "document": Action("get", lambda s: s.file.document.url, body=lambda s: s.pdf),
    "media": Action("get", lambda s: s.file.document.file.url, body=lambda s: s.pdf),
    "preview": Action("get", lambda s: s.file.preview.file.url, body=lambda s: s.preview_png),
    "rendition": Action("get", lambda s: s.rendition_url, body=lambda s: s.rendition_png),
    "upload_form": Action(
        "get", lambda s: f"/library/{s.library.pk}/upload/", shows=lambda s: "Share a document"
    ),
    "upload": Action(
        "post", lambda s: f"/library/{s.library.pk}/upload/", data=_upload_data, state=_stored
    ),
    "version": Action(
        "post",
        lambda s: f"/library/items/{s.item.pk}/versions/",
        data=lambda s: {"file": upload("revised.pdf", make_pdf("Revised", ["Cheaper."]))},
        state=_stored,
    ),
    "reuse": Action(
        "post",
        lambda s: f"/library/items/{s.item.pk}/reuse/",
        data=lambda s: {"customer": s.customer.pk},
        state=lambda s: Reuse.objects.filter(item=s.item).count(),
    ),
    "review": Action(
        "get", lambda s: f"/library/{s.library.pk}/review/", shows=lambda s: s.item.title
    ),
}


def _file_bytes(field):
    with field.open("rb") as f:
        return f.read()


def _build_world():
    people = {
        name: make_person(name) for name in ("nonmember", "invited", "member", "owner", "editor")
    }
    people["admin"] = make_person("admin", is_staff=True, is_superuser=True)
    customer, product = make_customer("Solberga Hospital"), make_product("Manned guarding")
    scenes = {}
    for key, preset in COMMUNITIES.items():
        community = make_community(f"The {key} community", preset=preset)
        add_member(community, people["member"])
        add_member(community, people["owner"])
        add_member(community, people["editor"], role=Role.EDITOR)
        Membership.objects.create(
            community=community, user=people["invited"].user, status=Status.INVITED
        )
        secret = f"Floor price for the {key} community: 41 SEK an hour"
        item = make_item(
            community,
            people["owner"],
            title=f"Solberga guarding, {key}",
            summary=f"What the {key} community offered Solberga.",
            customers=[customer],
            products=[product],
            outcome="won",
            review_by=datetime.date(2020, 1, 1),
            file=upload(f"solberga-{key}.pdf", make_pdf(f"Solberga {key}", [secret])),
        )
        library_file = item.files.get()
        rendition = library_file.preview.get_rendition(PREVIEW_FILTER)
        scenes[key] = SimpleNamespace(
            community=reload(community),
            library=services.library_of(community),
            item=item,
            file=library_file,
            customer=customer,
            product=product,
            secret=secret,
            pdf=_file_bytes(library_file.document.file),
            preview_png=_file_bytes(library_file.preview.file),
            rendition_url=rendition.url,
            rendition_png=_file_bytes(rendition.file),
        )
    users = {name: profile.user for name, profile in people.items()}
    return SimpleNamespace(users=users, scenes=scenes)


world = built_once(_build_world)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_no_secrets(scene, body):
    """Neither the file's bytes, its text, its preview nor the item's details are in `body`."""
    for secret in (scene.pdf, scene.secret.encode(), scene.preview_png, scene.rendition_png):
        assert secret not in body
    assert scene.item.summary.encode() not in body
    assert scene.item.title.encode() not in body


@pytest.mark.parametrize(("action", "community", "persona", "expected"), list(_cases(MATRIX)))
def test_the_library_permission_matrix(client, db, world, action, community, persona, expected):
    scene, act = world.scenes[community], ACTIONS[action]
    user = world.users.get(persona)
    if user is not None:
        client.force_login(user)
    before = act.state(scene) if act.state else None

    data = act.data(scene) if act.data else {}
    response = getattr(client, act.method)(act.url(scene), data)

    body = _body(response)
    after = act.state(scene) if act.state else None
    if expected == "login":
        assert is_login_redirect(response)
        assert after == before
        _assert_no_secrets(scene, body)
    elif expected in ("403", "404"):
        assert response.status_code == int(expected)
        assert after == before
        _assert_no_secrets(scene, body)
    else:
        assert expected == "ok"
        if act.method == "post":
            assert response.status_code == 302
            assert not is_login_redirect(response)
            assert after != before
        else:
            assert response.status_code == 200
            if act.body:
                assert body == act.body(scene)
            if act.shows:
                assert act.shows(scene) in body.decode()


def test_a_download_is_an_attachment_under_the_uploaded_name(client, world):
    scene = world.scenes["private"]
    response = login(client, world.users["member"]).get(f"/library/files/{scene.file.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="solberga-private.pdf"'
    assert _body(response) == scene.pdf


def test_an_upload_lands_in_the_library_it_was_sent_to(client, world):
    scene = world.scenes["private"]
    response = login(client, world.users["member"]).post(
        f"/library/{scene.library.pk}/upload/", _upload_data(scene)
    )
    item = LibraryItemPage.objects.get(title="Shared in the matrix")
    assert response.status_code == 302
    assert response["Location"] == item.url
    assert item.get_parent().pk == scene.library.pk
    assert item.community_id == scene.community.pk
    assert item.owner == world.users["member"]


def test_a_new_version_by_the_owner_is_numbered_and_credited(client, world):
    scene = world.scenes["open"]
    response = login(client, world.users["owner"]).post(
        f"/library/items/{scene.item.pk}/versions/",
        {"file": upload("revised.docx")},
    )
    assert response.status_code == 302
    assert response["Location"] == scene.item.url
    newest = scene.item.files.first()
    assert (newest.version, newest.filename) == (2, "revised.docx")
    assert newest.uploaded_by == world.users["owner"]
    assert newest.document.collection_id == scene.community.collection_id


def test_a_reuse_is_recorded_for_the_reader_who_reused_it(client, world):
    scene = world.scenes["open"]
    response = login(client, world.users["nonmember"]).post(
        f"/library/items/{scene.item.pk}/reuse/", {"customer": ""}
    )
    assert response.status_code == 302
    found = Reuse.objects.get(item=scene.item)
    assert (found.user, found.customer) == (world.users["nonmember"], None)


@pytest.mark.parametrize("community", list(COMMUNITIES))
def test_the_library_links_only_to_what_the_reader_may_do(client, world, community):
    scene = world.scenes[community]
    upload_link = f'href="/library/{scene.library.pk}/upload/"'
    review_link = f'href="/library/{scene.library.pk}/review/"'
    version_form = f'action="/library/items/{scene.item.pk}/versions/"'
    for persona, may_upload, may_review, may_version in [
        ("nonmember", False, False, False),
        ("member", True, False, False),
        ("owner", True, False, True),
        ("editor", True, True, True),
        ("admin", True, True, True),
    ]:
        client.logout()
        login(client, world.users[persona])
        library = client.get(scene.library.url)
        item = client.get(scene.item.url)
        if library.status_code == 404:
            assert persona == "nonmember" and community != "open"
            continue
        assert (upload_link in text(library)) is may_upload, persona
        assert (review_link in text(library)) is may_review, persona
        assert (version_form in text(item)) is may_version, persona


# The upload view must agree with permissions.can_contribute for every participation level.
PARTICIPATIONS = {
    "read-only member": Participation.READ,
    "contributing member": Participation.CONTRIBUTE,
    "publishing member": Participation.PUBLISH,
}


@pytest.mark.parametrize("community", list(COMMUNITIES))
@pytest.mark.parametrize("exception", [None, *PARTICIPATIONS])
def test_sharing_is_allowed_exactly_when_can_contribute_says_so(
    client, world, community, exception
):
    scene = world.scenes[community]
    person = make_person("excepted")
    if exception is not None:
        add_member(scene.community, person, participation=PARTICIPATIONS[exception])
    user = reload(person.user)
    before = _stored(scene)

    response = login(client, user).post(f"/library/{scene.library.pk}/upload/", _upload_data(scene))

    if permissions.can_contribute(user, reload(scene.community)):
        assert response.status_code == 302
        assert _stored(scene)[0] == before[0] + 1
    else:
        expected = 404 if not permissions.can_read(user, reload(scene.community)) else 403
        assert response.status_code == expected
        assert _stored(scene) == before
    assert exception != "read-only member" or response.status_code == 403


def test_a_read_only_member_may_still_download_and_reuse(client, world):
    scene = world.scenes["secret"]
    person = make_person("reader")
    add_member(scene.community, person, participation=Participation.READ)
    client = login(client, person)
    download = client.get(f"/library/files/{scene.file.pk}/download/")
    reused = client.post(f"/library/items/{scene.item.pk}/reuse/", {"customer": ""})
    assert download.status_code == 200
    assert _body(download) == scene.pdf
    assert reused.status_code == 302
    assert Reuse.objects.filter(item=scene.item, user=person.user).count() == 1


def test_the_owner_who_left_may_no_longer_add_versions(client, world):
    from intranet.community import membership

    scene = world.scenes["private"]
    owner = world.users["owner"]
    membership.leave(owner, scene.community)
    before = _library_files(scene)
    response = login(client, owner).post(
        f"/library/items/{scene.item.pk}/versions/", {"file": upload("revised.pdf")}
    )
    assert response.status_code == 404
    assert _library_files(scene) == before


def test_unpublished_items_and_their_files_are_gone_for_everyone(client, world):
    scene = world.scenes["open"]
    LibraryItemPage.objects.get(pk=scene.item.pk).unpublish()
    client = login(client, world.users["admin"])
    assert client.get(scene.item.url).status_code == 404
    assert client.get(f"/library/files/{scene.file.pk}/download/").status_code == 404
    assert client.get(scene.file.document.url).status_code == 404  # Wagtail's document URL
    assert client.get(f"/media/{scene.file.document.file.name}").status_code == 404
    if scene.file.preview:
        assert client.get(f"/media/{scene.file.preview.file.name}").status_code == 404
    assert client.post(f"/library/items/{scene.item.pk}/reuse/").status_code == 404
    assert Reuse.objects.filter(item=scene.item).count() == 0
    assert scene.item.title not in text(client.get(scene.library.url))


@pytest.mark.parametrize(
    "url",
    [
        "/library/999999/upload/",
        "/library/999999/review/",
        "/library/files/999999/download/",
        "/library/999999999999999999999/upload/",
    ],
)
def test_unknown_ids_are_404(client, world, url):
    assert login(client, world.users["admin"]).get(url).status_code == 404


def test_ids_of_the_wrong_kind_are_404(client, world):
    scene = world.scenes["open"]
    client = login(client, world.users["admin"])
    assert client.get(f"/library/{scene.item.pk}/upload/").status_code == 404
    assert client.post(f"/library/items/{scene.library.pk}/reuse/").status_code == 404
    assert client.post(f"/library/items/{scene.library.pk}/versions/").status_code == 404


def test_actions_answer_only_to_post(client, world):
    scene = world.scenes["open"]
    client = login(client, world.users["admin"])
    for url in (
        f"/library/items/{scene.item.pk}/reuse/",
        f"/library/items/{scene.item.pk}/versions/",
    ):
        assert client.get(url).status_code == 405
    assert Reuse.objects.filter(item=scene.item).count() == 0


def test_images_are_not_served_from_another_communitys_preview(client, world):
    """A member of the private community cannot reach the secret one's preview by its path."""
    scene, other = world.scenes["secret"], world.scenes["private"]
    person = make_person("bidder")
    add_member(other.community, person)
    client = login(client, person)
    assert client.get(other.file.preview.file.url).status_code == 200
    for url in (scene.file.preview.file.url, scene.rendition_url):
        response = client.get(url)
        assert response.status_code == 404
        _assert_no_secrets(scene, _body(response))
