"""The Elasticsearch backend: the same Query, Results and Suggestions as the database backend.

Entries (documents.Entry) are indexed as GuildDocuments in a concrete index named
"<alias>-<timestamp>" behind an alias (settings.ELASTICSEARCH_INDEX, "guild" by default).
Searches and writes go through the alias; a rebuild fills a new concrete index and then moves
the alias to it in one step, so search keeps answering while it runs.

Building queries and reading responses are pure functions (`build_search`, `build_autocomplete`,
`parse_response`, `to_document`), tested without a server. Every query carries a `terms` filter
on the user's access keys, so hits, snippets and facet counts only come from what they may see.

A document's text is analysed in its own language (languages.py): besides `title`, which every
document has, it fills `title_<code>` and `body_<code>` of its language only, and `body` when
its language has no analyser. A query searches every language's fields, each analysing the
words its own way, so "offerter" finds a Swedish "offert" and no English text is stemmed as
Swedish. The body is stored once; each `body_<code>` keeps a standard-analysed `.plain`
sub-field so words a language drops (its stop words) still match as typed.
"""

import logging
import re
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, helpers
from elasticsearch import exceptions as es_errors
from elasticsearch.dsl import Date, Document, Keyword, MetaField, Q, Search, SearchAsYouType, Text

from . import languages
from .backends import (
    FACETS,
    MAX_QUERY,
    MULTI_FACETS,
    SNIPPET,
    DatabaseBackend,
    Hit,
    Results,
    Suggestion,
    snippet,
    terms,
)

logger = logging.getLogger(__name__)

# Elasticsearch's built-in language analysers, by the code in their fields' names (title_sv).
LANGUAGES = languages.ANALYSERS
TITLE_FIELDS = ["title^4", *(f"title_{code}^4" for code in LANGUAGES)]
BODY_TEXT = ["body", *(f"body_{code}" for code in LANGUAGES)]  # where a body's text is
BODY_FIELDS = [*BODY_TEXT, *(f"body_{code}.plain" for code in LANGUAGES)]
SEARCH_FIELDS = [*TITLE_FIELDS, *BODY_FIELDS]
SUGGEST = "title.suggest"
SUGGEST_FIELDS = [SUGGEST, f"{SUGGEST}._2gram", f"{SUGGEST}._3gram"]
FACET_SIZE = 50
MARK = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
BULK_CHUNK = 500
SLOW_TIMEOUT = 120  # seconds, for bulk writes of a rebuild and update-by-query


def _body(analyzer):
    """A body in one language: stems, and its words as typed in `.plain`."""
    return Text(analyzer=analyzer, fields={"plain": Text(analyzer="standard")})


class GuildDocument(Document):
    key = Keyword()
    kind = Keyword()
    title = Text(analyzer="standard", fields={"suggest": SearchAsYouType()})
    body = Text(analyzer="standard")  # for a language without an analyser
    # A document fills the two fields of its own language (LANGUAGES) and no other.
    title_en = Text(analyzer="english")
    title_sv = Text(analyzer="swedish")
    title_de = Text(analyzer="german")
    title_fr = Text(analyzer="french")
    body_en = _body("english")
    body_sv = _body("swedish")
    body_de = _body("german")
    body_fr = _body("french")
    url = Keyword(index=False)
    community = Keyword()  # the community's id, as a string
    author = Keyword()  # the author's user id, as a string
    date = Date()
    year = Keyword()
    language = Keyword()
    document_type = Keyword()
    outcome = Keyword()
    customer = Keyword(multi=True)  # slugs
    product = Keyword(multi=True)
    tag = Keyword(multi=True)
    access = Keyword(multi=True)  # access keys (permissions.content_keys / search_keys)

    class Index:
        name = "guild"  # replaced by a concrete "<alias>-<timestamp>" name (see index_body)
        settings = {"number_of_shards": 1}

    class Meta:
        dynamic = MetaField("strict")


