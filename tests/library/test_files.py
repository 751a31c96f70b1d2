"""Uploads are judged by their content; download names are made safe. No database needed."""

import random
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from intranet.library.files import KINDS, OLE_MAGIC, check_upload, safe_filename
from intranet.library.pdf import make_pdf
from tests.builders import image_bytes, png_claiming_size

LIMIT = 1024 * 1024
ODF = "application/vnd.oasis.opendocument."


def zip_bytes(entries, stored=()):
    """A ZIP of (name, text) entries in order; names in `stored` are not compressed."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            compression = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compression)
    return buffer.getvalue()


def ooxml(main_part):
    """A minimal Office Open XML package whose main part is `main_part`, e.g. word/document.xml."""
    return zip_bytes(
        [
            ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
            ("_rels/.rels", '<?xml version="1.0"?><Relationships/>'),
            (main_part, '<?xml version="1.0"?><root/>'),
        ]
    )


def opendocument(kind, stored=True):
    """A minimal OpenDocument package: `mimetype` first, then the content."""
    entries = [("mimetype", ODF + kind), ("content.xml", '<?xml version="1.0"?><office/>')]
    return zip_bytes(entries, stored={"mimetype"} if stored else ())


def ole2():
    """The signature of a compound file, padded to a full header and one sector."""
    return OLE_MAGIC + bytes(1024 - len(OLE_MAGIC))


VALID = {
    "pdf": lambda: make_pdf("Offer", ["A real PDF."]),
    "docx": lambda: ooxml("word/document.xml"),
    "xlsx": lambda: ooxml("xl/workbook.xml"),
    "pptx": lambda: ooxml("ppt/presentation.xml"),
    "doc": ole2,
    "xls": ole2,
    "ppt": ole2,
    "odt": lambda: opendocument("text"),
    "ods": lambda: opendocument("spreadsheet"),
    "odp": lambda: opendocument("presentation"),
    "png": lambda: image_bytes("PNG"),
    "jpg": lambda: image_bytes("JPEG"),
    "jpeg": lambda: image_bytes("JPEG"),
    "webp": lambda: image_bytes("WEBP"),
}


def upload(name, data):
    return SimpleUploadedFile(name, data)


def rejection(name, data, max_bytes=LIMIT):
    """The ValidationError that check_upload raises for this file."""
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, data), max_bytes)
    return caught.value


def test_every_allowed_extension_has_a_valid_example():
    assert set(VALID) == set(KINDS)


@pytest.mark.parametrize("ext", sorted(VALID))
def test_a_real_file_passes_and_is_rewound(ext):
    file = upload(f"Offert Åre.{ext}", VALID[ext]())
    file.read(3)
    assert check_upload(file, LIMIT) == ext
    assert file.tell() == 0


def test_the_extension_is_lower_cased():
    assert check_upload(upload("SCAN.JPEG", image_bytes("JPEG")), LIMIT) == "jpeg"


def test_an_empty_file_is_refused():
    error = rejection("offer.pdf", b"")
    assert error.code == "empty"
    assert error.messages == ["The file is empty."]


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    error = rejection("offer.pdf", make_pdf("Offer", ["Text"] * 20), max_bytes=100)
    assert error.code == "too_large"
    assert error.messages[0].startswith("The file is too large (")
    assert error.messages[0].endswith("the limit is 100\xa0bytes.")


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "logo.svg", "archive.zip"])
def test_other_extensions_are_refused_listing_the_allowed_ones(name):
    error = rejection(name, b"MZ whatever")
    assert error.code == "invalid_extension"
    ext = name.rsplit(".", 1)[1]
    assert error.messages[0].startswith(f"Files of type .{ext} cannot be uploaded.")
    assert ".pdf, .docx" in error.messages[0]


def test_a_name_without_extension_is_refused():
    error = rejection("README", b"text")
    assert error.code == "invalid_extension"
    assert error.messages[0].startswith("The file name has no extension.")


def test_only_the_last_extension_counts():
    assert rejection("offer.pdf.exe", make_pdf("Offer", [])).code == "invalid_extension"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("offer.docx", make_pdf("Offer", ["Not Word."])),
        ("photo.jpg", image_bytes("PNG")),
        ("photo.png", image_bytes("JPEG")),
        ("photo.webp", image_bytes("PNG")),
        ("offer.pdf", random.Random(1).randbytes(2000)),
        ("offer.docx", random.Random(2).randbytes(2000)),
        ("offer.odt", random.Random(3).randbytes(2000)),
        ("offer.doc", random.Random(4).randbytes(2000)),
        ("offer.pdf", b"<html><body>%PDF-1.4</body></html>"),
        ("offer.docx", zip_bytes([("readme.txt", "Just a ZIP.")])),
        ("offer.docx", zip_bytes([("word/document.xml", "<w/>")])),
        ("offer.xlsx", ooxml("word/document.xml")),
        ("offer.odt", opendocument("spreadsheet")),
        ("offer.odt", opendocument("text", stored=False)),
        ("offer.odt", zip_bytes([("content.xml", "<x/>"), ("mimetype", ODF + "text")])),
        ("offer.odt", ooxml("word/document.xml")),
        ("offer.docx", opendocument("text")),
        ("offer.xls", ooxml("xl/workbook.xml")),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, data):
    error = rejection(name, data)
    assert error.code == "mismatch"
    assert error.messages == [f"This file is not a real .{name.rsplit('.', 1)[1]} file."]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("offer.docx", ooxml("word/document.xml")[:-30]),
        ("offer.odt", opendocument("text")[:-30]),
        ("offer.doc", OLE_MAGIC + bytes(100)),
        ("offer.pdf", b"%PDF-1.4\n% nothing else\n"),
        ("photo.png", image_bytes("PNG", (64, 64))[:-20]),
        ("photo.jpg", image_bytes("JPEG", (64, 64))[:300]),
    ],
)
def test_a_truncated_file_is_refused_as_damaged(name, data):
    error = rejection(name, data)
    assert error.code == "damaged"
    assert error.messages == [f"This .{name.rsplit('.', 1)[1]} file is damaged and cannot be read."]


def test_a_password_protected_pdf_is_refused():
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <"
        + b"41" * 32
        + b"> /U <"
        + b"42" * 32
        + b"> /P -4 >> /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]"
    )
    data = make_pdf("Secret", ["Text"]).replace(b"/Info 2 0 R", b"/Info 2 0 R " + encrypt)
    assert rejection("secret.pdf", data).code == "password"


@pytest.mark.parametrize("size", [(50_000, 50_000), (7_000, 7_000)])
def test_an_image_with_too_many_pixels_is_refused(size):
    """50000² trips Pillow's own bomb check; 7000² (49 MP) is only over our 40 MP limit."""
    error = rejection("bomb.png", png_claiming_size(*size))
    assert error.code == "too_many_pixels"
    assert error.messages == ["This image has too many pixels; the limit is 40 million."]


