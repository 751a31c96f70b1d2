"""Search in every content language: each entry is analysed in its language, translations are
entries of their own (with their source's community, access and facets), and the language
facet filters them. The database tests run on the configured database (SQLite, or PostgreSQL
when DATABASE_URL points to one); the Elasticsearch ones need ELASTICSEARCH_URL."""

import os
import uuid
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.search.utils import parse_query_string

from intranet.community import permissions
from intranet.search import backends, documents, index, languages
from intranet.search.backends import Query
from intranet.search.elastic import GuildDocument, build_search, to_document
from intranet.search.models import SearchEntry
from intranet.wiki import markup
from tests.builders import add_member, make_post
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import make_module, make_path
from tests.library.builders import make_customer, make_item, make_product
from tests.search.cast import cast
from tests.wiki.builders import make_wiki_page

pytestmark = pytest.mark.django_db


def translate(page, language, title, **fields):
    """A published translation of `page`, made as wagtail-localize makes one: a copy in the
    language's tree (its parents copied too), translated, then published."""
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.title = title
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(page).objects.get(pk=translated.pk)


def blocks(text):
    return markup.to_blocks(text).blocks


def _build():
    with override_settings(ELASTICSEARCH_URL=""):
        open_, private, author, member, stranger = cast()
        add_member(open_, stranger)
        solberga, guarding = make_customer("Solberga Hospital"), make_product("Manned guarding")

        wiki = make_wiki_page(
            open_,
            author,
            title="Cleaning quotations",
            text="Every customer at Solberga gets a quotation for the cleaning.",
        )
        wiki_sv = translate(
            wiki,
            "sv",
            "Offert för städning",
            body=blocks("Varje kund på Solberga får en offert för städningen."),
        )
        wiki_de = translate(
            wiki,
            "de",
            "Angebot für die Reinigung",
            body=blocks("Jeder Kunde in Solberga bekommt ein Angebot für die Reinigung."),
        )
        post = make_post(
            open_,
            author,
            title="Visit at Solberga",
            body="<p>We walked the wards with the facilities manager.</p>",
            customers=[solberga],
            products=[guarding],
            tags=["healthcare"],
        )
        post_sv = translate(
            post,
            "sv",
            "Besök på Solberga",
            body="<p>Vi gick genom avdelningarna och såg över bevakningen.</p>",
        )
        item = make_item(
            open_,
            author,
            file="docx",
            title="Ward guarding proposal",
            summary="Guarding the wards at night.",
            language="en",
            customers=[solberga],
            products=[guarding],
        )
        item_sv = translate(
            item, "sv", "Anbud på bevakning", summary="Bevakning av avdelningarna nattetid."
        )
        private_wiki = make_wiki_page(
            private, author, title="Bid pricing", text="How we price a hospital tender."
        )
        private_sv = translate(
            private_wiki,
            "sv",
            "Prissättning av anbud",
            body=blocks("Så sätter vi priset i ett anbud till sjukhusen."),
        )
        path = make_path(open_, author, title="Tender basics", summary="Learn to bid.")
        module = make_module(path, author, title="Bid or no bid", text="Score the checklist.")
        path_sv = translate(path, "sv", "Grunderna i anbud", summary="Lär dig att lämna anbud.")
        module_sv = translate(
            module, "sv", "Anbud eller inte", body=blocks("Poängsätt checklistorna.")
        )
        return SimpleNamespace(**locals())


world = built_once(_build)


@pytest.fixture
def w(world):
    return fresh(world)


@pytest.fixture(autouse=True)
def _database_index(settings, monkeypatch):
    monkeypatch.setattr(backends, "_elasticsearch", None)
    settings.ELASTICSEARCH_URL = ""


def keys(person):
    return permissions.search_keys(getattr(person, "user", person))


def search(person, text="", **options):
    return backends.search(Query(text, keys(person), limit=50, **options))


def found(person, text="", **options):
    return sorted(hit.key for hit in search(person, text, **options).hits)


def key(*objects):
    return sorted(documents.key_of(obj) for obj in objects)


def entry(obj):
    return SearchEntry.objects.filter(key=documents.key_of(obj)).first()


def facets(obj):
    row = entry(obj)
    return sorted((facet.name, facet.value) for facet in row.facets.all())


