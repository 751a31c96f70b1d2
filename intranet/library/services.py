"""Adding items, new versions and reuses; the views check permission first."""

import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from intranet.community.membership import community_collection
from intranet.pages import unique_child_slug

from . import pdf
from .files import safe_filename
from .models import LibraryFile, LibraryItemPage, LibraryPage, Reuse

PREVIEW_WIDTH = 600


def library_of(community):
    return LibraryPage.objects.child_of(community).live().first()


def _store(item, upload, by, version):
    """Keep the uploaded file as a Wagtail document in the community's collection."""
    collection = community_collection(item.community)
    name = safe_filename(upload.name)
    upload.seek(0)
    data = upload.read()
    document = get_document_model()(title=f"{item.title} (v{version})", collection=collection)
    document.uploaded_by_user = by
    document.file.save(name, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    preview = _preview(item, data, collection) if name.lower().endswith(".pdf") else None
    return LibraryFile.objects.create(
        item=item,
        document=document,
        preview=preview,
        version=version,
        filename=name,
        size=len(data),
        uploaded_by=by,
    )


def _preview(item, data, collection):
    png = pdf.first_page_png(data, width=PREVIEW_WIDTH)
    if png is None:
        return None
    image = get_image_model()(
        title=_("Preview of %(title)s") % {"title": item.title}, collection=collection
    )
    image.file = ContentFile(png, name=f"{os.path.splitext(item.slug)[0]}-preview.png")
    image._set_image_file_metadata()
    image.save()
    return image


def _apply(item, data):
    item.title = data["title"]
    item.summary = data["summary"]
    for name in ("document_type", "outcome", "industry", "region", "language"):
        setattr(item, name, data[name])
    item.document_date = data["document_date"]
    item.review_by = data.get("review_by")
    item.derived_from = data.get("derived_from")
    item.customers = data.get("customers") or []
    item.products = data.get("products") or []
    item.tags.set(data.get("tags") or [])


@transaction.atomic
def add_item(library, author, data, upload, slug=None):
    """Publish a new item with its first file; `data` is a LibraryItemForm's cleaned_data."""
    item = LibraryItemPage(
        owner=author, slug=slug or unique_child_slug(library, data["title"], "item")
    )
    _apply(item, data)
    item.community = library.community
    library.add_child(instance=item)
    item.save_revision(user=author).publish(user=author, skip_permission_checks=True)
    _store(item, upload, author, version=1)
    return item


@transaction.atomic
def add_version(item, upload, by):
    latest = item.files.order_by("-version").values_list("version", flat=True).first() or 0
    return _store(item, upload, by, version=latest + 1)


def record_reuse(item, user, customer=None):
    from intranet.recognition import services as recognition

    reuse = Reuse.objects.create(item=item, user=user, customer=customer)
    recognition.refresh_item(item)
    return reuse