def test_only_the_zip_directory_and_the_tiny_mimetype_are_read(monkeypatch):
    big = "x" * 5_000_000  # compresses to a few kilobytes
    docx = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", big)])
    odt = zip_bytes([("mimetype", ODF + "text"), ("content.xml", big)], stored={"mimetype"})
    opened = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    assert check_upload(upload("big.docx", docx), LIMIT) == "docx"
    assert check_upload(upload("big.odt", odt), LIMIT) == "odt"
    assert opened == ["mimetype"]


def test_a_zip_with_thousands_of_members_is_handled():
    entries = [("[Content_Types].xml", "<Types/>")] + [(f"word/m{i}.xml", "") for i in range(5000)]
    assert check_upload(upload("many.docx", zip_bytes(entries)), 10 * LIMIT) == "docx"
    entries = [(f"junk/{i}", "") for i in range(5000)]
    assert rejection("many.docx", zip_bytes(entries), 10 * LIMIT).code == "mismatch"


@pytest.mark.parametrize("ext", sorted(VALID))
def test_broken_variants_of_every_kind_raise_only_validation_errors(ext):
    """Truncations and flipped bytes of a real file: accepted or refused, never a crash."""
    rng = random.Random(ext)
    data = VALID[ext]()
    variants = [data[: rng.randrange(1, len(data))] for _ in range(15)]
    for _ in range(15):
        broken = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            broken[rng.randrange(len(broken))] = rng.randrange(256)
        variants.append(bytes(broken))
    for variant in variants:
        file = upload(f"variant.{ext}", variant)
        try:
            assert check_upload(file, LIMIT) == ext
        except ValidationError as error:
            assert error.code in {"mismatch", "damaged", "password", "too_many_pixels"}
        assert file.tell() == 0


def test_the_file_is_rewound_after_a_refusal():
    file = upload("offer.docx", b"not a zip")
    with pytest.raises(ValidationError):
        check_upload(file, LIMIT)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Offert Åre \u2013 v2.pdf", "Offert Åre \u2013 v2.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.dll", "evil.dll"),
        ("C:\\Users\\anna\\offer.docx", "offer.docx"),
        ("re\x00port.pdf", "report.pdf"),
        ("evil.pdf\x00.exe", "evil.pdf.exe"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("a\tb\nc.pdf", "a b c.pdf"),
        ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
        ("A\u030angstro\u0308m.pdf", "Ångström.pdf"),
        ("  .hidden.pdf. ", "hidden.pdf"),
        (".pdf", "file.pdf"),
        ("", "file"),
        (None, "file"),
        ("...", "file"),
        ("../", "file"),
        ("\x00\x01", "file"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_shortens_long_names_but_keeps_the_extension():
    name = safe_filename("Å" * 300 + ".docx")
    assert len(name) == 120
    assert name == "Å" * 115 + ".docx"
    assert safe_filename("x" * 300) == "x" * 120
    assert len(safe_filename("y" * 300 + "." + "z" * 40)) == 120
