"""Builders for the library tests: items with real files, reuses, and uploads of every kind.

`make_item` goes through intranet.library.services.add_item, as the upload view does, so an
item built here is what a colleague's upload would have made: a live page in the community's
library, a LibraryFile v1 kept as a Wagtail document in the community's collection and, for a
PDF, a preview image there too.
"""

import datetime
import itertools
import zipfile
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from intranet.library import services
from intranet.library.files import OLE_MAGIC
from intranet.library.models import Reuse
from intranet.library.pdf import make_pdf
from intranet.taxonomy.models import Customer, Product
from tests.builders import image_bytes, make_term

_numbers = itertools.count(1)
ODF = "application/vnd.oasis.opendocument."


def make_customer(name="Solberga Hospital", **fields):
    return make_term(Customer, name, **fields)


def make_product(name="Manned guarding", **fields):
    return make_term(Product, name, **fields)


def _user(person):
    """A User from a Profile or a User."""
    return getattr(person, "user", person)


def zip_bytes(entries, stored=()):
    """A ZIP of (name, text) entries in order; names in `stored` are not compressed.

    Every entry has the same date, so the same entries always make the same bytes.
    """
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            entry = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return buffer.getvalue()


def ooxml(main_part):
    """A minimal Office Open XML package whose main part is e.g. word/document.xml."""
    return zip_bytes(
        [
            ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
            ("_rels/.rels", '<?xml version="1.0"?><Relationships/>'),
            (main_part, '<?xml version="1.0"?><root/>'),
        ]
    )


def opendocument(kind):
    """A minimal OpenDocument package: an uncompressed `mimetype` first, then the content."""
    entries = [("mimetype", ODF + kind), ("content.xml", '<?xml version="1.0"?><office/>')]
    return zip_bytes(entries, stored={"mimetype"})


# Real, minimal files of each kind the library takes, by extension.
FILES = {
    "pdf": lambda: make_pdf("Offer for Solberga", ["Guarding, seven days a week."]),
    "docx": lambda: ooxml("word/document.xml"),
    "xlsx": lambda: ooxml("xl/workbook.xml"),
    "pptx": lambda: ooxml("ppt/presentation.xml"),
    "odt": lambda: opendocument("text"),
    "doc": lambda: OLE_MAGIC + bytes(1024 - len(OLE_MAGIC)),
    "png": lambda: image_bytes("PNG"),
}


def upload(name="offer.pdf", data=None):
    """An uploaded file; without data, a real file of the kind its extension names."""
    if data is None:
        data = FILES[name.rpartition(".")[2].lower()]()
    return SimpleUploadedFile(name, data)


def pdf_upload(title="Offer", paragraphs=("Guarding, seven days a week.",), name=None):
    return upload(name or f"{title[:40]}.pdf", make_pdf(title, list(paragraphs)))


def item_data(**metadata):
    """What LibraryItemForm.cleaned_data holds for a sensible item, with `metadata` applied."""
    number = next(_numbers)
    data = {
        "title": f"Guarding proposal {number}",
        "summary": "Manned guarding for a hospital campus, with a night patrol.",
        "document_type": "proposal",
        "outcome": "won",
        "industry": "healthcare",
        "region": "sweden",
        "language": "en",
        "document_date": datetime.date(2025, 3, 14),
        "review_by": None,
        "derived_from": None,
        "customers": [],
        "products": [],
        "tags": [],
    }
    data.update(metadata)
    return data


def make_item(community, owner, file=None, slug=None, **metadata):
    """A published item with its first file: a PDF (so with a preview) unless `file` is given.

    `file` may be an extension ("docx": a real file without a preview, cheaper to build) or an
    uploaded file. Metadata are the form's fields: customers and products as lists of terms.
    """
    data = item_data(**metadata)
    if file is None:
        file = pdf_upload(data["title"], [data["summary"]])
    elif isinstance(file, str):
        file = upload(f"{data['title'][:40]}.{file}")
    library = services.library_of(community)
    return services.add_item(library, _user(owner), data, file, slug=slug)


def add_version(item, by, file=None):
    """Another version of the item's file: a PDF unless `file` is given (as in make_item)."""
    if file is None:
        file = pdf_upload(f"{item.title} (revised)")
    elif isinstance(file, str):
        file = upload(f"revised.{file}")
    return services.add_version(item, file, _user(by))


def reuse(item, person, customer=None, times=1):
    """`times` reuses of the item by the person; the last one."""
    found = None
    for _ in range(times):
        found = services.record_reuse(item, _user(person), customer)
    return found


def reuse_count(item):
    return Reuse.objects.filter(item=item).count()