def index_body():
    """The settings and mappings of a concrete index, for indices.create(**index_body())."""
    return GuildDocument._index.to_dict()


def _str(value):
    """A keyword value: a string, or None for nothing (so empty values make no facet)."""
    return None if value is None or value == "" else str(value)


def to_document(entry):
    """A bulk action body for an Entry: {"_id": entry.key, "_source": {...}}."""
    slugs = {name: [] for name in MULTI_FACETS}
    for name, value, _label in entry.facets:
        if name in slugs and value and value not in slugs[name]:
            slugs[name].append(value)
    code = languages.analysed_as(entry.language)
    text = {f"title_{code}": entry.title, f"body_{code}": entry.body or ""} if code else {}
    source = {
        "key": entry.key,
        "kind": entry.kind,
        "title": entry.title,
        **(text or {"body": entry.body or ""}),
        "url": entry.url,
        "community": _str(entry.community_id),
        "author": _str(entry.author_id),
        "date": entry.date.isoformat() if entry.date else None,
        "year": _str(entry.year),
        "language": _str(entry.language),
        "document_type": _str(entry.document_type),
        "outcome": _str(entry.outcome),
        **slugs,
        "access": list(dict.fromkeys(entry.access)),
    }
    return {"_id": entry.key, "_source": source}


def _access(search, keys):
    """The filter every query carries: only entries with one of the user's access keys.

    Always present, even for no keys (then nothing matches: a terms filter on [] is empty)."""
    return search.filter("terms", access=[str(key) for key in keys])


def build_search(query):
    """The Search for a backends.Query: text, access, filters, facets, highlight, sort, page."""
    text = query.text[:MAX_QUERY]
    search = Search()
    search = search.query(_text_query(text) if terms(text) else Q("match_all"))
    search = _access(search, query.keys)
    for name, value in query.filters.items():
        if name in FACETS:
            search = search.filter("term", **{name: str(value)})
    for name in FACETS:
        search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE)
    search = search.highlight_options(
        encoder="html", fragment_size=SNIPPET, number_of_fragments=1, **MARK
    )
    # The language fields mark "reports" for "report"; the one holding the text always gives a
    # fragment, so a hit without a match in its body still shows its start.
    for name in BODY_TEXT:
        search = search.highlight(name, no_match_size=SNIPPET)
    search = search.highlight(*(f"body_{code}.plain" for code in LANGUAGES))
    by_date = query.sort == "date"
    search = search.sort("-date") if by_date else search.sort("_score", "-date")
    search = search.source(excludes=BODY_TEXT)  # bodies can be long; the snippet is enough
    search = search.extra(track_total_hits=True)
    return search[query.offset : query.offset + query.limit]


def _text_query(text):
    """Every word and every "quoted phrase" must match, each in any field (title or body)."""
    phrases = re.findall(r'"([^"]+)"', text)
    words = re.findall(r"\w{2,}", re.sub(r'"[^"]*"', " ", text).casefold())
    clauses = [
        Q("multi_match", query=word, fields=SEARCH_FIELDS, type="most_fields") for word in words
    ] + [
        Q("multi_match", query=phrase, fields=SEARCH_FIELDS, type="phrase")
        for phrase in phrases
        if terms(phrase)
    ]
    return Q("bool", must=clauses)


def build_autocomplete(text, keys, limit=8):
    """Titles that start with the words typed so far, among entries the user may see."""
    search = Search().query(
        "multi_match",
        query=text[:MAX_QUERY],
        type="bool_prefix",
        operator="and",
        fields=SUGGEST_FIELDS,
    )
    search = _access(search, keys)
    return search.source(["key", "kind", "title", "url"])[:limit]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value):
    if not value:
        return None
    try:
        return parse_datetime(value)
    except (TypeError, ValueError):
        return None


