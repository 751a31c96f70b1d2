"""The Elasticsearch backend: its queries, mapping and responses, without and with a server."""

import datetime
import os
import socket
import uuid
from unittest import mock

import elasticsearch
import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig

from intranet.search import elastic
from intranet.search.backends import FACETS, MAX_QUERY, Query, Suggestion
from intranet.search.documents import Entry
from intranet.search.elastic import (
    GuildDocument,
    ServerUnavailable,
    build_autocomplete,
    build_search,
    parse_response,
    to_document,
)

FACET_FIELDS = ("kind", "community", "author", "year", "language", "document_type", "outcome")
MULTI_FIELDS = ("customer", "product", "tag")
WHEN = datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.UTC)


def make_entry(key="post:1", **fields):
    fields.setdefault("kind", key.split(":")[0])
    fields.setdefault("title", "Tender for Solberga Hospital")
    fields.setdefault("url", f"/{key.replace(':', '/')}/")
    fields.setdefault("body", "We won the tender for cleaning the wards.")
    fields.setdefault("community_id", 3)
    fields.setdefault("author_id", 8)
    fields.setdefault("date", WHEN)
    fields.setdefault("language", "en")
    fields.setdefault("access", ["community:3"])
    return Entry(key=key, **fields)


def access_filters(node):
    """Every `terms` clause on `access` anywhere in a query dict."""
    found = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "terms" and isinstance(value, dict) and "access" in value:
                found.append(value["access"])
            else:
                found.extend(access_filters(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(access_filters(item))
    return found


def filters_of(body):
    return body["query"]["bool"]["filter"]


def api_error(status, error_type="error", cls=elasticsearch.ApiError):
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )
    return cls(message=error_type, meta=meta, body={"error": {"type": error_type}})


def response(hits=(), total=None, aggregations=None):
    body = {
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "hits": list(hits),
        }
    }
    if aggregations is not None:
        body["aggregations"] = aggregations
    return body


def raw_hit(key="post:1", highlight=None, **source):
    source = {
        "key": key,
        "kind": key.split(":")[0],
        "title": "Tender",
        "url": f"/{key}/",
        "community": "3",
        "author": "8",
        "date": "2024-05-17T09:30:00+00:00",
        **source,
    }
    hit = {"_id": key, "_score": 1.0, "_source": source}
    if highlight is not None:
        hit["highlight"] = highlight
    return hit


@pytest.fixture
def client():
    """A mocked Elasticsearch client; options(...) returns the same client."""
    fake = mock.MagicMock(name="client")
    fake.options.return_value = fake
    fake.indices.exists_alias.return_value = True
    return fake


@pytest.fixture
def backend(client):
    made = elastic.ElasticsearchBackend("http://search.invalid:9200", index="guild")
    made._client = client
    return made


