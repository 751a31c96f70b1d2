"""The search interface (backends.search and autocomplete), run on every configured backend."""

import datetime
import os
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone

from intranet.community import permissions
from intranet.search import backends, documents
from intranet.search.backends import Query
from tests.builders import add_member, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh
from tests.library.builders import make_customer, make_item, make_product, pdf_upload
from tests.wiki.builders import make_wiki_page

pytestmark = pytest.mark.django_db
THIS_YEAR = str(timezone.now().year)
# Words no other entry holds: the private community's post and file, the secret one's post.
PRIVATE_WORD, PDF_WORD, SECRET_WORD = "zanzibarite", "plumbago", "obsidianite"


def _build():
    with override_settings(ELASTICSEARCH_URL=""):
        return _content()


def _content():
    open_ = make_community("Facility Sales")
    private = make_community("Bid Desk", preset="bid_team")
    secret = make_community("Board Room", preset="confidential")
    author = make_person("astrid", first_name="Astrid", last_name="Lind")
    member = make_person("bertil", first_name="Bertil", last_name="Berg")
    stranger = make_person("cecilia", first_name="Cecilia", last_name="Ek")
    admin = make_person("root", first_name="Rut", last_name="Admin", is_superuser=True)
    for community in (open_, private, secret):
        add_member(community, author)
    add_member(private, member)
    add_member(open_, stranger)
    solberga, hushcorp = make_customer("Solberga Hospital"), make_customer("Hushcorp Industries")
    guarding, patrol = make_product("Manned guarding"), make_product("Night patrol")

    # Facets: every entry below with "harbour" in it.
    facet_post = make_post(
        open_,
        author,
        title="Quay visit",
        body="We walked the harbour with the facilities manager.",
        customers=[solberga],
        products=[guarding],
        tags=["flooring"],
    )
    second_post = make_post(
        open_,
        member,
        title="Pier lighting",
        body="The harbour lights need a new contract.",
        tags=["flooring", "renovation"],
    )
    won_item = make_item(
        open_,
        author,
        file="docx",
        title="Quay guarding proposal",
        summary="Guarding the harbour gates at night.",
        document_type="proposal",
        outcome="won",
        language="en",
        document_date=datetime.date(2019, 5, 2),
        customers=[solberga],
        products=[patrol],
        tags=["tender"],
    )
    lost_item = make_item(
        open_,
        member,
        file="docx",
        title="Pier cleaning quotation",
        summary="Städning av hamnen, harbour cleaning.",
        document_type="quotation",
        outcome="lost",
        language="sv",
        document_date=datetime.date(2021, 9, 1),
    )
    private_post = make_post(
        private,
        author,
        title="Hush tender strategy",
        body=f"Our harbour bid uses {PRIVATE_WORD} pricing.",
        customers=[hushcorp],
        tags=["hushhush"],
    )
    private_item = make_item(
        private,
        member,
        file=pdf_upload("Pricing sheet", [f"The {PDF_WORD} rates are confidential."]),
        title="Bid pricing sheet",
        summary="Rates for the harbour bid.",
        customers=[hushcorp],
        products=[patrol],
    )
    secret_post = make_post(
        secret, author, title="Board minutes", body=f"The board discussed {SECRET_WORD}."
    )

    # Relevance, AND, phrases and highlights.
    title_match = make_post(
        open_,
        author,
        title="Granite flooring offer",
        body="We laid new floors in the lobby over three weeks and the customer liked them.",
    )
    body_match = make_post(
        open_,
        author,
        title="Lobby renovation notes",
        body="The lobby floor was granite before we replaced it with warm oak boards.",
    )
    escalator_title = make_post(
        open_,
        author,
        title="Escalator service contract",
        body="Monthly checks of the handrails and steps, with a report to the landlord.",
    )
    escalator_body = make_post(
        open_,
        author,
        title="Shopping centre inspection",
        body="We checked the fire doors and the escalator in the east wing of the centre.",
    )
    both_words = make_post(
        open_, author, title="Zoo cleaning", body="Cleaning the quokka and the wombat enclosures."
    )
    one_word = make_post(
        open_, author, title="Zoo security", body="Guarding the quokka house after dark."
    )
    phrase = make_post(
        open_,
        author,
        title="Route planning",
        body="Our guards follow fixed ferryboat patrol routes.",
    )
    words_apart = make_post(
        open_,
        author,
        title="Shift handover",
        body="The patrol waits for the last ferryboat before the handover.",
    )
    wiki = make_wiki_page(open_, author, title="Mop schedule", text="Which mop goes where.")
    html_item = make_item(
        open_,
        author,
        file="docx",
        title="Cobaltine coating notes",
        summary="Never paste <script>alert('x')</script> into cobaltine forms & templates.",
    )
    amp_item = make_item(
        open_,
        author,
        file="docx",
        title="Amp rack installation",
        summary="Cables & plugs for the amp rack in the server room.",
    )
    return SimpleNamespace(**locals())