class TranslationEntryTests:
    def test_a_translation_is_an_entry_in_its_language_at_its_sources_address(self, w):
        translated, source = entry(w.wiki_sv), entry(w.wiki)
        assert (translated.title, translated.language) == ("Offert för städning", "sv")
        assert translated.url == w.wiki.url + "?language=sv"
        assert "offert för städningen" in translated.body.casefold()
        assert (translated.community_id, translated.author_id) == (w.open_.pk, w.author.pk)
        assert (source.language, source.url) == ("en", w.wiki.url)

    def test_every_kind_of_page_has_its_translations_indexed(self, w):
        for page, language in [
            (w.post_sv, "sv"),
            (w.item_sv, "sv"),
            (w.wiki_de, "de"),
            (w.path_sv, "sv"),
            (w.module_sv, "sv"),
        ]:
            row = entry(page)
            assert row is not None, page
            assert row.language == language
            assert row.title == page.title
            assert row.url.endswith(f"?language={language}")

    def test_a_translation_takes_its_sources_community_and_access(self, w):
        assert w.private_sv.community_id is None  # a translation carries only text
        assert entry(w.private_sv).community_id == w.private.pk
        assert set(entry(w.private_sv).access.values_list("key", flat=True)) == {
            f"community:{w.private.pk}"
        }
        assert entry(w.module_sv).community_id == w.open_.pk

    def test_a_translation_has_its_sources_facets(self, w):
        assert facets(w.post_sv) == facets(w.post)
        assert ("customer", "solberga-hospital") in facets(w.post_sv)
        assert ("product", "manned-guarding") in facets(w.post_sv)
        assert facets(w.item_sv) == facets(w.item)
        source, translated = entry(w.item), entry(w.item_sv)
        assert (translated.document_type, translated.outcome, translated.year) == (
            source.document_type,
            source.outcome,
            source.year,
        )

    def test_a_library_item_keeps_its_own_language_and_its_translation_its_locales(self, w):
        assert entry(w.item).language == "en"
        assert entry(w.item_sv).language == "sv"

    def test_an_alias_in_another_language_is_not_findable(self, w):
        alias = w.wiki_sv
        alias.alias_of_id = w.wiki.pk  # wagtail-localize keeps untranslated pages as aliases
        assert documents.build(alias) is None

    def test_people_have_no_language(self, w):
        assert entry(w.author).language == ""


class TranslationLifecycleTests:
    def test_it_follows_a_translation_edited_again(self, w):
        w.wiki_sv.title = "Offerter för golvvård"
        w.wiki_sv.save_revision().publish()
        assert entry(w.wiki_sv).title == "Offerter för golvvård"
        assert found(w.stranger, "golvvården") == key(w.wiki_sv)

    def test_it_removes_an_unpublished_translation_and_keeps_its_source(self, w):
        w.wiki_sv.unpublish()
        assert entry(w.wiki_sv) is None
        assert entry(w.wiki) is not None
        assert found(w.stranger, "offerter") == []

    def test_it_removes_a_deleted_translation(self, w):
        w.wiki_sv.delete()
        assert entry(w.wiki_sv) is None
        assert entry(w.wiki) is not None

    def test_a_translation_disappears_with_its_unpublished_source(self, w):
        w.wiki.unpublish()
        assert entry(w.wiki_sv) is None
        assert entry(w.wiki_de) is None
        assert found(w.stranger, "offerter") == []
        assert found(w.stranger, "solberga") == key(w.post, w.post_sv)

    def test_it_comes_back_when_its_source_is_published_again(self, w):
        w.wiki.unpublish()
        w.wiki.save_revision().publish()
        assert entry(w.wiki_sv) is not None
        assert found(w.stranger, "offerter") == key(w.wiki_sv)

    def test_a_translation_disappears_with_its_deleted_source(self, w):
        w.wiki.delete()
        assert entry(w.wiki_sv) is None
        assert entry(w.wiki_de) is None

    def test_a_translation_follows_its_sources_new_facets(self, w):
        w.post.customers.set([make_customer("Hushcorp Industries")])
        w.post.save_revision().publish()
        assert ("customer", "hushcorp-industries") in facets(w.post_sv)
        assert facets(w.post_sv) == facets(w.post)

    def test_module_translations_follow_their_unpublished_path(self, w):
        w.path.unpublish()
        assert entry(w.module) is None
        assert entry(w.module_sv) is None