class BuildSearchTests:
    def test_it_filters_on_access_with_text(self):
        body = build_search(Query("tender", ["open", "community:3"])).to_dict()
        assert access_filters(body) == [["open", "community:3"]]
        assert {"terms": {"access": ["open", "community:3"]}} in filters_of(body)

    def test_it_filters_on_access_without_text(self):
        body = build_search(Query("", ["open"])).to_dict()
        assert access_filters(body) == [["open"]]
        assert "multi_match" not in str(body)

    def test_it_filters_on_access_with_filters(self):
        query = Query("tender", ["open"], filters={"tag": "retail", "kind": "post"})
        body = build_search(query).to_dict()
        assert access_filters(body) == [["open"]]

    def test_it_filters_on_access_when_the_user_has_no_keys(self):
        for text in ("tender", ""):
            body = build_search(Query(text, [])).to_dict()
            assert {"terms": {"access": []}} in filters_of(body)

    def test_it_needs_every_word_somewhere_in_titles_or_bodies_in_every_language(self):
        body = build_search(Query("cleaning tenders", ["open"])).to_dict()
        words = [clause["multi_match"] for clause in body["query"]["bool"]["must"]]
        assert [word["query"] for word in words] == ["cleaning", "tenders"]
        assert {word["type"] for word in words} == {"most_fields"}
        assert words[0]["fields"] == [
            "title^4",
            "title_en^4",
            "title_sv^4",
            "title_de^4",
            "title_fr^4",
            "body",
            "body_en",
            "body_sv",
            "body_de",
            "body_fr",
            "body_en.plain",
            "body_sv.plain",
            "body_de.plain",
            "body_fr.plain",
        ]

    def test_it_matches_everything_when_the_text_has_no_words(self):
        for text in ("", "   ", "?! -"):
            body = build_search(Query(text, ["open"])).to_dict()
            assert "multi_match" not in str(body)
            assert body["query"]["bool"]["filter"] == [{"terms": {"access": ["open"]}}]

    def test_it_matches_a_quoted_phrase_as_a_phrase(self):
        body = build_search(Query('guards "night patrol"', ["open"])).to_dict()
        clauses = body["query"]["bool"]["must"]
        assert [c["multi_match"]["query"] for c in clauses] == ["guards", "night patrol"]
        assert clauses[1]["multi_match"]["type"] == "phrase"

    def test_it_cuts_long_text(self):
        body = build_search(Query("word " * 100, ["open"])).to_dict()
        words = body["query"]["bool"]["must"]
        assert len(words) == len(("word " * 100)[:MAX_QUERY].split())

    def test_it_adds_a_term_filter_per_facet_with_string_values(self):
        query = Query(
            "tender",
            ["open"],
            filters={"community": 3, "author": "8", "year": 2024, "tag": "retail"},
        )
        filters = filters_of(build_search(query).to_dict())
        assert {"term": {"community": "3"}} in filters
        assert {"term": {"author": "8"}} in filters
        assert {"term": {"year": "2024"}} in filters
        assert {"term": {"tag": "retail"}} in filters
        assert len(filters) == 5

    def test_it_ignores_filters_that_are_not_facets(self):
        filters = filters_of(build_search(Query("", ["open"], filters={"access": "x"})).to_dict())
        assert filters == [{"terms": {"access": ["open"]}}]

    def test_it_counts_every_facet(self):
        aggs = build_search(Query("", ["open"])).to_dict()["aggs"]
        assert set(aggs) == set(FACETS)
        for name in FACETS:
            assert aggs[name] == {"terms": {"field": name, "size": 50}}

    def test_it_highlights_the_body_as_escaped_html(self):
        highlight = build_search(Query("tender", ["open"])).to_dict()["highlight"]
        assert highlight["encoder"] == "html"
        assert highlight["pre_tags"] == ["<mark>"]
        assert highlight["post_tags"] == ["</mark>"]
        assert highlight["number_of_fragments"] == 1
        assert highlight["fragment_size"] == 240
        assert highlight["fields"]["body"] == {"no_match_size": 240}

    def test_it_sorts_by_relevance_then_date(self):
        body = build_search(Query("tender", ["open"], sort="relevance")).to_dict()
        assert body["sort"] == ["_score", {"date": {"order": "desc"}}]

    def test_it_sorts_by_date(self):
        body = build_search(Query("tender", ["open"], sort="date")).to_dict()
        assert body["sort"] == [{"date": {"order": "desc"}}]

    def test_it_pages(self):
        body = build_search(Query("tender", ["open"], offset=40, limit=20)).to_dict()
        assert (body["from"], body["size"]) == (40, 20)
        assert body["track_total_hits"] is True

    def test_it_leaves_long_bodies_out_of_the_hits(self):
        body = build_search(Query("tender", ["open"])).to_dict()
        assert body["_source"] == {"excludes": ["body", "body_en", "body_sv", "body_de", "body_fr"]}


class BuildAutocompleteTests:
    def test_it_matches_prefixes_of_titles(self):
        body = build_autocomplete("solb hosp", ["open"], 5).to_dict()
        (match,) = body["query"]["bool"]["must"]
        assert match["multi_match"]["type"] == "bool_prefix"
        assert match["multi_match"]["query"] == "solb hosp"
        assert match["multi_match"]["fields"] == [
            "title.suggest",
            "title.suggest._2gram",
            "title.suggest._3gram",
        ]
        assert body["size"] == 5

    def test_it_filters_on_access(self):
        body = build_autocomplete("solb", ["open", "user:4"], 8).to_dict()
        assert access_filters(body) == [["open", "user:4"]]
        assert build_autocomplete("solb", [], 8).to_dict()["query"]["bool"]["filter"] == [
            {"terms": {"access": []}}
        ]


