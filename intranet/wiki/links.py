"""`[[Page title]]` links: finding them, keeping the link table true, and rendering them.

The WikiLink table holds every page's outgoing links by title key, with the target page while
one has that title in the same community. It is rebuilt for a page whenever it is published,
and re-pointed when pages are created, renamed, moved, unpublished or deleted; backlinks
("what links here") and the rendered links both read it, one query each.
"""

import html as html_lib
import re

from django.db import transaction
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .blocks import list_items
from .models import WikiLink, WikiPage, title_key

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]{1,255})(?:\|([^\[\]\n]{1,255}))?\]\]")
CODE = re.compile(r"(<code>.*?</code>)", re.DOTALL)


def _texts(raw_blocks):
    """Every piece of stored text in which `[[links]]` count."""
    for block in raw_blocks or []:
        kind, value = block["type"], block["value"]
        if kind == "text":
            yield value
        elif kind == "callout":
            yield value.get("text") or ""
        elif kind == "table":
            yield from _cells(value)


def _cells(table):
    yield from list_items(table.get("header"))
    for row in list_items(table.get("rows")):
        yield from list_items(row)


def titles_in(raw_blocks):
    """{title key: the title as first written} for every `[[link]]` in a page's blocks."""
    found = {}
    for text in _texts(raw_blocks):
        for part in CODE.split(text)[::2]:
            for match in WIKI_LINK.finditer(part):
                title = html_lib.unescape(match[1]).strip()
                if title_key(title):
                    found.setdefault(title_key(title), title)
    return found


def live_pages(community_id, keys):
    """{title key: page} for the live pages of a community's wiki with those titles."""
    pages = (
        WikiPage.objects.live()
        .filter(community_id=community_id, title_key__in=keys)
        .order_by("path")
        .only("pk", "title", "title_key", "url_path")
    )
    found = {}
    for page in pages:
        found.setdefault(page.title_key, page)
    return found


@transaction.atomic
def refresh(page):
    """Rebuild the page's outgoing links from its current body."""
    wanted = titles_in(page.body.raw_data)
    targets = live_pages(page.community_id, wanted) if page.community_id else {}
    WikiLink.objects.filter(source=page).exclude(target_key__in=wanted).delete()
    existing = {link.target_key: link for link in WikiLink.objects.filter(source=page)}
    for key, title in wanted.items():
        target = targets.get(key)
        link = existing.get(key)
        if link is None:
            WikiLink.objects.create(source=page, target_key=key, target_title=title, target=target)
        elif link.target_id != (target.pk if target else None):
            link.target = target
            link.save(update_fields=["target"])


def adopt(page):
    """Point this community's missing links with the page's title at the page."""
    WikiLink.objects.filter(
        source__community_id=page.community_id, target__isnull=True, target_key=page.title_key
    ).update(target=page)


def release(pages):
    """Links to these pages become missing (they were unpublished or left the community)."""
    WikiLink.objects.filter(target__in=pages).update(target=None)


def renamed_links(page):
    """Links that still name the page by a title it no longer has."""
    return (
        WikiLink.objects.filter(target=page)
        .exclude(target_key=page.title_key)
        .select_related("source")
    )


def rename_in_blocks(raw_blocks, old_key, new_title):
    """The blocks with every `[[old title]]` (any spelling) now saying `[[new title]]`."""

    def replace(match):
        if title_key(html_lib.unescape(match[1])) != old_key:
            return match[0]
        label = f"|{match[2]}" if match[2] else ""
        return f"[[{escape(new_title)}{label}]]"

    def in_html(text):
        parts = CODE.split(text)
        parts[::2] = [WIKI_LINK.sub(replace, part) for part in parts[::2]]
        return "".join(parts)

    def in_cell(text):
        return WIKI_LINK.sub(
            lambda m: (
                f"[[{new_title}{'|' + m[2] if m[2] else ''}]]"
                if title_key(m[1]) == old_key
                else m[0]
            ),
            text or "",
        )

    changed = []
    for block in raw_blocks:
        block = dict(block)
        value = block["value"]
        if block["type"] == "text":
            block["value"] = in_html(value)
        elif block["type"] == "callout":
            block["value"] = {**value, "text": in_html(value.get("text") or "")}
        elif block["type"] == "table":
            block["value"] = {
                **value,
                "header": [in_cell(text) for text in list_items(value.get("header"))],
                "rows": [
                    [in_cell(text) for text in list_items(row)] for row in list_items(value["rows"])
                ],
            }
        changed.append(block)
    return changed


# Rendering


def create_url(wiki_id, title):
    return reverse("wiki:create_page", args=[wiki_id]) + "?" + urlencode({"title": title})


def link_html(html, context):
    """Rendered rich text with its `[[links]]` turned into links (missing ones marked)."""
    if not context or "wiki_links" not in context:
        return WIKI_LINK.sub(lambda m: escape(html_lib.unescape(m[2] or m[1])), html)
    urls, wiki_id = context["wiki_links"], context.get("wiki_id")

    def replace(match):
        title = html_lib.unescape(match[1]).strip()
        label = html_lib.unescape(match[2] or match[1]).strip()
        url = urls.get(title_key(title))
        if url:
            return format_html('<a class="wiki-link" href="{}">{}</a>', url, label)
        if wiki_id is None:
            return escape(label)
        return format_html(
            '<a class="wiki-link wiki-link--missing" href="{}" title="{}">{}</a>',
            create_url(wiki_id, title),
            _("No page has this title yet: create it"),
            label,
        )

    parts = CODE.split(html)
    parts[::2] = [WIKI_LINK.sub(replace, part) for part in parts[::2]]
    return "".join(parts)


def urls_for(page, request):
    """{title key: url} of the page's resolved links, from the link table."""
    links = WikiLink.objects.filter(source=page, target__isnull=False, target__live=True)
    return {
        link.target_key: link.target.get_url(request)
        for link in links.select_related("target").only(
            "target_key", "target__url_path", "target__live"
        )
    }


def urls_for_preview(community_id, raw_blocks, request):
    """{title key: url} for a body that is not saved yet."""
    pages = live_pages(community_id, titles_in(raw_blocks))
    return {key: page.get_url(request) for key, page in pages.items()}
