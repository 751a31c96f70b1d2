"""Uploaded files checked by what they contain, not by what they are called; safe download names.

The checks read as little as they can: a signature, a ZIP's central directory and at most its
tiny `mimetype` member, or an image's header. Nothing is decompressed or decoded in bulk, so a
hostile file costs no more than its size, which is checked first.
"""

import os
import re
import unicodedata
import zipfile
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from . import pdf

MAX_PIXELS = 40_000_000
MAX_FILENAME = 120
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
OLE_HEADER = 512
ZIP_MAGIC = b"PK\x03\x04"
ODF = "application/vnd.oasis.opendocument."


class Kind(NamedTuple):
    kind: str  # how the content is checked: pdf, ooxml, ole2, opendocument or image
    label: str
    marker: str = ""  # what the content must show: a part folder, a mimetype or a Pillow format


KINDS = {
    "pdf": Kind("pdf", _("PDF document")),
    "docx": Kind("ooxml", _("Word document"), "word/"),
    "xlsx": Kind("ooxml", _("Excel workbook"), "xl/"),
    "pptx": Kind("ooxml", _("PowerPoint presentation"), "ppt/"),
    "doc": Kind("ole2", _("Word 97-2003 document")),
    "xls": Kind("ole2", _("Excel 97-2003 workbook")),
    "ppt": Kind("ole2", _("PowerPoint 97-2003 presentation")),
    "odt": Kind("opendocument", _("OpenDocument text"), ODF + "text"),
    "ods": Kind("opendocument", _("OpenDocument spreadsheet"), ODF + "spreadsheet"),
    "odp": Kind("opendocument", _("OpenDocument presentation"), ODF + "presentation"),
    "png": Kind("image", _("PNG image"), "PNG"),
    "jpg": Kind("image", _("JPEG image"), "JPEG"),
    "jpeg": Kind("image", _("JPEG image"), "JPEG"),
    "webp": Kind("image", _("WebP image"), "WEBP"),
}

PROBLEMS = {
    "mismatch": _("This file is not a real .%(ext)s file."),
    "damaged": _("This .%(ext)s file is damaged and cannot be read."),
    "password": _("This PDF is protected by a password; upload a copy without one."),
    "too_many_pixels": _("This image has too many pixels; the limit is %(limit)s million."),
}


# Each check reads the file from its start and returns a key of PROBLEMS, or None when it is fine.


def _pdf_problem(file, marker):
    if file.read(5) != b"%PDF-":
        return "mismatch"
    file.seek(0)
    return pdf.why_unreadable(file.read())


def _ole2_problem(file, marker):
    header = file.read(OLE_HEADER)
    if not header.startswith(OLE_MAGIC):
        return "mismatch"
    return "damaged" if len(header) < OLE_HEADER else None


def _open_zip(file):
    """The archive, or None when the file does not even start like a ZIP."""
    if file.read(4) != ZIP_MAGIC:
        return None
    file.seek(0)
    return zipfile.ZipFile(file)


def _ooxml_problem(file, folder):
    archive = _open_zip(file)
    if archive is None:
        return "mismatch"
    with archive:
        # Part names in Office packages are case-insensitive.
        names = {name.lower() for name in archive.namelist()}
    if "[content_types].xml" in names and any(name.startswith(folder) for name in names):
        return None
    return "mismatch"


def _opendocument_problem(file, mimetype):
    archive = _open_zip(file)
    if archive is None:
        return "mismatch"
    with archive:
        entries = archive.infolist()
        first = entries[0] if entries else None
        # The format puts a small, uncompressed `mimetype` first; reading it inflates nothing.
        if (
            first is None
            or first.filename != "mimetype"
            or first.compress_type != zipfile.ZIP_STORED
            or not first.file_size == first.compress_size <= 100
        ):
            return "mismatch"
        return None if archive.read(first) == mimetype.encode("ascii") else "mismatch"


def _image_problem(file, image_format):
    try:
        with Image.open(file, formats=[image_format]) as image:
            if image.width * image.height > MAX_PIXELS:
                return "too_many_pixels"
            image.verify()
    except UnidentifiedImageError:
        return "mismatch"
    # The warning is only raised when warnings are errors; otherwise MAX_PIXELS, being below
    # Pillow's threshold, rejects the image.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too_many_pixels"
    return None


CHECKS = {
    "pdf": _pdf_problem,
    "ole2": _ole2_problem,
    "ooxml": _ooxml_problem,
    "opendocument": _opendocument_problem,
    "image": _image_problem,
}


def _extension(name):
    """The lower-cased text after the last dot of the file's own name, or ''."""
    base = re.split(r"[/\\]", name or "")[-1]
    return base.rpartition(".")[2].strip().lower() if "." in base else ""


def _size(file):
    file.seek(0, os.SEEK_END)
    return file.tell()


def _check_name(ext):
    if ext in KINDS:
        return
    allowed = ", ".join(f".{extension}" for extension in KINDS)
    if ext:
        message = _("Files of type .%(ext)s cannot be uploaded. Upload one of: %(allowed)s.")
    else:
        message = _("The file name has no extension. Upload one of: %(allowed)s.")
    raise ValidationError(
        message, code="invalid_extension", params={"ext": ext[:20], "allowed": allowed}
    )


def _check_size(size, max_bytes):
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )


def _problem(file, ext):
    """What is wrong with the content for its extension: a key of PROBLEMS, or None."""
    kind = KINDS[ext]
    file.seek(0)
    try:
        return CHECKS[kind.kind](file, kind.marker)
    # As in Django's ImageField: parsers fail on hostile bytes in many undocumented ways, and
    # each of them means that the file cannot be read.
    except Exception:
        return "damaged"


def check_upload(file, max_bytes) -> str:
    """The file's lower-cased extension, once its size and content show it is what it claims."""
    ext = _extension(getattr(file, "name", None))
    try:
        _check_name(ext)
        _check_size(_size(file), max_bytes)
        problem = _problem(file, ext)
    finally:
        file.seek(0)
    if problem:
        params = {"ext": ext, "limit": MAX_PIXELS // 1_000_000}
        raise ValidationError(PROBLEMS[problem], code=problem, params=params)
    return ext


def safe_filename(name) -> str:
    """A download name: the base name only, without invisible or reserved characters."""
    name = re.split(r"[/\\]", str(name or ""))[-1]
    name = re.sub(r"\s+", " ", name)
    # Control and format characters (NUL, bidi overrides that disguise an extension) go.
    name = "".join(char for char in name if unicodedata.category(char) not in {"Cc", "Cf", "Cs"})
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r'[<>:"|?*]', "_", name).rstrip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16 or " " in ext:
        stem, ext = name, ""
    room = MAX_FILENAME - len(ext) - 1 if ext else MAX_FILENAME
    stem = stem.strip(" .")[:room].rstrip(" .") or "file"
    return f"{stem}.{ext}" if ext else stem