class MappingTests:
    @pytest.fixture
    def properties(self):
        return GuildDocument._index.to_dict()["mappings"]["properties"]

    def test_it_makes_every_facet_a_keyword(self, properties):
        for name in (*FACET_FIELDS, *MULTI_FIELDS, "access", "key"):
            assert properties[name] == {"type": "keyword"}, name

    def test_it_keeps_urls_without_indexing_them(self, properties):
        assert properties["url"] == {"type": "keyword", "index": False}
        assert properties["date"] == {"type": "date"}

    def test_it_analyses_titles_and_bodies_in_each_language(self, properties):
        analysers = {"en": "english", "sv": "swedish", "de": "german", "fr": "french"}
        assert properties["title"]["analyzer"] == "standard"
        assert properties["body"] == {"type": "text", "analyzer": "standard"}
        for code, analyser in analysers.items():
            assert properties[f"title_{code}"] == {"type": "text", "analyzer": analyser}
            assert properties[f"body_{code}"] == {
                "type": "text",
                "analyzer": analyser,
                "fields": {"plain": {"type": "text", "analyzer": "standard"}},
            }

    def test_it_suggests_titles_as_you_type(self, properties):
        assert properties["title"]["fields"]["suggest"] == {"type": "search_as_you_type"}

    def test_it_refuses_fields_it_does_not_know(self):
        assert GuildDocument._index.to_dict()["mappings"]["dynamic"] == "strict"

    def test_it_has_a_field_for_everything_a_document_holds(self, properties):
        source = to_document(make_entry(facets=[("tag", "retail", "Retail")]))["_source"]
        assert set(source) <= set(properties)


class ToDocumentTests:
    def test_it_keys_the_document_by_the_entry(self):
        assert to_document(make_entry("wiki:12"))["_id"] == "wiki:12"
        assert to_document(make_entry("wiki:12"))["_source"]["key"] == "wiki:12"

    def test_it_writes_facets_as_strings(self):
        source = to_document(make_entry(document_type="case_study", outcome="won"))["_source"]
        assert source["community"] == "3"
        assert source["author"] == "8"
        assert source["year"] == "2024"
        assert source["date"] == "2024-05-17T09:30:00+00:00"
        assert (source["kind"], source["language"]) == ("post", "en")
        assert (source["document_type"], source["outcome"]) == ("case_study", "won")

    def test_it_groups_many_valued_facets_by_name(self):
        facets = [
            ("customer", "solberga", "Solberga Hospital"),
            ("product", "wardclean", "WardClean"),
            ("tag", "retail", "Retail"),
            ("tag", "healthcare", "Healthcare"),
            ("tag", "retail", "Retail"),
        ]
        source = to_document(make_entry(facets=facets))["_source"]
        assert source["customer"] == ["solberga"]
        assert source["product"] == ["wardclean"]
        assert source["tag"] == ["retail", "healthcare"]

    def test_it_leaves_out_empty_values(self):
        entry = make_entry(
            "person:4", community_id=None, author_id=None, date=None, language="", access=[]
        )
        source = to_document(entry)["_source"]
        for name in ("community", "author", "date", "year", "language", "outcome"):
            assert source[name] is None, name
        assert (source["customer"], source["access"]) == ([], [])

    def test_it_copies_access_keys_once_each(self):
        entry = make_entry(access=["community:3", "open", "community:3"])
        assert to_document(entry)["_source"]["access"] == ["community:3", "open"]