world = built_once(_build)


@pytest.fixture(scope="module")
def elastic_alias(world, django_db_blocker):
    """An Elasticsearch index of the world under a fresh alias, deleted afterwards."""
    from intranet.search.elastic import ElasticsearchBackend

    server = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], f"guild-test-{uuid.uuid4().hex}")
    with django_db_blocker.unblock():
        entries = [
            entry
            for _label, queryset in documents.sources()
            for entry in map(documents.build, queryset)
            if entry is not None
        ]
    server.rebuild(entries)
    yield server.alias
    names = list(server.client.indices.get(index=f"{server.alias}-*"))
    if names:
        server.client.indices.delete(index=",".join(names))


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings, monkeypatch):
    """Which backend answers backends.search and backends.autocomplete in this test."""
    monkeypatch.setattr(backends, "_elasticsearch", None)
    if request.param == "elasticsearch":
        if not os.environ.get("ELASTICSEARCH_URL"):
            pytest.skip("needs an Elasticsearch server: set ELASTICSEARCH_URL")
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX = request.getfixturevalue("elastic_alias")
        assert backends.elasticsearch() is not None
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def w(world):
    return fresh(world)


def keys(person):
    return permissions.search_keys(getattr(person, "user", person))


def search(person, text="", **options):
    return backends.search(Query(text, keys(person), **options))


def found(person, text="", **options):
    return [hit.key for hit in search(person, text, **options).hits]


def key(obj):
    return documents.key_of(obj)


def facet(results, name):
    return dict(results.facets[name])


