"""Find text in Django templates that people would see untranslated.

Each template is split with Django's own Lexer. Translation blocks, comments and verbatim
blocks are blanked, every other tag or variable becomes a marker, and what is left is read
as HTML: text between tags and the attributes people see or hear must hold no letters.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Brand names that read the same in every language. Symbols such as "·" or "→" need no entry:
# text without letters is never reported.
ALLOWED = {
    "Guild",  # the product's name, as in the 500 page that cannot use {{ site_name }}
}

VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
# A <button>'s value is sent with the form and never shown; an <input type="submit">'s is
# its caption.
INPUT_TYPES_WITH_CAPTION = {"submit", "button", "reset"}
# <code> holds markup people type as it is, such as the wiki's ![title](image:12).
SKIPPED_ELEMENTS = {"script", "style", "code"}
# Blocks whose content is translated, or not rendered at all, until the matching end tag.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
# Stands for a tag or a variable. It holds no letter, so it is never reported, and its spaces
# keep markup such as <h2{% if anchor %} id="…"{% endif %}> readable as HTML.
MARKER = " \x00 "


@dataclass(frozen=True)
class Untranslated:
    line: int
    text: str

    def __str__(self):
        return f"{self.line}: {self.text!r}"


def find_untranslated(source):
    """The literal, user-visible texts of a template that sit outside translation tags."""
    parser = _TextParser()
    parser.feed(_skeleton(source))
    parser.close()
    return parser.found


def find_untranslated_in_tree(root):
    """Every untranslated text under `root`, as "relative/path.html:line: 'text'"."""
    root = Path(root)
    return [
        f"{path.relative_to(root)}:{found}"
        for path in sorted(root.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for found in find_untranslated(path.read_text(encoding="utf-8"))
    ]


def has_letters(text):
    words = re.findall(r"[^\W\d_][\w\u2019'-]*", text)
    return any(word not in ALLOWED for word in words)


def _skeleton(source):
    """The template with every tag and variable replaced by MARKER and skipped blocks blanked,
    keeping line breaks so that line numbers stay true."""
    pieces = []
    closing = None
    for token in Lexer(source).tokenize():
        name = token.contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if closing:
            if name == closing:
                closing = None
                pieces.append(MARKER)
            elif token.token_type == TokenType.TEXT:
                pieces.append("\n" * token.contents.count("\n"))
            continue
        if name in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[name]
            pieces.append(MARKER)
        elif name == "verbatim":
            closing = "endverbatim"
            pieces.append(MARKER)
        elif token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
        else:
            pieces.append(MARKER)
    return "".join(pieces)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.skipping = None

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping = tag
        attributes = dict(attrs)
        for name, value in attrs:
            if value and self._is_visible(tag, name, attributes):
                self._check(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipping = None

    def handle_endtag(self, tag):
        if tag == self.skipping:
            self.skipping = None

    def handle_data(self, data):
        if not self.skipping:
            self._check(data, line_breaks_before=data[: len(data) - len(data.lstrip())])

    def _is_visible(self, tag, name, attributes):
        if name in VISIBLE_ATTRIBUTES:
            return True
        if name == "value":
            return tag == "input" and attributes.get("type") in INPUT_TYPES_WITH_CAPTION
        if name == "content":
            return tag == "meta" and attributes.get("name") == "description"
        return False

    def _check(self, text, line_breaks_before=""):
        if has_letters(text):
            line = self.getpos()[0] + line_breaks_before.count("\n")
            shown = " ".join(text.replace(MARKER.strip(), "…").split())
            self.found.append(Untranslated(line, shown))
