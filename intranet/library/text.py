"""The words inside a library file, for search: PDF, Office Open XML and OpenDocument.

Only members that hold text are read, each up to a bounded size, so a crafted archive cannot
make indexing slow or hungry. Legacy binary formats (.doc, .xls, .ppt) give no text.
"""

import html
import re
import zipfile
from io import BytesIO

from . import pdf

MAX_CHARS = 100_000
MAX_MEMBER_BYTES = 5_000_000
_TEXT_MEMBERS = re.compile(
    r"^(word/document\.xml|word/(header|footer)\d*\.xml|ppt/slides/slide\d+\.xml"
    r"|xl/sharedStrings\.xml|content\.xml)$"
)
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"</(w:p|a:p|text:p|text:h|si)>")


def document_text(filename, data):
    """Plain text of the file, at most MAX_CHARS; '' when there is none to read."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "pdf":
        return pdf.pdf_text(data, max_chars=MAX_CHARS)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return ""
    parts, length = [], 0
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: _slide_order(i.filename)):
            if not _TEXT_MEMBERS.match(info.filename) or length >= MAX_CHARS:
                continue
            try:
                with archive.open(info) as member:
                    xml = member.read(MAX_MEMBER_BYTES).decode("utf-8", "replace")
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
                continue  # an encrypted or damaged part: index the parts that can be read
            text = html.unescape(_TAG.sub(" ", _BREAK.sub("\n", xml)))
            text = re.sub(r"[ \t]+", " ", text)
            parts.append(text.strip())
            length += len(parts[-1])
    return "\n".join(part for part in parts if part)[:MAX_CHARS]


def _slide_order(name):
    found = re.search(r"(\d+)\.xml$", name)
    return (name.rsplit("/", 1)[0], int(found[1]) if found else 0)