class ParseResponseTests:
    def test_it_reads_hits(self):
        results = parse_response(
            response([raw_hit(highlight={"body": ["the <mark>tender</mark> for"]})], total=31),
            Query("tender", ["open"]),
        )
        assert results.total == 31
        (hit,) = results.hits
        assert (hit.key, hit.kind, hit.title, hit.url) == ("post:1", "post", "Tender", "/post:1/")
        assert (hit.community_id, hit.author_id) == (3, 8)
        assert hit.date == WHEN
        assert hit.snippet == "the <mark>tender</mark> for"
        assert isinstance(hit.snippet, SafeString)

    def test_it_reads_people_without_community_author_or_date(self):
        hit = raw_hit("person:4", community=None, author=None, date=None)
        (found,) = parse_response(response([hit]), Query("", ["open"])).hits
        assert (found.community_id, found.author_id, found.date) == (None, None, None)

    def test_it_keeps_escaped_highlights_escaped(self):
        fragment = "&lt;script&gt;alert(1)&lt;&#x2F;script&gt; <mark>tender</mark>"
        hit = raw_hit(highlight={"body": [fragment]})
        (found,) = parse_response(response([hit]), Query("tender", ["open"])).hits
        assert found.snippet == fragment
        html = Template("{{ snippet }}").render(Context({"snippet": found.snippet}))
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "<mark>tender</mark>" in html

    def test_it_prefers_a_fragment_with_a_match(self):
        highlight = {"body_en": ["The start of it"], "body_en.plain": ["<mark>tender</mark>s"]}
        hit = raw_hit(highlight=highlight)
        (found,) = parse_response(response([hit]), Query("tender", ["open"])).hits
        assert found.snippet == "<mark>tender</mark>s"

    def test_it_escapes_the_body_itself_without_a_highlight(self):
        body = "<script>alert(1)</script> " + "word " * 100
        hit = raw_hit(body=body)
        (found,) = parse_response(response([hit]), Query("", ["open"])).hits
        assert isinstance(found.snippet, SafeString)
        assert "<script>" not in found.snippet
        assert found.snippet.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
        assert len(found.snippet) < 300

    def test_it_reads_facets_as_strings(self):
        aggregations = {
            "year": {"buckets": [{"key": 2024, "doc_count": 5}, {"key": 2023, "doc_count": 2}]},
            "community": {"buckets": [{"key": "3", "doc_count": 7}]},
            "tag": {"buckets": [{"key": "retail", "doc_count": 4}, {"key": "", "doc_count": 1}]},
        }
        facets = parse_response(response(aggregations=aggregations), Query("", ["open"])).facets
        assert facets["year"] == [("2024", 5), ("2023", 2)]
        assert facets["community"] == [("3", 7)]
        assert facets["tag"] == [("retail", 4)]
        assert set(facets) == set(FACETS)
        for pairs in facets.values():
            for value, count in pairs:
                assert isinstance(value, str)
                assert isinstance(count, int)

    def test_it_gives_every_facet_without_aggregations(self):
        results = parse_response(response(), Query("", []))
        assert results.total == 0
        assert results.hits == []
        assert results.facets == {name: [] for name in FACETS}


class ClientTests:
    def test_it_makes_no_client_until_it_is_used(self):
        with mock.patch.object(elastic, "Elasticsearch") as client_class:
            backend = elastic.ElasticsearchBackend("http://search.invalid:9200")
            client_class.assert_not_called()
            assert backend.client is backend.client
        client_class.assert_called_once_with("http://search.invalid:9200", request_timeout=5)

    def test_it_names_its_alias_from_settings(self, settings):
        settings.ELASTICSEARCH_INDEX = "guild-staging"
        assert elastic.ElasticsearchBackend("http://x:9200").alias == "guild-staging"
        assert elastic.ElasticsearchBackend("http://x:9200", index="other").alias == "other"
        del settings.ELASTICSEARCH_INDEX
        assert elastic.ElasticsearchBackend("http://x:9200").alias == "guild"


class SearchTests:
    def test_it_searches_the_alias_and_reads_the_response(self, backend, client):
        client.search.return_value = response([raw_hit()])
        results = backend.search(Query("tender", ["open"]))
        assert [hit.key for hit in results.hits] == ["post:1"]
        call = client.search.call_args
        assert call.kwargs["index"] == "guild"
        assert access_filters(call.kwargs["body"]) == [["open"]]

    def test_it_is_unavailable_without_a_connection(self, backend, client):
        client.search.side_effect = elasticsearch.ConnectionError("Connection refused")
        with pytest.raises(backend.unavailable):
            backend.search(Query("tender", ["open"]))

    def test_it_is_unavailable_when_nothing_listens(self):
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        backend = elastic.ElasticsearchBackend(f"http://127.0.0.1:{port}", index="guild")
        with pytest.raises(backend.unavailable):
            backend.search(Query("tender", ["open"]))

    def test_it_is_unavailable_after_a_timeout(self, backend, client):
        client.search.side_effect = elasticsearch.ConnectionTimeout("timed out")
        with pytest.raises(backend.unavailable):
            backend.search(Query("tender", ["open"]))

    def test_it_is_unavailable_on_a_server_error(self, backend, client):
        client.search.side_effect = api_error(503, "unavailable_shards_exception")
        with pytest.raises(ServerUnavailable):
            backend.search(Query("tender", ["open"]))
        assert ServerUnavailable in backend.unavailable

    def test_it_is_unavailable_before_its_index_exists(self, backend, client):
        client.search.side_effect = api_error(
            404, "index_not_found_exception", elasticsearch.NotFoundError
        )
        with pytest.raises(backend.unavailable):
            backend.search(Query("tender", ["open"]))

    def test_it_does_not_hide_a_bad_request(self, backend, client):
        bad = api_error(400, "parsing_exception", elasticsearch.BadRequestError)
        client.search.side_effect = bad
        with pytest.raises(elasticsearch.BadRequestError) as raised:
            backend.search(Query("tender", ["open"]))
        assert not isinstance(raised.value, backend.unavailable)