def _snippet(raw, source, words):
    """The highlighted fragment (escaped by the html encoder), or the body's start, escaped."""
    highlight = raw.get("highlight") or {}
    fragments = [fragment for name in BODY_FIELDS for fragment in highlight.get(name, [])[:1]]
    marked = [fragment for fragment in fragments if "<mark>" in fragment]
    if marked or fragments:
        # The html encoder escaped the text; only <mark> tags were added.
        return mark_safe((marked or fragments)[0])  # noqa: S308
    body = next((source[name] for name in BODY_TEXT if source.get(name)), "")
    return snippet(body, words)


def parse_response(response, query):
    """backends.Results from a search response (a dict) for `query`."""
    words = terms(query.text)
    hits = []
    for raw in response.get("hits", {}).get("hits", []):
        source = raw.get("_source") or {}
        hits.append(
            Hit(
                key=source.get("key") or raw.get("_id", ""),
                kind=source.get("kind", ""),
                title=source.get("title", ""),
                url=source.get("url", ""),
                community_id=_int(source.get("community")),
                author_id=_int(source.get("author")),
                date=_date(source.get("date")),
                snippet=_snippet(raw, source, words),
                language=source.get("language") or "",
            )
        )
    total = response.get("hits", {}).get("total", 0)
    if isinstance(total, dict):
        total = total.get("value", 0)
    aggregations = response.get("aggregations") or {}
    facets = {}
    for name in FACETS:
        buckets = (aggregations.get(name) or {}).get("buckets", [])
        facets[name] = [
            (str(bucket.get("key_as_string", bucket["key"])), bucket["doc_count"])
            for bucket in buckets
            if str(bucket["key"]) != ""
        ]
    return Results(total=total, hits=hits, facets=facets)


def _body(response):
    """The JSON body of a client response (a plain dict passes through)."""
    return response.body if hasattr(response, "body") else response


class ServerUnavailable(Exception):
    """Elasticsearch answered with a server error, is overloaded, or has no index yet."""