class RebuildTests:
    def test_a_rebuild_indexes_translations(self, w):
        SearchEntry.objects.all().delete()
        index.rebuild()
        for page in (w.wiki_sv, w.wiki_de, w.post_sv, w.item_sv, w.path_sv, w.module_sv):
            assert entry(page) is not None, page
        assert entry(w.wiki_sv).url == w.wiki.url + "?language=sv"
        assert facets(w.post_sv) == facets(w.post)

    def test_a_rebuild_leaves_out_translations_of_unpublished_pages(self, w):
        w.wiki.unpublish()
        index.rebuild()
        assert entry(w.wiki_sv) is None

    def test_a_rebuild_reads_no_page_twice_for_translations(self, w):
        def entries(label):
            with CaptureQueriesContext(connection) as queries:
                built = [documents.build(page) for page in dict(documents.sources())[label]]
            return len(queries), [entry for entry in built if entry is not None]

        entries("wiki")  # warm-up: the source locale and the site's root paths
        few, built = entries("wiki")
        assert len(built) == 5
        more = make_wiki_page(w.open_, w.author, title="Window cleaning", text="Windows.")
        translate(more, "sv", "Fönsterputs", body=blocks("Fönster."))
        translate(more, "fr", "Nettoyage des vitres", body=blocks("Vitres."))
        many, built = entries("wiki")
        assert len(built) == 8
        assert many == few


class StemmingTests:
    """On the database backend: SQLite through stored stems, PostgreSQL through its own
    text-search configurations (whichever database the tests run on)."""

    @pytest.mark.parametrize("word", ["offerter", "offerten", "kunderna", "städningen"])
    def test_a_swedish_word_in_another_form_finds_the_swedish_translation(self, w, word):
        assert found(w.stranger, word) == key(w.wiki_sv)

    @pytest.mark.parametrize("word", ["Angebote", "Angeboten", "Reinigungen"])
    def test_a_german_word_in_another_form_finds_the_german_translation(self, w, word):
        assert found(w.stranger, word) == key(w.wiki_de)

    @pytest.mark.parametrize("word", ["quotations", "customers", "cleaning"])
    def test_an_english_word_finds_the_english_source(self, w, word):
        assert found(w.stranger, word) == key(w.wiki)

    def test_every_word_must_match_in_the_entrys_language(self, w):
        assert found(w.stranger, "offerter kunderna") == key(w.wiki_sv)
        assert found(w.stranger, "offerter quotations") == []

    def test_a_quoted_phrase_still_needs_its_words_in_order(self, w):
        assert found(w.stranger, '"offert för städningen"') == key(w.wiki_sv)
        assert found(w.stranger, '"städningen för offert"') == []

    def test_a_word_finds_the_source_and_its_translations(self, w):
        assert found(w.stranger, "solberga") == key(w.wiki, w.wiki_sv, w.wiki_de, w.post, w.post_sv)

    def test_it_marks_the_word_in_the_form_the_text_has(self, w):
        (hit,) = search(w.stranger, "offerter").hits
        assert "<mark>offert</mark>" in hit.snippet

    def test_it_ranks_a_title_match_in_another_form_above_a_body_match_as_typed(self, w):
        hits = search(w.stranger, "bevakningen").hits  # the item's title has "bevakning"
        assert [hit.key for hit in hits] == [*key(w.item_sv), *key(w.post_sv)]

    def test_titles_are_still_suggested_as_you_type(self, w):
        suggested = [s.label for s in backends.autocomplete("offe", keys(w.stranger))]
        assert "Offert för städning" in suggested


class LanguageFacetTests:
    def test_it_counts_entries_in_each_language(self, w):
        results = search(w.stranger, "solberga")
        assert dict(results.facets["language"]) == {"en": 2, "sv": 2, "de": 1}

    @pytest.mark.parametrize(
        "language, expected",
        [("sv", ["wiki_sv", "post_sv"]), ("en", ["wiki", "post"]), ("de", ["wiki_de"])],
    )
    def test_it_filters_on_a_language(self, w, language, expected):
        assert found(w.stranger, "solberga", filters={"language": language}) == key(
            *(getattr(w, name) for name in expected)
        )

    def test_customers_and_products_count_the_same_in_every_language(self, w):
        counts = {
            language: search(w.stranger, "", filters={"language": language}).facets
            for language in ("en", "sv")
        }
        for name in ("customer", "product"):
            assert counts["sv"][name] == counts["en"][name]
        assert dict(counts["sv"]["customer"]) == {"solberga-hospital": 2}

    def test_a_customer_filter_finds_the_translation_too(self, w):
        assert found(w.stranger, "", filters={"customer": "solberga-hospital"}) == key(
            w.post, w.post_sv, w.item, w.item_sv
        )