class SearchBackendTests:
    @pytest.fixture(autouse=True)
    def _engine(self, engine):
        self.engine = engine

    # Matching and ranking

    @pytest.mark.parametrize(
        "text, first, second",
        [
            pytest.param("granite", "title_match", "body_match", id="granite"),
            pytest.param("escalator", "escalator_title", "escalator_body", id="escalator"),
        ],
    )
    def test_it_ranks_a_title_match_above_a_body_only_match(self, request, w, text, first, second):
        assert found(w.stranger, text)[:2] == [key(getattr(w, first)), key(getattr(w, second))]

    def test_it_finds_each_match_once_whatever_the_order(self, w):
        assert sorted(found(w.stranger, "granite")) == sorted(
            [key(w.title_match), key(w.body_match)]
        )

    def test_it_finds_only_entries_with_every_word(self, w):
        assert sorted(found(w.stranger, "quokka")) == sorted([key(w.both_words), key(w.one_word)])
        assert found(w.stranger, "quokka wombat") == [key(w.both_words)]
        assert found(w.stranger, "wombat quokka") == [key(w.both_words)]

    def test_it_finds_words_split_between_title_and_body(self, request, w):
        assert sorted(found(w.stranger, "granite lobby")) == sorted(
            [key(w.title_match), key(w.body_match)]
        )

    def test_it_finds_nothing_when_one_word_matches_nothing(self, w):
        assert found(w.stranger, "quokka giraffe") == []

    def test_it_matches_a_quoted_phrase_only_with_its_words_in_order(self, request, w):
        assert sorted(found(w.stranger, "ferryboat patrol")) == sorted(
            [key(w.phrase), key(w.words_apart)]
        )
        assert found(w.stranger, '"ferryboat patrol"') == [key(w.phrase)]
        assert found(w.stranger, '"patrol ferryboat"') == []

    def test_it_finds_wiki_pages_library_items_and_people(self, w):
        assert found(w.stranger, "mop") == [key(w.wiki)]
        assert found(w.stranger, "cobaltine") == [key(w.html_item)]
        assert found(w.stranger, "bertil") == [key(w.member)]

    def test_it_sorts_by_date_without_words(self, w):
        assert found(w.stranger, "", filters={"customer": "solberga-hospital"}, sort="date") == [
            key(w.facet_post),
            key(w.won_item),
        ]

    def test_it_lists_everything_the_user_may_see_without_words(self, w):
        results = search(w.stranger, "", limit=100)
        assert key(w.facet_post) in [hit.key for hit in results.hits]
        assert key(w.private_post) not in [hit.key for hit in results.hits]
        assert results.total == len(results.hits)

    # Facets

    def test_it_counts_every_facet_of_the_matches(self, w):
        results = search(w.stranger, "harbour")
        assert results.total == 4
        assert facet(results, "kind") == {"post": 2, "library": 2}
        assert facet(results, "community") == {str(w.open_.pk): 4}
        assert facet(results, "customer") == {"solberga-hospital": 2}
        assert facet(results, "product") == {"manned-guarding": 1, "night-patrol": 1}
        assert facet(results, "tag") == {"flooring": 2, "renovation": 1, "tender": 1}
        assert facet(results, "document_type") == {"proposal": 1, "quotation": 1}
        assert facet(results, "outcome") == {"won": 1, "lost": 1}
        assert facet(results, "language") == {"en": 3, "sv": 1}
        assert facet(results, "author") == {str(w.author.user.pk): 2, str(w.member.user.pk): 2}
        assert facet(results, "year") == {THIS_YEAR: 2, "2019": 1, "2021": 1}

    def test_it_puts_the_biggest_count_first(self, w):
        results = search(w.stranger, "harbour")
        assert results.facets["tag"][0] == ("flooring", 2)
        assert results.facets["language"][0] == ("en", 3)

    def test_it_counts_facets_after_the_filters(self, w):
        results = search(w.stranger, "harbour", filters={"kind": "library"})
        assert results.total == 2
        assert facet(results, "kind") == {"library": 2}
        assert facet(results, "tag") == {"tender": 1}
        assert facet(results, "language") == {"en": 1, "sv": 1}

    @pytest.mark.parametrize(
        "filters, expected",
        [
            ({"kind": "post"}, ["facet_post", "second_post"]),
            ({"customer": "solberga-hospital"}, ["facet_post", "won_item"]),
            ({"product": "night-patrol"}, ["won_item"]),
            ({"tag": "renovation"}, ["second_post"]),
            ({"document_type": "quotation"}, ["lost_item"]),
            ({"outcome": "won"}, ["won_item"]),
            ({"language": "sv"}, ["lost_item"]),
            ({"year": "2019"}, ["won_item"]),
            ({"kind": "post", "tag": "flooring"}, ["facet_post", "second_post"]),
            ({"customer": "solberga-hospital", "kind": "post"}, ["facet_post"]),
            ({"tag": "flooring", "customer": "solberga-hospital"}, ["facet_post"]),
            ({"kind": "library", "language": "sv", "outcome": "lost"}, ["lost_item"]),
            ({"kind": "library", "language": "sv", "outcome": "won"}, []),
        ],
    )
    def test_it_combines_filters(self, w, filters, expected):
        assert sorted(found(w.stranger, "harbour", filters=filters)) == sorted(
            key(getattr(w, name)) for name in expected
        )

    def test_it_filters_on_community_and_author(self, w):
        filters = {"community": str(w.open_.pk), "author": str(w.member.user.pk)}
        assert sorted(found(w.stranger, "harbour", filters=filters)) == sorted(
            [key(w.second_post), key(w.lost_item)]
        )

    # Highlights

    def test_it_marks_the_words_in_the_snippet(self, w):
        (hit,) = search(w.stranger, "wombat quokka").hits
        assert "<mark>quokka</mark>" in hit.snippet
        assert "<mark>wombat</mark>" in hit.snippet

    def test_it_escapes_html_in_snippets(self, w):
        (hit,) = search(w.stranger, "cobaltine").hits
        assert "<script>" not in hit.snippet
        assert "&lt;script&gt;" in hit.snippet
        assert "<mark>cobaltine</mark>" in hit.snippet

    def test_it_does_not_mark_inside_an_escaped_character(self, w):
        (hit,) = search(w.stranger, "amp").hits
        assert "Cables &amp; plugs" in hit.snippet
        assert "<mark>amp</mark> rack" in hit.snippet

    # Sorting and pages

    def test_it_sorts_by_date_newest_first(self, request, w):
        assert found(w.stranger, "harbour", sort="date") == [
            key(w.second_post),
            key(w.facet_post),
            key(w.lost_item),
            key(w.won_item),
        ]

    def test_it_pages_with_offset_and_limit(self, w):
        everything = found(w.stranger, "harbour")
        first = search(w.stranger, "harbour", offset=0, limit=3)
        second = search(w.stranger, "harbour", offset=3, limit=3)
        assert first.total == second.total == 4
        assert [hit.key for hit in first.hits] == everything[:3]
        assert [hit.key for hit in second.hits] == everything[3:]
        assert search(w.stranger, "harbour", offset=4, limit=3).hits == []

    def test_it_pages_by_relevance_without_repeating_a_hit(self, w):
        pages = [found(w.stranger, "harbour", offset=n, limit=1) for n in range(4)]
        assert sorted(key for page in pages for key in page) == sorted(found(w.stranger, "harbour"))

    # Who sees what

    def test_it_hides_a_private_communitys_post_from_a_non_member(self, w):
        assert found(w.stranger, PRIVATE_WORD) == []
        assert found(w.member, PRIVATE_WORD) == [key(w.private_post)]

    def test_it_hides_the_text_of_a_private_file_from_a_non_member(self, w):
        assert found(w.stranger, PDF_WORD) == []
        assert found(w.member, PDF_WORD) == [key(w.private_item)]

    def test_it_hides_a_secret_communitys_content_from_members_of_others(self, w):
        assert found(w.stranger, SECRET_WORD) == []
        assert found(w.member, SECRET_WORD) == []
        assert found(w.author, SECRET_WORD) == [key(w.secret_post)]

    def test_it_leaves_private_content_out_of_every_snippet_and_title(self, w):
        results = search(w.stranger, "harbour", limit=100)
        shown = " ".join(f"{hit.title} {hit.snippet}" for hit in results.hits)
        assert "Hush" not in shown
        assert PRIVATE_WORD not in shown
        assert "Bid pricing" not in shown

    def test_it_leaves_private_content_out_of_facet_counts(self, w):
        outside = search(w.stranger, "harbour")
        inside = search(w.member, "harbour")
        assert "hushhush" not in facet(outside, "tag")
        assert "hushcorp-industries" not in facet(outside, "customer")
        assert str(w.private.pk) not in facet(outside, "community")
        assert facet(outside, "product") == {"manned-guarding": 1, "night-patrol": 1}
        assert inside.total == 6
        assert facet(inside, "tag")["hushhush"] == 1
        assert facet(inside, "customer") == {"solberga-hospital": 2, "hushcorp-industries": 2}
        assert facet(inside, "community") == {str(w.open_.pk): 4, str(w.private.pk): 2}
        assert facet(inside, "product") == {"manned-guarding": 1, "night-patrol": 2}

    def test_it_finds_nothing_when_filtering_on_a_private_facet(self, w):
        assert search(w.stranger, "", filters={"tag": "hushhush"}).total == 0
        assert search(w.stranger, "", filters={"community": str(w.private.pk)}).total == 0
        assert search(w.member, "", filters={"tag": "hushhush"}).total == 1

    def test_it_suggests_nothing_private_to_a_non_member(self, w):
        assert backends.autocomplete("hush", keys(w.stranger)) == []

    def test_it_suggests_private_titles_tags_and_customers_to_a_member(self, w):
        suggested = {(s.kind, s.label) for s in backends.autocomplete("hush", keys(w.member))}
        assert suggested == {
            ("title", "Hush tender strategy"),
            ("tag", "hushhush"),
            ("customer", "Hushcorp Industries"),
        }

    def test_it_suggests_open_titles_people_and_customers(self, w):
        assert ("title", "Granite flooring offer") in {
            (s.kind, s.label) for s in backends.autocomplete("gran", keys(w.stranger))
        }
        assert ("person", "Bertil Berg") in {
            (s.kind, s.label) for s in backends.autocomplete("bert", keys(w.stranger))
        }
        customers = backends.autocomplete("solb", keys(w.stranger))
        assert [(s.kind, s.label, s.value) for s in customers] == [
            ("customer", "Solberga Hospital", "solberga-hospital")
        ]

    def test_it_waits_for_two_characters_before_suggesting(self, w):
        assert backends.autocomplete("g", keys(w.stranger)) == []
        assert backends.autocomplete("  ", keys(w.stranger)) == []

    def test_it_shows_an_admin_everything(self, w):
        assert found(w.admin, PRIVATE_WORD) == [key(w.private_post)]
        assert found(w.admin, PDF_WORD) == [key(w.private_item)]
        assert found(w.admin, SECRET_WORD) == [key(w.secret_post)]
        assert search(w.admin, "harbour").total == 6
        assert backends.autocomplete("hush", keys(w.admin))

    def test_it_finds_nothing_for_an_anonymous_visitor(self, w):
        assert permissions.search_keys(AnonymousUser()) == []
        assert backends.search(Query("", [])).total == 0
        assert backends.search(Query("harbour", [])).total == 0
        assert backends.search(Query("harbour", [])).facets["tag"] == []
        assert backends.autocomplete("gran", []) == []

    def test_it_finds_nothing_for_an_inactive_user(self, w):
        user = w.author.user
        user.is_active = False  # not saved: the index stays as it is
        assert permissions.search_keys(user) == []
        assert backends.search(Query(PRIVATE_WORD, permissions.search_keys(user))).total == 0