class ElasticsearchBackend:
    name = "elasticsearch"
    # What means "search the database instead": no connection, a timeout, a transport
    # failure, or a server error (the 8.x client raises a plain ApiError for 5xx, which
    # `_answering` turns into ServerUnavailable).
    unavailable = (
        es_errors.ConnectionError,
        es_errors.ConnectionTimeout,
        es_errors.TransportError,
        ServerUnavailable,
    )

    def __init__(self, url, index=None):
        self.url = url
        self.alias = index or getattr(settings, "ELASTICSEARCH_INDEX", "") or "guild"
        self._client = None
        self._ready = False

    @property
    def client(self):
        """The client, made on first use: constructing the backend never touches the network."""
        if self._client is None:
            self._client = Elasticsearch(self.url, request_timeout=5)
        return self._client

    @contextmanager
    def _answering(self, missing_index=False):
        """Turn server-side failures into ServerUnavailable, so callers can fall back."""
        try:
            yield
        except helpers.BulkIndexError as error:
            # Name the first failure without its document: bodies can be private.
            first = next(iter(error.errors[0].values()), {}) if error.errors else {}
            if not isinstance(first, dict):
                first = {}
            why = (first.get("_id"), first.get("status"), first.get("error"))
            raise ServerUnavailable(f"{len(error.errors)} entries not written: {why}") from error
        except ApiError as error:
            status = error.meta.status
            if status >= 500 or status == 429 or (missing_index and status == 404):
                raise ServerUnavailable(str(error)) from error
            raise

    # Searching

    def search(self, query):
        with self._answering(missing_index=True):
            response = self.client.search(index=self.alias, body=build_search(query).to_dict())
        return parse_response(_body(response), query)

    def autocomplete(self, text, keys, limit=8):
        text = text.strip()[:MAX_QUERY]
        if len(text) < 2:
            return []
        search = build_autocomplete(text, keys, limit)
        with self._answering(missing_index=True):
            response = _body(self.client.search(index=self.alias, body=search.to_dict()))
        found = []
        for raw in response.get("hits", {}).get("hits", []):
            source = raw.get("_source") or {}
            kind = "person" if source.get("kind") == "person" else "title"
            found.append(Suggestion(kind, source.get("title", ""), source.get("url", "")))
        words = DatabaseBackend().autocomplete(text, keys, limit)
        found += [word for word in words if word.kind in ("tag", "customer")]
        return found[: limit * 2]

    # Writing

    def ensure_index(self):
        """Create the first concrete index with the alias on it, unless the alias exists."""
        if self._ready:
            return
        with self._answering():
            indices = self.client.indices
            if not (indices.exists_alias(name=self.alias) or indices.exists(index=self.alias)):
                try:
                    indices.create(index=self._new_name(), aliases={self.alias: {}}, **index_body())
                except BadRequestError as error:
                    if error.error != "resource_already_exists_exception":
                        raise
        self._ready = True

    def write(self, entries):
        entries = list(entries)
        if not entries:
            return
        self.ensure_index()
        actions = [{"_op_type": "index", "_index": self.alias, **to_document(e)} for e in entries]
        with self._answering():
            helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK)

    def remove(self, keys):
        keys = list(keys)
        if not keys:
            return
        self.ensure_index()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        with self._answering():
            # Refresh at once: whatever was removed should stop being found now.
            helpers.bulk(self.client, actions, ignore_status=404, refresh=True)

    def rekey(self, community_id, keys):
        """The entries of a community get its new access keys."""
        self.ensure_index()
        with self._answering():
            self.client.options(request_timeout=SLOW_TIMEOUT).update_by_query(
                index=self.alias,
                query={"term": {"community": str(community_id)}},
                script={
                    "source": "ctx._source.access = params['access']",
                    "lang": "painless",
                    "params": {"access": [str(key) for key in keys]},
                },
                conflicts="proceed",
                refresh=True,
            )

    def _new_name(self):
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _behind_alias(self, client):
        """The concrete indices the alias points to now."""
        try:
            return sorted(client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def rebuild(self, entries, progress=None):
        """Index every entry into a new concrete index, then move the alias to it at once.

        `progress(label, done, total)` is called every BULK_CHUNK entries and at the end (total
        is None when `entries` has no length). Returns the number of entries written.
        """
        total = len(entries) if hasattr(entries, "__len__") else None
        name = self._new_name()
        client = self.client.options(request_timeout=SLOW_TIMEOUT)
        body = index_body()
        body["settings"] = {**body.get("settings", {}), "refresh_interval": "-1"}
        with self._answering():
            client.indices.create(index=name, **body)
            try:
                done = self._fill(client, name, entries, total, progress)
                client.indices.put_settings(index=name, settings={"refresh_interval": None})
                client.indices.refresh(index=name)
                old = self._behind_alias(client)
                actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
                actions.append({"add": {"index": name, "alias": self.alias}})
                if not old and client.indices.exists(index=self.alias):
                    # A concrete index holds the alias's name (written before any alias): drop it
                    # in the same step, or the alias could not be added.
                    actions.append({"remove_index": {"index": self.alias}})
                client.indices.update_aliases(actions=actions)
            except BaseException:
                self._drop(client, name)
                raise
            if old:
                client.options(ignore_status=404).indices.delete(index=",".join(old))
        self._ready = True
        return done

    @staticmethod
    def _drop(client, name):
        """Delete a half-built index; a failure here must not hide why the rebuild failed."""
        try:
            client.options(ignore_status=404).indices.delete(index=name)
        except Exception:
            logger.exception("Could not delete the half-built index %s", name)

    def _fill(self, client, name, entries, total, progress):
        actions = ({"_op_type": "index", "_index": name, **to_document(e)} for e in entries)
        done = 0
        for _ok, _item in helpers.streaming_bulk(client, actions, chunk_size=BULK_CHUNK):
            done += 1
            if progress is not None and done % BULK_CHUNK == 0:
                progress("elasticsearch", done, total)
        if progress is not None:
            progress("elasticsearch", done, total)
        return done
