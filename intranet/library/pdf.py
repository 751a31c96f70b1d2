"""PDF files: small ones written by hand for the demo, and previews and text read with PDFium.

PDFium is not thread-safe, not even across documents, so every call into it holds `_PDFIUM`, and
every PDFium object is closed inside that lock rather than left to the garbage collector, which
may run in any thread.
"""

import re
import textwrap
import threading
import unicodedata
from io import BytesIO

import pypdfium2 as pdfium

_PDFIUM = threading.Lock()

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89  # A4 in points
MARGIN = 56
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY = ("F1", 10, 14, 90)  # font, size, leading, characters per line
GAP = ("F1", 10, 7, 0)  # half a line between paragraphs
TITLE_GAP = ("F1", 10, 14, 0)
MAX_TEXT_PAGES = 2000
# A preview shows at most this many widths of a page's height: the top of a very tall page.
MAX_PREVIEW_ASPECT = 2

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape(byte):
    """One byte inside a PDF string; all but printable ASCII is escaped, keeping streams ASCII."""
    char = chr(byte)
    if char in "\\()":
        return "\\" + char
    return char if 32 <= byte < 127 else f"\\{byte:03o}"


_ESCAPES = [_escape(byte) for byte in range(256)]


def _clean(text):
    """Composed characters (so that å fits cp1252) and no control characters."""
    return _CONTROLS.sub(" ", unicodedata.normalize("NFC", text or ""))


def _pdf_string(text):
    """A literal PDF string in WinAnsiEncoding; characters cp1252 lacks become '?'."""
    return "(" + "".join(_ESCAPES[b] for b in text.encode("cp1252", errors="replace")) + ")"


def _utf16_string(text):
    """A PDF text string that holds any character, for the document information."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _title_style(title):
    """Bold, 18 pt or as much smaller (down to 12 pt) as keeps the title on one line.

    A title on one line stays one string in the PDF's extracted text. Helvetica-Bold averages
    about 0.6 em a character.
    """
    size = max(12, min(18, int(TEXT_WIDTH / (0.6 * max(len(title), 1)))))
    return ("F2", size, size + 4, int(TEXT_WIDTH / (0.6 * size)))


def _lines(title, paragraphs):
    """(style, text) for every line: the title, then each paragraph followed by a gap."""
    title = _clean(title)
    style = _title_style(title)
    for line in textwrap.wrap(title, style[3]):
        yield style, line
    yield TITLE_GAP, ""
    for paragraph in paragraphs:
        for line in textwrap.wrap(_clean(paragraph), BODY[3]):
            yield BODY, line
        yield GAP, ""


def _pages(lines):
    """The lines placed on pages, each a list of (font, size, baseline, text)."""
    pages, page, y = [], [], PAGE_HEIGHT - MARGIN
    for (font, size, leading, _width), text in lines:
        if not text and (not page or y - leading < MARGIN):
            continue  # no gap at the top of a page, nor one that would start a page
        if y - leading < MARGIN:
            pages.append(page)
            page, y = [], PAGE_HEIGHT - MARGIN
        y -= leading
        if text:
            page.append((font, size, y, text))
    return [*pages, page]


def _content(page):
    """The content stream that draws one page's lines."""
    commands = ["BT"]
    for font, size, y, text in page:
        commands.append(f"/{font} {size} Tf 1 0 0 1 {MARGIN} {y:.2f} Tm {_pdf_string(text)} Tj")
    commands.append("ET")
    return "\n".join(commands).encode("ascii")


def _font(name):
    return f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>"


def _serialise(objects):
    """A whole PDF file: objects numbered from 1, the cross-reference table and the trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 2 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """An A4 PDF 1.4 in Helvetica: the title, then the paragraphs, on as many pages as needed."""
    pages = _pages(_lines(title, paragraphs))
    first = 6  # page objects follow the catalog, information, page tree and two fonts
    kids = " ".join(f"{first + 2 * index} 0 R" for index in range(len(pages)))
    objects = [
        "<< /Type /Catalog /Pages 3 0 R >>",
        f"<< /Title {_utf16_string(_clean(title))} /Producer (Guild) >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        _font("Helvetica"),
        _font("Helvetica-Bold"),
    ]
    objects = [body.encode("ascii") for body in objects]
    for index, page in enumerate(pages):
        content = _content(page)
        objects.append(
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, first + 2 * index + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    return _serialise(objects)


def _open(data):
    """A PDFium document read from memory; a str would be taken for a path on this server."""
    if not isinstance(data, bytes):
        raise TypeError("PDF data must be bytes")
    return pdfium.PdfDocument(data)


def why_unreadable(data: bytes) -> str | None:
    """None when PDFium opens the PDF and it has a page; else "password" or "damaged"."""
    with _PDFIUM:
        try:
            with _open(data) as document:
                return None if len(document) else "damaged"
        except pdfium.PdfiumError as exc:
            return "password" if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD else "damaged"
        # PDFium's wrapper also fails with ValueErrors and assertions on hostile files.
        except Exception:
            return "damaged"


def _render_first_page(document, width):
    """Page 1 as a Pillow image `width` pixels wide, cut at MAX_PREVIEW_ASPECT widths tall."""
    page = document[0]
    try:
        page_width, page_height = page.get_size()
        # The crop is in points and applies to the bottom, so a tall page keeps its top.
        bottom = max(0.0, page_height - MAX_PREVIEW_ASPECT * page_width)
        bitmap = page.render(scale=width / page_width, crop=(0, bottom, 0, 0))
        try:
            image = bitmap.to_pil()
            # Rounding up can add a pixel; cropping also copies the pixels out of PDFium's buffer.
            return image.crop((0, 0, width, min(image.height, MAX_PREVIEW_ASPECT * width)))
        finally:
            bitmap.close()
    finally:
        page.close()


def first_page_png(data: bytes, width: int = 600) -> bytes | None:
    """Page 1 as a PNG `width` pixels wide, or None when the data is not a readable PDF."""
    with _PDFIUM:
        try:
            with _open(data) as document:
                image = _render_first_page(document, width)
        # Hostile files make PDFium and its wrapper fail in many ways; a missing preview is fine.
        except Exception:
            return None
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _page_text(document, index):
    """One page's text, or '' when it cannot be read: a broken page should not cost the others."""
    page = text_page = None
    try:
        page = document[index]
        text_page = page.get_textpage()
        return text_page.get_text_range()
    except Exception:
        return ""
    finally:
        for resource in (text_page, page):
            if resource is not None:
                resource.close()


def pdf_text(data: bytes, max_chars: int = 100_000) -> str:
    """The text of the first MAX_TEXT_PAGES pages, at most max_chars; '' when unreadable."""
    parts, length = [], 0
    with _PDFIUM:
        try:
            with _open(data) as document:
                for index in range(min(len(document), MAX_TEXT_PAGES)):
                    if length >= max_chars:
                        break
                    parts.append(_page_text(document, index))
                    length += len(parts[-1]) + 2
        except Exception:
            return ""
    # PostgreSQL text cannot hold NUL characters.
    text = "\n\n".join(parts).replace("\r\n", "\n").replace("\x00", "")
    return text[:max_chars].strip()
