"""User-supplied HTML: an allow-list sanitiser, and plain text turned into safe paragraphs.

Everything a member writes from the front end passes through `clean_html` before it is stored,
and templates pass stored HTML through the `clean_html` filter again before display.
"""

import html as html_lib
import re

import nh3

TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "b",
    "i",
    "ul",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_BLOCK = re.compile(r"<(p|ul|ol|h[2-4]|blockquote|pre|table)[\s>]", re.IGNORECASE)


def clean_html(html):
    """Keep only allow-listed tags, attributes and link schemes."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def text_to_html(text):
    """Sanitised HTML from what a member typed: blank lines make paragraphs unless it has blocks."""
    text = (text or "").strip()
    if not _BLOCK.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return clean_html(text)


def html_to_text(html):
    """The visible text of some HTML, for previews and search."""
    spaced = re.sub(r"<(/p|br|/li|/h[2-4]|/td|/th|/blockquote)\b", r" <\1", html or "")
    return re.sub(r"\s+", " ", html_lib.unescape(nh3.clean(spaced, tags=set()))).strip()
