"""Sharing a document through the upload form, adding versions, and adapting one item into another.

A refused upload answers 400 with the form, a message on the field and nothing saved: no page,
no LibraryFile, no Wagtail document, no image.
"""

import datetime
from types import SimpleNamespace

import pytest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from intranet.community.models import Role
from intranet.library import services
from intranet.library.models import LibraryFile, LibraryItemPage
from intranet.library.pdf import make_pdf
from tests.builders import add_member, image_bytes, make_community, make_person
from tests.community.helpers import built_once, login, reload, text
from tests.library.builders import (
    FILES,
    make_customer,
    make_item,
    make_product,
    upload,
)

pytestmark = pytest.mark.django_db

ALLOWED = ["pdf", "docx", "xlsx", "pptx", "odt", "png"]
SAVED_NOTHING = "Please correct the fields marked below. Nothing has been saved yet."


def _build_world():
    community = make_community("Sales Community")
    sharer, editor = make_person("sharer"), make_person("editor")
    add_member(community, sharer)
    add_member(community, editor, role=Role.EDITOR)
    other = make_community("Bid team", preset="bid_team")
    add_member(other, sharer)
    return SimpleNamespace(
        community=reload(community),
        library=services.library_of(community),
        other_library=services.library_of(other),
        sharer=sharer.user,
        editor=editor.user,
        customer=make_customer("Solberga Hospital"),
        products=[make_product("Manned guarding"), make_product("Key holding")],
    )


world = built_once(_build_world)


def form_data(world, **changes):
    """What the upload form sends for a complete, valid item; a value of None leaves it out."""
    data = {
        "file": upload("Offer Solberga.pdf"),
        "title": "Solberga guarding offer",
        "summary": "Guarding for a hospital campus, with a night patrol.",
        "document_type": "proposal",
        "outcome": "won",
        "customers": [world.customer.pk],
        "products": [product.pk for product in world.products],
        "industry": "healthcare",
        "region": "sweden",
        "language": "sv",
        "document_date": "2025-03-14",
        "review_by": "2026-03-14",
        "tags": "hospital, night patrol",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def share(client, world, **changes):
    login(client, world.sharer)
    return client.post(f"/library/{world.library.pk}/upload/", form_data(world, **changes))


def stored():
    """Everything an upload may save."""
    return {
        "pages": Page.objects.count(),
        "items": LibraryItemPage.objects.count(),
        "files": LibraryFile.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
    }


# Accepted uploads


@pytest.mark.parametrize("ext", ALLOWED)
def test_it_shares_a_real_file_of_each_allowed_type(client, world, ext):
    before = stored()

    response = share(client, world, file=upload(f"Offer Solberga.{ext}"))

    item = LibraryItemPage.objects.get(title="Solberga guarding offer")
    assert response.status_code == 302
    assert response["Location"] == item.url
    assert item.live
    assert item.get_parent().pk == world.library.pk
    assert item.community_id == world.community.pk
    assert item.owner == world.sharer
    first = item.files.get()
    assert (first.version, first.filename, first.uploaded_by) == (
        1,
        f"Offer Solberga.{ext}",
        world.sharer,
    )
    assert first.size == len(FILES[ext]())
    assert first.document.collection_id == reload(world.community).collection_id
    with first.document.file.open("rb") as f:
        assert f.read() == FILES[ext]()
    added_images = 1 if ext == "pdf" else 0
    assert stored() == {
        **before,
        "pages": before["pages"] + 1,
        "items": before["items"] + 1,
        "files": before["files"] + 1,
        "documents": before["documents"] + 1,
        "images": before["images"] + added_images,
    }


def test_a_pdf_gets_a_preview_of_its_first_page_in_the_communitys_collection(client, world):
    share(client, world, file=upload("offer.pdf", make_pdf("Solberga", ["Night patrol."])))

    first = LibraryItemPage.objects.get(title="Solberga guarding offer").files.get()
    preview = first.preview
    assert preview is not None
    assert preview.collection_id == reload(world.community).collection_id
    assert preview.width == services.PREVIEW_WIDTH
    assert preview.height > preview.width  # an A4 page is taller than wide


def test_an_image_is_kept_as_a_document_without_a_preview(client, world):
    share(client, world, file=upload("floor-plan.png", image_bytes("PNG", (40, 30))))
    first = LibraryItemPage.objects.get(title="Solberga guarding offer").files.get()
    assert first.preview is None


def test_it_keeps_every_piece_of_metadata(client, world):
    share(client, world)

    item = LibraryItemPage.objects.get(title="Solberga guarding offer")
    assert item.summary == "Guarding for a hospital campus, with a night patrol."
    assert (item.document_type, item.outcome) == ("proposal", "won")
    assert (item.industry, item.region, item.language) == ("healthcare", "sweden", "sv")
    assert item.document_date == datetime.date(2025, 3, 14)
    assert item.review_by == datetime.date(2026, 3, 14)
    assert list(item.customers.all()) == [world.customer]
    assert set(item.products.all()) == set(world.products)
    assert sorted(tag.name for tag in item.tags.all()) == ["hospital", "night patrol"]
    assert item.slug == "solberga-guarding-offer"


def test_the_item_page_shows_what_was_shared(client, world):
    share(client, world)
    item = LibraryItemPage.objects.get(title="Solberga guarding offer")

    page = text(client.get(item.url))

    assert "Solberga Hospital" in page
    assert "Key holding, Manned guarding" in page
    assert "Download Offer Solberga.pdf" in page
    assert f'href="/library/files/{item.files.get().pk}/download/"' in page


def test_the_same_title_twice_gets_a_second_slug(client, world):
    share(client, world)
    share(client, world)
    slugs = sorted(LibraryItemPage.objects.values_list("slug", flat=True))
    assert slugs == ["solberga-guarding-offer", "solberga-guarding-offer-2"]


def test_a_path_in_the_file_name_is_dropped(client, world):
    share(client, world, file=upload("..\\..\\Offer\u202e.pdf"))
    first = LibraryItemPage.objects.get(title="Solberga guarding offer").files.get()
    assert first.filename == "Offer.pdf"


# Refused uploads


def _assert_refused(response, field, message, before):
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    page = text(response)
    assert SAVED_NOTHING in page
    assert message.replace("'", "&#x27;") in page
    assert stored() == before


REFUSED_FILES = {
    "an .exe": ("setup.exe", b"MZ\x90\x00 a Windows program", "Files of type .exe cannot"),
    "an .html page": ("offer.html", b"<html><script>alert(1)</script>", "Files of type .html"),
    "a PDF named .docx": ("offer.docx", make_pdf("Offer", ["Not Word."]), "not a real .docx"),
    "a PNG named .pdf": ("offer.pdf", image_bytes("PNG"), "This file is not a real .pdf file."),
    "a name without extension": ("offer", make_pdf("Offer", []), "The file name has no ext"),
    "an empty file": ("offer.pdf", b"", "The submitted file is empty."),
}


@pytest.mark.parametrize("case", list(REFUSED_FILES))
def test_it_refuses_a_wrong_file_and_saves_nothing(client, world, case):
    name, data, message = REFUSED_FILES[case]
    before = stored()

    response = share(client, world, file=upload(name, data))

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["file"])
    assert SAVED_NOTHING in text(response)
    assert stored() == before


