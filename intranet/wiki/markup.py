"""The front-end editor's markup, to and from a wiki page's blocks.

Members write Markdown (CommonMark with pipe tables) plus three conventions:
`[[Page title]]` links to a page of the same wiki, `![caption](image:12)` on a line of its own
places an image, `[text](document:34)` links a document (on a line of its own it becomes a
document block), and a quote starting with `[!NOTE]`, `[!TIP]` or `[!WARNING]` is a callout.

`to_blocks` turns markup into the raw StreamField data of WikiBlock, with every piece of HTML
passed through the allow-list sanitiser; `to_markup` turns stored blocks back into markup for
the next edit, so a page written in the admin can be edited from the front end and back.
"""

import html as html_lib
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from .blocks import list_items

CALLOUT = re.compile(r"^\s*\[!(NOTE|TIP|WARNING)\]\s*", re.IGNORECASE)
REFERENCE = re.compile(r"^(image|document|page):(\d{1,18})$")
MAX_HEADING = 200
MAX_CELL = 500

TEXT_TAGS = {"p", "br", "strong", "b", "em", "i", "code", "a", "ul", "ol", "li", "blockquote", "hr"}
LANGUAGE = re.compile(r"^[\w+#.-]{1,30}$")

_md = MarkdownIt("commonmark", {"html": False}).enable("table")


# What the editor's help panel explains, in the order a writer needs it.
# Translators: in the first column of each row (the "wiki markup example" context) translate
# only the example words; every sign, [!TIP] and image:/document: must stay as it is.
HELP = [
    (
        pgettext_lazy("wiki markup example", "## Heading"),
        _("A section; ### for a subsection. Headings make the contents list."),
    ),
    (
        pgettext_lazy("wiki markup example", "**bold**  *italic*  `code`"),
        _("Emphasis and short code."),
    ),
    (
        pgettext_lazy("wiki markup example", "- item  /  1. item"),
        _("Bulleted and numbered lists; indent three spaces to nest."),
    ),
    (pgettext_lazy("wiki markup example", "[text](https://…)"), _("A link to a web page.")),
    (
        pgettext_lazy("wiki markup example", "[[Page title]]  [[Page title|text]]"),
        _("A link to a page of this wiki; a missing one offers to create it."),
    ),
    (
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
        _("A table: a header row, a line of dashes, then rows."),
    ),
    (
        pgettext_lazy("wiki markup example", "![caption](image:12)"),
        _("An image of this community, on a line of its own."),
    ),
    (
        pgettext_lazy("wiki markup example", "[text](document:34)"),
        _("A document of this community; alone on a line it shows as a card."),
    ),
    (
        pgettext_lazy("wiki markup example", "```\ncode\n```"),
        _("Code or a template to copy, between lines of three backticks."),
    ),
    (
        pgettext_lazy("wiki markup example", "> [!TIP]\n> text"),
        _("A callout: [!NOTE], [!TIP] or [!WARNING]."),
    ),
]


class MarkupError(ValueError):
    """Markup that cannot become a page, with a message for the person who wrote it."""


@dataclass
class Parsed:
    blocks: list
    images: set = field(default_factory=set)
    documents: set = field(default_factory=set)
    pages: set = field(default_factory=set)


# Markup to blocks


def to_blocks(markup):
    """Parse markup into raw WikiBlock data; raise MarkupError for what cannot be stored."""
    parsed = Parsed(blocks=[])
    tokens = _md.parse((markup or "").replace("\r\n", "\n"))
    pending = []  # consecutive prose tokens that become one text block

    def flush():
        if pending:
            html = _prose_html(pending, parsed)
            if html:
                parsed.blocks.append({"type": "text", "value": html})
            pending.clear()

    position = 0
    while position < len(tokens):
        end = _closing(tokens, position)
        group = tokens[position : end + 1]
        block = _block(group, parsed)
        if block is None:
            pending.extend(group)
        else:
            flush()
            parsed.blocks.append(block)
        position = end + 1
    flush()
    return parsed


def _closing(tokens, start):
    """Index of the token that closes the one at `start` (itself when it is self-contained)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _block(group, parsed):
    """The block a top-level group of tokens stands for, or None when it is prose."""
    first = group[0]
    if first.type == "heading_open":
        level = min(max(int(first.tag[1]), 2), 4)
        text = _plain(group[1])[:MAX_HEADING]
        return {"type": "heading", "value": {"text": text, "level": str(level)}} if text else None
    if first.type in ("fence", "code_block"):
        language = (first.info or "").split()[0] if first.info else ""
        return {
            "type": "code",
            "value": {
                "language": language if LANGUAGE.match(language) else "",
                "code": first.content.rstrip("\n"),
            },
        }
    if first.type == "table_open":
        return {"type": "table", "value": _table(group)}
    if first.type == "paragraph_open" and len(group) == 3:
        return _lone_reference(group[1], parsed)
    if first.type == "blockquote_open":
        return _callout(group, parsed)
    return None


def _plain(inline):
    """The text of an inline token, formatting dropped and `[[links]]` kept."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _table(group):
    header, rows, row = [], [], None
    for token in group:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_plain(token)[:MAX_CELL])
        elif token.type == "tr_close":
            if not header:
                header = row
            else:
                rows.append(row + [""] * (len(header) - len(row)))
            row = None
    # ListBlock items with ids: wagtail-localize files each cell's translation under its id.
    return {"caption": "", "header": _items(header), "rows": _items([_items(r) for r in rows])}


