"""Hand-written PDFs, first-page previews and text, checked with PDFium itself."""

import re
from io import BytesIO

import pypdfium2 as pdfium
import pytest
from PIL import Image

from intranet.library.pdf import first_page_png, make_pdf, pdf_text, why_unreadable

TITLE = "Offert: städning på Ängelholms sjukhus (2025)"
PARAGRAPHS = [
    "Wir übernehmen die Reinigung, le café du hall, naïve façade: ÅÄÖ åäö ü é € \\ (Klammern).",
    "Second paragraph, short.",
]


def page_texts(data):
    with pdfium.PdfDocument(data) as document:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return texts


def tall_pdf(width, height):
    """A PDF with one blank page of the given size in points, written by PDFium."""
    document = pdfium.PdfDocument.new()
    document.new_page(width, height).close()
    buffer = BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def test_make_pdf_writes_a_pdf_14_file():
    data = make_pdf(TITLE, PARAGRAPHS)
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")


def test_the_cross_reference_table_points_at_every_object():
    """PDFium repairs a broken table silently, so check the offsets themselves."""
    data = make_pdf(TITLE, PARAGRAPHS * 40)
    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[xref:].startswith(b"xref\n0 ")
    count = int(data[xref:].split(b"\n")[1].split()[1])
    entries = data[xref:].split(b"\n")[2 : 2 + count]
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset = int(entry[:10])
        assert entry.endswith(b" 00000 n ")
        assert data[offset:].startswith(b"%d 0 obj\n" % number)
    assert b"/Size %d " % count in data


def test_page_one_has_the_title_and_the_accented_words():
    data = make_pdf(TITLE, PARAGRAPHS)
    with pdfium.PdfDocument(data) as document:
        assert len(document) == 1
        assert document.get_page_size(0) == pytest.approx((595.28, 841.89), abs=0.01)
        assert document.get_metadata_value("Title") == TITLE
    text = page_texts(data)[0]
    assert TITLE in text
    for word in ["übernehmen", "café", "naïve", "façade", "ÅÄÖ", "åäö", "€", "\\", "(Klammern)"]:
        assert word in text


def test_a_title_of_up_to_67_characters_stays_on_one_line():
    title = "Ramavtal för lokalvård och fönsterputs, Region Skåne, 2025\u20132028 v.3"
    assert len(title) == 67
    assert title in page_texts(make_pdf(title, ["Text."]))[0]


def test_a_longer_title_wraps():
    title = "A very long title " * 8
    text = page_texts(make_pdf(title, ["Text."]))[0]
    assert " ".join(text.split()).startswith(" ".join(title.split()))


def test_long_text_wraps_and_flows_onto_new_pages():
    paragraphs = [f"Paragraph {n}: " + "gates checked twice " * 36 for n in range(30)]
    texts = page_texts(make_pdf("Long", paragraphs))
    assert len(texts) > 5
    assert "Long" in texts[0]
    assert "Paragraph 29:" in texts[-1]
    lines = "\n".join(texts).splitlines()
    assert max(len(line) for line in lines) <= 90


def test_characters_outside_windows_1252_become_question_marks():
    text = page_texts(make_pdf("Łódź 東京", ["Control\x00chars\x07 and tabs\tare spaces."]))[0]
    assert "?ód? ??" in text
    assert "Control chars and tabs are spaces." in text


@pytest.mark.parametrize(("title", "paragraphs"), [("", []), ("Only a title", [])])
def test_an_almost_empty_pdf_is_still_valid(title, paragraphs):
    data = make_pdf(title, paragraphs)
    assert why_unreadable(data) is None
    assert title in page_texts(data)[0]


@pytest.mark.parametrize("width", [600, 240])
def test_first_page_png_is_as_wide_as_asked(width):
    png = first_page_png(make_pdf(TITLE, PARAGRAPHS), width=width)
    with Image.open(BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width == width
        assert image.height == pytest.approx(width * 841.89 / 595.28, abs=1)
        assert image.getpixel((0, 0)) == (255, 255, 255)


def test_the_preview_of_a_very_tall_page_shows_its_top():
    with Image.open(BytesIO(first_page_png(tall_pdf(100, 14_000), width=300))) as image:
        assert image.size == (300, 600)


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"%PDF-1.4\n", make_pdf(TITLE, PARAGRAPHS)[:200], "/etc/hosts", None],
)
def test_unreadable_input_gives_no_preview_and_no_text(data):
    assert first_page_png(data) is None
    assert pdf_text(data) == ""
    assert why_unreadable(data) == "damaged"


def test_pdf_text_reads_every_page():
    paragraphs = [f"Section {n} " + "text " * 200 for n in range(20)]
    text = pdf_text(make_pdf(TITLE, paragraphs))
    assert text.startswith(TITLE)
    assert "Section 0" in text
    assert "Section 19" in text
    assert "\r" not in text


def test_pdf_text_stops_at_max_chars():
    text = pdf_text(make_pdf(TITLE, ["word " * 5000]), max_chars=500)
    assert 0 < len(text) <= 500
    assert text.startswith(TITLE)