def test_the_refusal_of_another_type_lists_the_allowed_ones(client, world):
    response = share(client, world, file=upload("setup.exe", b"MZ"))
    (error,) = response.context["form"].errors["file"]
    assert error.startswith("Files of type .exe cannot be uploaded. Upload one of: .pdf, .docx")


def test_it_refuses_a_file_over_the_limit_read_when_the_form_is_checked(client, world, settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 500
    data = make_pdf("Offer", ["A paragraph that makes the file larger than the limit."] * 5)
    assert len(data) > 500
    before = stored()

    response = share(client, world, file=upload("offer.pdf", data))

    (error,) = response.context["form"].errors["file"]
    assert error.startswith("The file is too large (")
    assert error.endswith("the limit is 500\xa0bytes.")
    assert response.status_code == 400
    assert stored() == before


def test_a_file_at_the_limit_is_accepted(client, world, settings):
    data = FILES["docx"]()
    settings.LIBRARY_MAX_UPLOAD_BYTES = len(data)
    response = share(client, world, file=upload("offer.docx", data))
    assert response.status_code == 302
    assert LibraryItemPage.objects.filter(title="Solberga guarding offer").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("file", None),
        ("title", None),
        ("title", "   "),
        ("summary", None),
        ("summary", ""),
        ("products", None),
        ("document_date", None),
        ("document_type", None),
        ("outcome", None),
        ("industry", None),
        ("region", None),
        ("language", None),
    ],
)
def test_it_requires_the_metadata_and_saves_nothing(client, world, field, value):
    before = stored()
    response = share(client, world, **{field: value})
    _assert_refused(response, field, "This field is required.", before)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("document_date", "14/03/2025", "Enter a valid date."),
        ("outcome", "maybe", "Select a valid choice. maybe is not one of the available choices."),
        ("products", ["999999"], "Select a valid choice. 999999 is not one of the"),
        ("title", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_it_refuses_bad_metadata_and_saves_nothing(client, world, field, value, message):
    before = stored()
    response = share(client, world, **{field: value})
    assert response.status_code == 400
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert stored() == before


def test_a_refused_upload_keeps_what_was_typed(client, world):
    response = share(client, world, products=None, title="Keep this title")
    assert response.status_code == 400
    assert 'value="Keep this title"' in text(response)


def test_the_form_offers_only_this_librarys_items_to_adapt(client, world):
    mine = make_item(world.community, world.sharer, title="Ours to adapt", file="docx")
    theirs = make_item(world.other_library.community, world.sharer, title="Theirs", file="docx")
    before = stored()

    page = text(login(client, world.sharer).get(f"/library/{world.library.pk}/upload/"))
    response = share(client, world, derived_from=theirs.pk)

    assert "Ours to adapt" in page and "Theirs" not in page
    assert response.status_code == 400
    assert response.context["form"].errors["derived_from"]
    assert stored() == before
    assert share(client, world, derived_from=mine.pk).status_code == 302


# Versions


def post_version(client, person, item, file):
    login(client, person)
    return client.post(f"/library/items/{item.pk}/versions/", {"file": file})


def test_a_new_version_keeps_the_old_one_listed_newest_first(client, world):
    share(client, world, file=upload("offer-draft.pdf"))
    item = LibraryItemPage.objects.get(title="Solberga guarding offer")
    first = item.files.get()

    response = post_version(client, world.sharer, item, upload("offer-final.docx"))

    assert response.status_code == 302
    assert response["Location"] == item.url
    second, old = item.files.all()
    assert (second.version, second.filename, old.pk) == (2, "offer-final.docx", first.pk)
    assert second.document.collection_id == reload(world.community).collection_id
    assert second.document_id != first.document_id
    page = text(client.get(item.url))
    assert "Download offer-final.docx" in page
    assert page.index("version 2,") < page.index("version 1,")
    assert f'href="/library/files/{first.pk}/download/">offer-draft.pdf</a>' in page
    assert client.get(f"/library/files/{first.pk}/download/").status_code == 200


def test_an_editor_adds_a_version_to_someone_elses_item(client, world):
    item = make_item(world.community, world.sharer, file="docx")
    response = post_version(client, world.editor, item, upload("revised.pdf"))
    newest = item.files.first()
    assert response.status_code == 302
    assert (newest.version, newest.uploaded_by) == (2, world.editor)
    assert newest.preview is not None


def test_the_third_version_follows_the_second(client, world):
    item = make_item(world.community, world.sharer, file="docx")
    for name in ("second.docx", "third.xlsx"):
        assert post_version(client, world.sharer, item, upload(name)).status_code == 302
    assert list(item.files.values_list("version", "filename")) == [
        (3, "third.xlsx"),
        (2, "second.docx"),
        (1, f"{item.title}.docx"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ", "Files of type .exe cannot be uploaded."),
        ("offer.docx", make_pdf("Offer", ["Not Word."]), "This file is not a real .docx file."),
        ("offer.pdf", b"", "The submitted file is empty."),
    ],
)
def test_a_refused_version_answers_400_and_saves_nothing(client, world, name, data, message):
    item = make_item(world.community, world.sharer, file="docx")
    before = stored()

    response = post_version(client, world.sharer, item, upload(name, data))

    assert response.status_code == 400
    assert any(error.startswith(message) for error in response.context["form"].errors["file"])
    assert "Nothing has been saved." in text(response)
    assert stored() == before
    assert item.files.count() == 1


def test_a_version_over_the_limit_is_refused(client, world, settings):
    item = make_item(world.community, world.sharer, file="docx")
    settings.LIBRARY_MAX_UPLOAD_BYTES = 100
    before = stored()
    response = post_version(client, world.sharer, item, upload("offer.pdf"))
    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("The file is too large")
    assert stored() == before


def test_a_version_without_a_file_is_refused(client, world):
    item = make_item(world.community, world.sharer, file="docx")
    before = stored()
    response = login(client, world.sharer).post(f"/library/items/{item.pk}/versions/", {})
    assert response.status_code == 400
    assert stored() == before


# Adapted from


def test_derived_from_links_both_ways(client, world):
    original = make_item(world.community, world.editor, title="Kvarnby guarding 2023", file="docx")

    response = share(client, world, derived_from=original.pk)

    adapted = LibraryItemPage.objects.get(title="Solberga guarding offer")
    assert response.status_code == 302
    assert adapted.derived_from_id == original.pk
    adapted_page, original_page = text(client.get(adapted.url)), text(client.get(original.url))
    assert "Adapted from" in adapted_page
    assert f'<a href="{original.url}">Kvarnby guarding 2023</a>' in adapted_page
    assert "Adapted into" in original_page
    assert f'<a href="{adapted.url}">Solberga guarding offer</a>' in original_page


def test_an_unpublished_original_is_not_linked(client, world):
    original = make_item(world.community, world.editor, title="Withdrawn", file="docx")
    adapted = make_item(world.community, world.sharer, derived_from=original, file="docx")
    original.unpublish()
    page = text(login(client, world.sharer).get(adapted.url))
    assert "Adapted from" not in page
    assert "Withdrawn" not in page


def test_an_unpublished_adaptation_is_not_linked(client, world):
    original = make_item(world.community, world.editor, title="Kept", file="docx")
    adapted = make_item(world.community, world.sharer, title="Draft copy", derived_from=original)
    adapted.unpublish()
    page = text(login(client, world.sharer).get(original.url))
    assert "Adapted into" not in page
    assert "Draft copy" not in page