def _items(values):
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def _lone_reference(inline, parsed):
    """An image, or a document link, alone in its paragraph."""
    children = inline.children or []
    if len(children) == 1 and children[0].type == "image":
        found = REFERENCE.match(children[0].attrs.get("src", ""))
        if found and found[1] == "image":
            parsed.images.add(int(found[2]))
            caption = _plain(children[0]) or children[0].content
            return {"type": "image", "value": {"image": int(found[2]), "caption": caption}}
    if len(children) == 3 and children[0].type == "link_open" and children[2].type == "link_close":
        found = REFERENCE.match(children[0].attrs.get("href", ""))
        if found and found[1] == "document" and children[1].type == "text":
            parsed.documents.add(int(found[2]))
            label = children[1].content.strip()
            return {"type": "document", "value": {"document": int(found[2]), "label": label}}
    return None


def _callout(group, parsed):
    inner = group[1:-1]
    if len(inner) < 3 or inner[0].type != "paragraph_open":
        return None
    marker = CALLOUT.match(inner[1].content)
    if marker is None:
        return None
    kind = marker[1].lower()
    rest = inner[1].content[marker.end() :]
    inner = list(inner)
    inner[1] = _md.parse(rest)[1] if rest.strip() else None
    if inner[1] is None:
        inner = inner[3:]
    return {"type": "callout", "value": {"kind": kind, "text": _prose_html(inner, parsed)}}


def _prose_html(tokens, parsed):
    """Sanitised rich text in Wagtail's database format from a run of prose tokens."""
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                raise MarkupError(
                    gettext("Put each image on a line of its own: ![caption](image:number).")
                )
    rendered = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(
        rendered,
        tags=TEXT_TAGS,
        attributes={"*": set(), "a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel", "document", "page"},
        link_rel=None,
        strip_comments=True,
    ).strip()

    def internal(match):
        kind, pk = match[1], int(match[2])
        (parsed.documents if kind == "document" else parsed.pages).add(pk)
        return f'<a linktype="{kind}" id="{pk}">'

    clean = re.sub(r'<a href="(document|page):(\d{1,18})">', internal, clean)
    clean = re.sub(
        r"\s*(</?(?:p|ul|ol|li|blockquote|hr)\b[^>]*>)\s*", r"\1", clean.replace("\n", " ")
    )
    if re.search(r'href="(document|page):', clean):
        raise MarkupError(gettext("Internal links look like [text](document:12)."))
    return clean


# Blocks to markup


def to_markup(raw_blocks):
    """Markup for the editor from a page's raw StreamField data."""
    parts = []
    for block in raw_blocks or []:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            parts.append("#" * int(value.get("level") or 2) + " " + escape_text(value["text"]))
        elif kind == "text":
            parts.append(html_to_markup(value))
        elif kind == "table":
            parts.append(_table_markup(value))
        elif kind == "image":
            parts.append(f"![{escape_text(value.get('caption') or '')}](image:{value['image']})")
        elif kind == "document":
            label = escape_text(value.get("label") or "") or gettext("Document")
            parts.append(f"[{label}](document:{value['document']})")
        elif kind == "code":
            parts.append(_fence(value))
        elif kind == "callout":
            text = html_to_markup(value.get("text") or "")
            quoted = "\n".join(("> " + line).rstrip() for line in text.split("\n"))
            parts.append(f"> [!{(value.get('kind') or 'note').upper()}]\n{quoted}")
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _table_markup(value):
    header = [_cell(text) for text in list_items(value.get("header"))]
    width = max(len(header), 1)
    lines = ["| " + " | ".join(header or [" "]) + " |", "|" + " --- |" * width]
    for row in list_items(value.get("rows")):
        cells = [_cell(text) for text in list_items(row)]
        cells = (cells + [""] * width)[:width]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(text):
    return escape_text(text or "").replace("|", "\\|")


def _fence(value):
    code = value.get("code") or ""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{value.get('language') or ''}\n{code}\n{ticks}"


WIKI_LINK_TEXT = re.compile(r"(\[\[[^\[\]\n]+\]\])")