class AutocompleteTests:
    def test_it_suggests_titles_then_tags_and_customers_from_the_database(self, backend, client):
        client.search.return_value = response(
            [
                raw_hit("person:4", title="Solveig Berg", url="/people/solveig/"),
                raw_hit("post:1", title="Solberga tender", url="/posts/1/"),
            ]
        )
        from_database = [
            Suggestion("title", "Solberga tender", "/posts/1/"),
            Suggestion("tag", "Solar", value="solar"),
            Suggestion("customer", "Solberga Hospital", value="solberga"),
        ]
        with mock.patch.object(
            elastic.DatabaseBackend, "autocomplete", return_value=from_database
        ) as database:
            found = backend.autocomplete("sol", ["open"], limit=5)
        database.assert_called_once_with("sol", ["open"], 5)
        assert found == [
            Suggestion("person", "Solveig Berg", "/people/solveig/"),
            Suggestion("title", "Solberga tender", "/posts/1/"),
            Suggestion("tag", "Solar", value="solar"),
            Suggestion("customer", "Solberga Hospital", value="solberga"),
        ]
        body = client.search.call_args.kwargs["body"]
        assert access_filters(body) == [["open"]]
        assert body["size"] == 5

    def test_it_waits_for_two_characters(self, backend, client):
        assert backend.autocomplete(" s ", ["open"]) == []
        client.search.assert_not_called()

    def test_it_is_unavailable_without_a_connection(self, backend, client):
        client.search.side_effect = elasticsearch.ConnectionError("Connection refused")
        with pytest.raises(backend.unavailable):
            backend.autocomplete("sol", ["open"])


class WriteTests:
    def test_it_indexes_entries_into_the_alias(self, backend):
        with mock.patch.object(elastic.helpers, "bulk") as bulk:
            backend.write([make_entry("post:1"), make_entry("wiki:2")])
        actions = bulk.call_args.args[1]
        assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
            ("index", "guild", "post:1"),
            ("index", "guild", "wiki:2"),
        ]
        assert actions[0]["_source"]["access"] == ["community:3"]

    def test_it_creates_the_index_and_alias_on_first_write(self, backend, client):
        client.indices.exists_alias.return_value = False
        client.indices.exists.return_value = False
        with mock.patch.object(elastic.helpers, "bulk"):
            backend.write([make_entry()])
            backend.write([make_entry()])
        client.indices.create.assert_called_once()
        created = client.indices.create.call_args.kwargs
        assert created["index"].startswith("guild-")
        assert created["aliases"] == {"guild": {}}
        assert created["mappings"]["properties"]["access"] == {"type": "keyword"}

    def test_it_leaves_an_existing_alias_alone(self, backend, client):
        backend.ensure_index()
        client.indices.create.assert_not_called()

    def test_it_is_unavailable_when_entries_cannot_be_written(self, backend):
        failed = {"_id": "post:1", "status": 503, "error": "busy", "data": {"body": "secret"}}
        error = elasticsearch.helpers.BulkIndexError("1 document(s) failed", [{"index": failed}])
        with (
            mock.patch.object(elastic.helpers, "bulk", side_effect=error),
            pytest.raises(backend.unavailable) as raised,
        ):
            backend.write([make_entry()])
        assert "post:1" in str(raised.value)
        assert "secret" not in str(raised.value)

    def test_it_removes_entries_and_ignores_missing_ones(self, backend):
        with mock.patch.object(elastic.helpers, "bulk") as bulk:
            backend.remove(["post:1", "wiki:2"])
        actions = bulk.call_args.args[1]
        assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
            ("delete", "guild", "post:1"),
            ("delete", "guild", "wiki:2"),
        ]
        assert bulk.call_args.kwargs["ignore_status"] == 404

    def test_it_rekeys_a_community(self, backend, client):
        backend.rekey(3, ["community:3"])
        call = client.update_by_query.call_args.kwargs
        assert call["index"] == "guild"
        assert call["query"] == {"term": {"community": "3"}}
        assert call["script"]["params"] == {"access": ["community:3"]}
        assert call["refresh"] is True