class AccessTests:
    def test_a_non_member_cannot_find_the_translation_of_a_private_page(self, w):
        assert found(w.stranger, "prissättningen") == []
        assert found(w.stranger, "", filters={"language": "sv"}) == key(
            w.wiki_sv, w.post_sv, w.item_sv, w.path_sv, w.module_sv
        )
        assert "Prissättning" not in str(search(w.stranger, "anbud").hits)

    def test_a_member_finds_it(self, w):
        assert found(w.member, "prissättningen") == key(w.private_sv)

    def test_it_suggests_a_private_translation_to_members_only(self, w):
        assert not backends.autocomplete("priss", keys(w.stranger))
        assert [s.label for s in backends.autocomplete("priss", keys(w.member))] == [
            "Prissättning av anbud"
        ]


class PageTests:
    URL = "/search/"

    def test_it_names_the_languages_of_the_facet(self, client, w):
        login(client, w.stranger)
        page = text(client.get(self.URL, {"q": "solberga"}))
        for name in ("English", "Swedish", "German"):
            assert f">{name}</a>" in page
        assert ">sv</a>" not in page

    def test_it_names_them_in_the_interface_language(self, client, w):
        login(client, w.stranger)
        page = text(client.get(self.URL, {"q": "solberga"}, HTTP_ACCEPT_LANGUAGE="sv"))
        assert ">Svenska</a>" in page
        assert ">Tyska</a>" in page

    def test_it_filters_on_a_language_from_the_facet_link(self, client, w):
        login(client, w.stranger)
        response = client.get(self.URL, {"q": "solberga", "language": "sv"})
        assert response.status_code == 200
        assert sorted(hit["hit"].title for hit in response.context["hits"]) == [
            "Besök på Solberga",
            "Offert för städning",
        ]

    def test_a_translation_links_to_its_source_in_its_language(self, client, w):
        login(client, w.stranger)
        page = text(client.get(self.URL, {"q": "offerter"}))
        assert f'href="{w.wiki.url}?language=sv"' in page
        assert " · Swedish</p>" in page


class PostgresTests:
    def test_an_entry_is_read_in_its_languages_configuration(self, w):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: set DATABASE_URL")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vector::text FROM search_searchentry WHERE key = %s",
                [documents.key_of(w.wiki_sv)],
            )
            (vector,) = cursor.fetchone()
        assert "'offert'" in vector  # "offert" and "offerten" as one Swedish stem
        assert "'för'" not in vector  # a Swedish stop word
        assert entry(w.wiki).stemmed == ""  # SQLite's stems are not needed here

    def test_the_index_can_answer_from_its_gin_index(self, w):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: set DATABASE_URL")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'guild_searchentry_vector_gin'"
            )
            (definition,) = cursor.fetchone()
        assert "gin (vector)" in definition


class LanguagesTests:
    def test_it_stems_an_entry_in_its_language_each_stem_once_and_tagged(self):
        assert languages.stemmed("sv", "Kunderna får offerter, kunden en offert") == (
            "sv0kund sv0får sv0offert sv0en"
        )
        assert languages.stemmed("de", "Die Angebote") == "de0die de0angebot"
        assert languages.stemmed("", "Sales representatives") == "en0sale en0repres"
        assert languages.stemmed("fi", "Tarjoukset") == ""  # no stemmer: word for word

    def test_it_gives_the_other_forms_of_a_query_word_in_every_language(self):
        assert "offert" in languages.stems("offerter")
        assert "kund" in languages.stems("Kunderna")
        assert "angebot" in languages.stems("Angebote")
        assert "offerter" not in languages.stems("offerter")

    def test_a_word_matches_as_typed_or_as_a_stem_among_its_languages_stems(self):
        _filters, parsed = parse_query_string('kunderna "en offert"', operator="and")
        word, phrase = languages.with_stems(parsed).subqueries
        assert [form.query_string for form in word.subqueries] == [
            "kunderna",
            "en0kunderna",
            "sv0kund",
            "de0kunderna",
            "fr0kundern",
        ]
        assert phrase.query_string == "en offert"

    def test_postgresql_reads_each_entry_in_its_languages_configuration(self):
        vector = languages.search_vector()
        cases = vector.config.config.cases
        configs = {case.result.value: dict(case.condition.children) for case in cases}
        assert configs["english"] == {"language__in": ["en", ""]}
        assert configs["swedish"] == {"language__in": ["sv"]}
        assert configs["german"] == {"language__in": ["de"]}
        assert configs["french"] == {"language__in": ["fr"]}
        assert vector.config.config.default.value == "simple"