def escape_text(text):
    """Escape what Markdown would read as formatting; `[[links]]` stay as they are."""
    pieces = WIKI_LINK_TEXT.split(text)
    for index in range(0, len(pieces), 2):
        piece = re.sub(r"([\\`*_\[\]])", r"\\\1", pieces[index])
        pieces[index] = re.sub(r"&(?=#?\w+;)", r"\\&", piece)  # text, not an entity
    return "".join(pieces)


def _escape_start(text):
    """Escape what would start a block (a heading, quote, list) at the beginning of a line."""
    text = re.sub(r"^([#>+-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


class _MarkupWriter(HTMLParser):
    """Rich text in Wagtail's database format (a small allow-list of tags) as markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (quote depth, is a list item, text) of each finished line
        self.line = []  # inline pieces of the line being written
        self.prefix = ""  # what the line being written starts with: "## ", "- ", "1. "
        self.lists = []  # ["ul"|"ol", items so far, the item's text column, is loose]
        self.after_break = False
        self.quote = 0
        self.links = []

    def _finish(self):
        text = "".join(self.line).strip()
        self.line = []
        if text:
            is_item = bool(self.prefix) and not self.prefix.startswith("#")
            if not is_item:
                text = _escape_start(text)
            elif self.lists[-1][3]:
                is_item = False  # a loose list's items are apart, like paragraphs
            if self.lists and not self.prefix:
                self.prefix = " " * self.lists[-1][2]  # a further paragraph of the list item
            self.blocks.append((self.quote, is_item, self.prefix + text))
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("p", "h2", "h3", "h4"):
            if "".join(self.line).strip():
                self._finish()
            if tag == "p" and self.lists:
                self.lists[-1][3] = True  # paragraphs in items: a loose list, items apart
            if tag != "p":
                self.prefix = "#" * int(tag[1]) + " "
        elif tag in ("ul", "ol"):
            self._finish()
            self.lists.append([tag, 0, 0, False])
        elif tag == "li" and self.lists:
            self._finish()
            current = self.lists[-1]
            current[1] += 1
            column = self.lists[-2][2] if len(self.lists) > 1 else 0
            marker = f"{current[1]}. " if current[0] == "ol" else "- "
            self.prefix = " " * column + marker
            current[2] = len(self.prefix)
        elif tag == "blockquote":
            self._finish()
            self.quote += 1
        elif tag == "br":
            self.line.append("\\\n")
            self.after_break = True
        elif tag == "hr":
            self._finish()
            self.blocks.append((self.quote, False, "---"))
        elif tag in ("b", "strong"):
            self.line.append("**")
        elif tag in ("i", "em"):
            self.line.append("*")
        elif tag == "code":
            self.line.append("`")
        elif tag == "a":
            if attrs.get("linktype") in ("document", "page") and (attrs.get("id") or "").isdigit():
                target = f"{attrs['linktype']}:{attrs['id']}"
            else:
                target = re.sub(r"([()\\])", r"\\\1", (attrs.get("href") or "").replace(" ", "%20"))
            self.links.append(target)
            self.line.append("[")

    def handle_endtag(self, tag):
        if tag in ("p", "h2", "h3", "h4", "li"):
            self._finish()
        elif tag in ("ul", "ol"):
            self._finish()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.blocks.append((self.quote, False, None))  # the next list is another one
        elif tag == "blockquote":
            self._finish()
            self.quote = max(self.quote - 1, 0)
        elif tag in ("b", "strong"):
            self.line.append("**")
        elif tag in ("i", "em"):
            self.line.append("*")
        elif tag == "code":
            self.line.append("`")
        elif tag == "a":
            target = self.links.pop() if self.links else ""
            self.line.append(f"]({target})")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        if self.line and self.line[-1] == "`":
            self.line.append(data)  # code keeps its characters
        elif self.after_break and data.strip():
            self.line.append(_escape_start(escape_text(data.lstrip())))  # a new line begins
            self.after_break = False
        else:
            self.line.append(escape_text(data))

    def markup(self):
        self._finish()
        out, previous = [], None
        for quote, is_item, text in self.blocks:
            if text is None:
                previous = None if previous is None else (previous[0], False)
                continue
            if previous is not None and not (is_item and previous[1] and quote == previous[0]):
                out.append((">" * quote) if quote and previous[0] else "")
            out.append(("> " * quote) + text)
            previous = (quote, is_item)
        return "\n".join(out).strip()


def html_to_markup(html):
    writer = _MarkupWriter()
    writer.feed(html or "")
    writer.close()
    return writer.markup()


def plain_text(html):
    """Visible text of stored rich text."""
    return re.sub(r"\s+", " ", html_lib.unescape(nh3.clean(html or "", tags=set()))).strip()