class RebuildTests:
    @pytest.fixture
    def events(self, client):
        """What the rebuild asked of the server, in order."""
        happened = []
        client.indices.create.side_effect = lambda **kw: happened.append(("create", kw["index"]))
        client.indices.get_alias.return_value = {"guild-20240101000000000000": {"aliases": {}}}
        client.indices.update_aliases.side_effect = lambda **kw: happened.append(
            ("aliases", kw["actions"])
        )
        client.indices.delete.side_effect = lambda **kw: happened.append(("delete", kw["index"]))
        return happened

    def test_it_writes_a_new_index_then_moves_the_alias_to_it(self, backend, events):
        def streaming_bulk(client, actions, **kwargs):
            for action in actions:
                events.append(("write", action["_index"], action["_id"]))
                yield True, {}

        progress = mock.Mock()
        with mock.patch.object(elastic.helpers, "streaming_bulk", streaming_bulk):
            done = backend.rebuild([make_entry("post:1"), make_entry("wiki:2")], progress)
        assert done == 2
        new = events[0][1]
        assert events[0] == ("create", new)
        assert new.startswith("guild-") and new != "guild-20240101000000000000"
        assert events[1:3] == [("write", new, "post:1"), ("write", new, "wiki:2")]
        assert events[3] == (
            "aliases",
            [
                {"remove": {"index": "guild-20240101000000000000", "alias": "guild"}},
                {"add": {"index": new, "alias": "guild"}},
            ],
        )
        assert events[4] == ("delete", "guild-20240101000000000000")
        progress.assert_called_with("elasticsearch", 2, 2)

    def test_it_keeps_the_old_index_when_writing_fails(self, backend, events):
        def streaming_bulk(client, actions, **kwargs):
            raise elasticsearch.ConnectionError("Connection reset")
            yield

        with (
            mock.patch.object(elastic.helpers, "streaming_bulk", streaming_bulk),
            pytest.raises(backend.unavailable),
        ):
            backend.rebuild([make_entry()])
        new = events[0][1]
        assert events == [("create", new), ("delete", new)]


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs an Elasticsearch server: set ELASTICSEARCH_URL",
)
class ElasticsearchServerTests:
    @pytest.fixture
    def server(self):
        backend = elastic.ElasticsearchBackend(
            os.environ["ELASTICSEARCH_URL"], index=f"guild-test-{uuid.uuid4().hex[:8]}"
        )
        yield backend
        # Deleting by wildcard is refused by default (action.destructive_requires_name).
        names = list(backend.client.indices.get(index=f"{backend.alias}-*"))
        if names:
            backend.client.indices.delete(index=",".join(names))

    @pytest.fixture
    def entries(self):
        return [
            make_entry(
                "post:1",
                title="Hospital tender won",
                body="The cleaning tender for Solberga Hospital is ours.",
                community_id=1,
                access=["community:1"],
                facets=[("tag", "healthcare", "Healthcare")],
            ),
            make_entry(
                "post:2",
                title="Hospital tender lost",
                body="The energy tender went to a competitor.",
                community_id=2,
                access=["community:2"],
                facets=[("tag", "energy", "Energy")],
            ),
        ]

    def test_it_finds_only_what_the_user_may_see(self, server, entries):
        assert server.rebuild(entries) == 2
        results = server.search(Query("tender", ["open", "community:1"]))
        assert results.total == 1
        assert [hit.key for hit in results.hits] == ["post:1"]
        assert "<mark>tender</mark>" in results.hits[0].snippet
        assert results.facets["community"] == [("1", 1)]
        assert results.facets["tag"] == [("healthcare", 1)]
        assert server.search(Query("tender", [])).total == 0

    def test_it_keeps_searching_across_rebuilds(self, server, entries):
        server.rebuild(entries)
        first = set(server.client.indices.get_alias(name=server.alias))
        server.rebuild(entries[:1])
        second = set(server.client.indices.get_alias(name=server.alias))
        assert len(first) == len(second) == 1
        assert first != second
        assert not server.client.indices.exists(index=first.pop())
        keys = ["community:1", "community:2"]
        assert server.search(Query("tender", keys)).total == 1

    def test_it_rekeys_and_removes(self, server, entries):
        server.rebuild(entries)
        server.rekey(2, ["community:1"])
        assert server.search(Query("tender", ["community:1"])).total == 2
        server.remove(["post:2", "post:404"])
        assert server.search(Query("tender", ["community:1"])).total == 1

    def test_it_writes_into_the_alias(self, server, entries):
        server.write(entries)
        server.client.indices.refresh(index=server.alias)
        results = server.search(Query("", ["community:2"], filters={"tag": "energy"}))
        assert [hit.key for hit in results.hits] == ["post:2"]
