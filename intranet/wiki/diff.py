"""Readable differences between two versions of a wiki page: its visible text, line by line.

A changed line shows the words that went and came (`<del>`, `<ins>`); long runs of unchanged
lines fold into one row, keeping a few lines of context around each change.
"""

import difflib
import html as html_lib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .blocks import list_items

CONTEXT = 2
_BREAK = re.compile(r"</(p|li|h[2-6]|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _html_lines(html):
    text = _ITEM.sub("\n• ", html or "")
    text = _BREAK.sub("\n", text)
    text = html_lib.unescape(_TAG.sub("", text))
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n") if line.strip()]


def visible_lines(title, raw_blocks):
    """The text a reader sees on the page, one line per paragraph, item, row or code line."""
    lines = [title]
    for block in raw_blocks or []:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            lines.append(value["text"])
        elif kind == "text":
            lines.extend(_html_lines(value))
        elif kind == "callout":
            text = _html_lines(value.get("text"))
            label = {"tip": _("Tip"), "warning": _("Warning")}.get(value.get("kind"), _("Note"))
            lines.extend([f"{label}: {text[0]}", *text[1:]] if text else [label])
        elif kind == "table":
            if value.get("caption"):
                lines.append(value["caption"])
            for row in [
                list_items(value.get("header")),
                *map(list_items, list_items(value.get("rows"))),
            ]:
                lines.append(" | ".join(cell or "" for cell in row))
        elif kind == "image":
            lines.append(_("[Image: %(caption)s]") % {"caption": value.get("caption") or ""})
        elif kind == "document":
            lines.append(_("[Document: %(label)s]") % {"label": value.get("label") or ""})
        elif kind == "code":
            lines.extend(line for line in (value.get("code") or "").split("\n") if line.strip())
    return lines


@dataclass
class Row:
    kind: str  # "same", "added", "removed", "changed" or "skipped"
    html: str = ""
    count: int = 0  # for "skipped": how many unchanged lines are folded


def _words(old, new):
    """A changed line with the removed words in <del> and the added ones in <ins>."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


def compare(old_lines, new_lines):
    """Rows describing how `new_lines` differ from `old_lines`."""
    rows = []
    opcodes = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    if all(opcode[0] == "equal" for opcode in opcodes):
        return rows
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            same = old_lines[i1:i2]
            if len(same) > 2 * CONTEXT + 1:
                head = same[:CONTEXT] if rows else []
                tail = same[-CONTEXT:] if i2 < len(old_lines) or j2 < len(new_lines) else []
                rows.extend(Row("same", escape(line)) for line in head)
                rows.append(Row("skipped", count=len(same) - len(head) - len(tail)))
                rows.extend(Row("same", escape(line)) for line in tail)
            else:
                rows.extend(Row("same", escape(line)) for line in same)
        elif op == "replace" and i2 - i1 == j2 - j1:
            for old, new in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                rows.append(Row("changed", _words(old, new)))
        else:
            rows.extend(Row("removed", escape(line)) for line in old_lines[i1:i2])
            rows.extend(Row("added", escape(line)) for line in new_lines[j1:j2])
    return rows


def summary(rows):
    """(lines added, lines removed), a changed line counting as both."""
    added = sum(row.kind in ("added", "changed") for row in rows)
    removed = sum(row.kind in ("removed", "changed") for row in rows)
    return added, removed
