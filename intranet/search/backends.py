"""One search interface, two backends: Wagtail's database search, or Elasticsearch.

Views build a Query and call `search(query)` or `autocomplete(...)`; they never know which
backend answered. Every query carries the user's access keys (permissions.search_keys) and
each backend filters on them with a terms filter, so results, snippets, facet counts and
suggestions only ever come from entries the user may see.
"""

import datetime
import difflib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import parse_query_string

from . import languages
from .models import MissedUpdate, SearchAccess, SearchEntry, SearchFacet

logger = logging.getLogger(__name__)

MAX_QUERY = 200
SNIPPET = 240
# Facets with one value per entry (a field of SearchEntry), and with many (SearchFacet rows).
SINGLE_FACETS = {
    "kind": "kind",
    "community": "community_id",
    "document_type": "document_type",
    "outcome": "outcome",
    "language": "language",
    "author": "author_id",
    "year": "year",
}
MULTI_FACETS = ("customer", "product", "tag")
FACETS = (*SINGLE_FACETS, *MULTI_FACETS)
SORTS = ("relevance", "date")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Query:
    text: str
    keys: list
    filters: dict = field(default_factory=dict)  # facet name -> value (a string)
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20


@dataclass
class Hit:
    key: str
    kind: str
    title: str
    url: str
    community_id: int | None
    author_id: int | None
    date: object
    snippet: str
    language: str = ""


@dataclass
class Results:
    total: int
    hits: list
    facets: dict  # name -> [(value, count)], values as strings, best first
    notice: str = ""


@dataclass
class Suggestion:
    kind: str  # "title", "person", "tag", "customer"
    label: str
    url: str = ""
    value: str = ""


def terms(text):
    """The words of a query, for highlighting."""
    return re.findall(r"\w{2,}", text.casefold())[:10]


def _stems(words):
    """The stems of the query words in every language, that are not query words themselves."""
    return list(dict.fromkeys(stem for word in words for stem in languages.stems(word)))


def _title_score(title, words, forms):
    """Relevance: query words in the title first (each, in any of its `forms`, then all of
    them in order)."""
    folded = (title or "").casefold()
    hits = sum(any(form in folded for form in word_forms) for word_forms in forms)
    return hits + (len(words) if " ".join(words) in folded else 0)