class ElasticsearchMappingTests:
    @pytest.fixture
    def properties(self):
        return GuildDocument._index.to_dict()["mappings"]["properties"]

    def test_each_language_has_its_analyser(self, properties):
        for code, analyser in languages.ANALYSERS.items():
            assert properties[f"title_{code}"]["analyzer"] == analyser
            assert properties[f"body_{code}"]["analyzer"] == analyser

    def test_a_document_fills_the_fields_of_its_language_only(self):
        source = to_document(
            documents.Entry(key="wiki:1", kind="wiki", title="Offert", url="/", body="Kunderna.")
        )["_source"]
        assert "body" not in source  # people and unknown languages: see below
        swedish = to_document(
            documents.Entry(
                key="wiki:2", kind="wiki", title="Offert", url="/", body="Kunderna.", language="sv"
            )
        )["_source"]
        assert (swedish["title"], swedish["title_sv"], swedish["body_sv"]) == (
            "Offert",
            "Offert",
            "Kunderna.",
        )
        assert not {"title_en", "body_en", "body", "title_de", "body_de"} & set(swedish)
        assert source["body_en"] == "Kunderna."  # no language: read as the source language
        finnish = to_document(
            documents.Entry(key="x:3", kind="wiki", title="T", url="/", body="B", language="fi")
        )["_source"]
        assert finnish["body"] == "B"
        assert not [name for name in finnish if name.startswith(("title_", "body_"))]

    def test_a_query_searches_every_languages_fields(self):
        body = build_search(Query("offerter", ["open"])).to_dict()
        (clause,) = body["query"]["bool"]["must"]
        fields = clause["multi_match"]["fields"]
        for code in languages.ANALYSERS:
            assert f"title_{code}^4" in fields
            assert f"body_{code}" in fields
            assert f"body_{code}.plain" in fields
        assert {"terms": {"access": ["open"]}} in body["query"]["bool"]["filter"]

    def test_it_highlights_the_body_in_its_languages_field(self):
        highlight = build_search(Query("offerter", ["open"])).to_dict()["highlight"]["fields"]
        assert highlight["body_sv"] == {"no_match_size": 240}
        assert "body_sv.plain" in highlight


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs an Elasticsearch server: set ELASTICSEARCH_URL",
)
class ElasticsearchServerTests:
    @pytest.fixture
    def server(self, w):
        from intranet.search.elastic import ElasticsearchBackend

        backend = ElasticsearchBackend(
            os.environ["ELASTICSEARCH_URL"], f"guild-test-{uuid.uuid4().hex}"
        )
        backend.rebuild(
            [
                built
                for _label, pages in documents.sources()
                for built in map(documents.build, pages)
                if built is not None
            ]
        )
        yield backend
        names = list(backend.client.indices.get(index=f"{backend.alias}-*"))
        if names:
            backend.client.indices.delete(index=",".join(names))

    def found(self, server, person, text, **options):
        results = server.search(Query(text, keys(person), limit=50, **options))
        return sorted(hit.key for hit in results.hits)

    def test_it_stems_each_entry_in_its_language(self, server, w):
        assert self.found(server, w.stranger, "offerter") == key(w.wiki_sv)
        assert self.found(server, w.stranger, "Angebote") == key(w.wiki_de)
        assert self.found(server, w.stranger, "quotations") == key(w.wiki)

    def test_it_counts_and_filters_languages(self, server, w):
        results = server.search(Query("solberga", keys(w.stranger)))
        assert dict(results.facets["language"]) == {"en": 2, "sv": 2, "de": 1}
        assert self.found(server, w.stranger, "solberga", filters={"language": "sv"}) == key(
            w.wiki_sv, w.post_sv
        )

    def test_it_hides_a_private_translation(self, server, w):
        assert self.found(server, w.stranger, "prissättningen") == []
        assert self.found(server, w.member, "prissättningen") == key(w.private_sv)