def snippet(body, words, stems=(), length=SNIPPET):
    """A piece of `body` around the first query word, escaped, with the words in <mark>.

    A stem marks the whole word it begins ("kund" marks "kunderna")."""
    body = re.sub(r"\s+", " ", body or "").strip()
    folded = body.casefold()
    positions = [folded.find(word) for word in words if word in folded]
    positions += [match.start() for match in _stem_matches(stems, folded)]
    start = max(min(positions) - length // 3, 0) if positions else 0
    piece = body[start : start + length]
    if start > 0:
        piece = "…" + piece[piece.find(" ") + 1 :] if " " in piece else "…" + piece
    if start + length < len(body):
        piece = piece.rsplit(" ", 1)[0] + "…"
    if not words:
        return escape(piece)
    alternatives = [re.escape(word) for word in words]
    alternatives += [rf"\b{re.escape(stem)}\w*" for stem in stems]
    pattern = re.compile("(" + "|".join(alternatives) + ")", re.IGNORECASE)
    parts = pattern.split(piece)  # odd positions are the matched words
    html = "".join(
        f"<mark>{escape(part)}</mark>" if index % 2 else str(escape(part))
        for index, part in enumerate(parts)
    )
    return mark_safe(html)  # noqa: S308 (every piece is escaped; only <mark> is added)


def _stem_matches(stems, folded):
    """The first word of `folded` that begins with each stem."""
    for stem in stems:
        match = re.search(rf"\b{re.escape(stem)}\w*", folded)
        if match:
            yield match


class DatabaseBackend:
    """Wagtail's database search over SearchEntry rows (SQLite FTS5 or PostgreSQL)."""

    name = "database"

    def _entries(self, query):
        """Entries the user may see that match every filter."""
        entries = SearchEntry.objects.filter(
            pk__in=SearchAccess.objects.filter(key__in=query.keys).values("entry_id")
        )
        for name, value in query.filters.items():
            if name in SINGLE_FACETS:
                entries = entries.filter(**{SINGLE_FACETS[name]: value})
            else:
                chosen = SearchFacet.objects.filter(name=name, value=value)
                entries = entries.filter(pk__in=chosen.values("entry_id"))
        return entries

    def _matching(self, entries, text):
        """The entries whose text matches in their language (unordered): on PostgreSQL through
        each entry's tsvector, elsewhere through Wagtail's database search of the text and its
        stems (see languages.py)."""
        if not terms(text):
            return entries
        _filters, parsed = parse_query_string(text, operator="and")  # "quoted phrases" too
        if connection.vendor == "postgresql":
            match = languages.postgres_match(parsed)
            return entries.none() if match is None else entries.filter(match)
        query = languages.with_stems(parsed)
        if query is None:
            return entries.none()
        return entries.search(query, order_by_relevance=False).get_queryset().order_by()

    def search(self, query):
        """One full-text query for every match's small columns; ranking, counts and facets
        come from those rows, and only the page's entries are read in full."""
        text = query.text[:MAX_QUERY]
        words = terms(text)
        forms = [(word, *languages.stems(word)) for word in words]
        columns = ("id", "title", "date", *SINGLE_FACETS.values())
        matching = self._matching(self._entries(query), text)
        rows = list(matching.values_list(*columns))
        if query.sort == "relevance" and words:
            rows.sort(
                key=lambda row: (_title_score(row[1], words, forms), row[2] or _EPOCH), reverse=True
            )
        else:
            rows.sort(key=lambda row: (row[2] or _EPOCH, row[0]), reverse=True)
        chosen = [row[0] for row in rows[query.offset : query.offset + query.limit]]
        found = SearchEntry.objects.defer("stemmed", "vector").in_bulk(chosen)
        marked = _stems(words)
        hits = [
            Hit(
                key=entry.key,
                kind=entry.kind,
                title=entry.title,
                url=entry.url,
                community_id=entry.community_id,
                author_id=entry.author_id,
                date=entry.date,
                snippet=snippet(entry.body, words, marked),
                language=entry.language,
            )
            for entry in (found[pk] for pk in chosen if pk in found)
        ]
        return Results(total=len(rows), hits=hits, facets=self._facets(rows, columns, matching))

    def _facets(self, rows, columns, matching):
        facets = {}
        for name, column in SINGLE_FACETS.items():
            position = columns.index(column)
            counts = Counter(row[position] for row in rows if row[position] not in (None, ""))
            facets[name] = sorted(
                ((str(value), count) for value, count in counts.items()),
                key=lambda pair: (-pair[1], pair[0]),
            )
        # Counted by the database over the same matches: one row per value, not per entry.
        counts = Counter(
            {
                (name, value): count
                for name, value, count in SearchFacet.objects.filter(
                    entry_id__in=matching.values("pk")
                )
                .values("name", "value")
                .annotate(count=Count("pk"))
                .values_list("name", "value", "count")
            }
        )
        for name in MULTI_FACETS:
            facets[name] = []
        for (name, value), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            facets[name].append((value, count))
        return facets

    def autocomplete(self, text, keys, limit=8):
        text = text.strip()[:MAX_QUERY]
        if len(text) < 2:
            return []
        entries = SearchEntry.objects.filter(
            pk__in=SearchAccess.objects.filter(key__in=keys).values("entry_id")
        )
        found = [
            Suggestion("person" if entry.kind == "person" else "title", entry.title, entry.url)
            for entry in (entries.autocomplete(" ".join(terms(text))) if terms(text) else [])[
                :limit
            ]
        ]
        words = (
            SearchFacet.objects.filter(
                name__in=("tag", "customer"), label__istartswith=text, entry__in=entries
            )
            .values("name", "value", "label")
            .distinct()
            .order_by("label")[:limit]
        )
        found += [Suggestion(row["name"], row["label"], value=row["value"]) for row in words]
        return found[: limit * 2]


_elasticsearch = None


def elasticsearch():
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None."""
    global _elasticsearch  # one client per process
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return None
    if _elasticsearch is None:
        from .elastic import ElasticsearchBackend

        _elasticsearch = ElasticsearchBackend(settings.ELASTICSEARCH_URL)
    return _elasticsearch


FALLBACK_NOTICE = _(
    "Search is running on its backup index for a moment; results may be less precise."
)


def _with_fallback(method, *args):
    external = elasticsearch()
    if external is not None:
        try:
            answer = getattr(external, method)(*args)
        except external.unavailable as error:
            logger.warning("Elasticsearch unavailable, searching the database: %s", error)
            return getattr(DatabaseBackend(), method)(*args), FALLBACK_NOTICE
        if MissedUpdate.objects.exists():  # it answers again: send what it missed
            catch_up(external)
        return answer, ""
    return getattr(DatabaseBackend(), method)(*args), ""


def search(query):
    results, notice = _with_fallback("search", query)
    results.notice = notice
    return results


def did_you_mean(text, keys):
    """A spelling of the query whose words all occur in titles or labels the user may see.

    Built from the database index on both backends: Elasticsearch's suggesters cannot be
    limited to what a user may see, so they would leak words from private communities.
    """
    words = terms(text)
    if not words or len(words) > 6:
        return ""
    visible = SearchEntry.objects.filter(
        pk__in=SearchAccess.objects.filter(key__in=keys).values("entry_id")
    )
    vocabulary = set()
    for title in visible.values_list("title", flat=True).iterator(chunk_size=2000):
        vocabulary.update(re.findall(r"\w{3,}", title.casefold()))
    labels = SearchFacet.objects.filter(entry__in=visible).values_list("label", flat=True)
    for label in labels.distinct():
        vocabulary.update(re.findall(r"\w{3,}", label.casefold()))
    fixed = []
    for word in words:
        if word in vocabulary:
            fixed.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        fixed.append(close[0] if close else word)
    suggestion = " ".join(fixed)
    return suggestion if suggestion != " ".join(words) else ""


def autocomplete(text, keys, limit=8):
    return _with_fallback("autocomplete", text, keys, limit)[0]


def _missed(keys):
    for key in keys:
        MissedUpdate.objects.get_or_create(key=key)


def _external(operation, keys, *args):
    """Run an Elasticsearch write; when it cannot be reached, remember the keys for later."""
    external = elasticsearch()
    if external is None:
        return
    try:
        getattr(external, operation)(*args)
    except external.unavailable as error:
        logger.warning("Elasticsearch unavailable; %s entries wait for it: %s", len(keys), error)
        _missed(keys)
    else:
        catch_up(external)


def external_write(entries):
    """Write entries to Elasticsearch too, when it is configured."""
    entries = list(entries)
    _external("write", [entry.key for entry in entries], entries)


def external_remove(keys):
    keys = list(keys)
    _external("remove", keys, keys)


def external_rekey(community_id, keys):
    affected = SearchEntry.objects.filter(community_id=community_id).values_list("key", flat=True)
    _external("rekey", list(affected), community_id, keys)


def catch_up(external, limit=500):
    """Send Elasticsearch what it missed while it was down, from the database index."""
    missed = list(MissedUpdate.objects.order_by("pk")[:limit])
    if not missed:
        return 0
    keys = [row.key for row in missed]
    rows = (
        SearchEntry.objects.filter(key__in=keys)
        .defer("stemmed", "vector")
        .prefetch_related("access", "facets")
    )
    entries = [entry_from_row(row) for row in rows]
    gone = sorted(set(keys) - {entry.key for entry in entries})
    try:
        external.write(entries)
        external.remove(gone)
    except external.unavailable:
        return 0
    MissedUpdate.objects.filter(pk__in=[row.pk for row in missed]).delete()
    return len(missed)


def entry_from_row(row):
    """The documents.Entry a SearchEntry row was written from."""
    from .documents import Entry

    return Entry(
        key=row.key,
        kind=row.kind,
        title=row.title,
        url=row.url,
        body=row.body,
        community_id=row.community_id,
        author_id=row.author_id,
        date=row.date,
        language=row.language,
        document_type=row.document_type,
        outcome=row.outcome,
        access=[access.key for access in row.access.all()],
        facets=[(facet.name, facet.value, facet.label) for facet in row.facets.all()],
    )
