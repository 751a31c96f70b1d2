"""The search page and its suggestions: what they show, who they show it to, and bad input."""

import datetime
import html
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.search import index
from intranet.search.documents import Entry
from tests.builders import make_person, make_post
from tests.community.helpers import built_once, fresh, is_login_redirect, login, text
from tests.library.builders import make_customer, make_item, make_product
from tests.search.cast import cast
from tests.wiki.builders import make_wiki_page

pytestmark = pytest.mark.django_db
URL = "/search/"
SUGGEST = "/search/autocomplete/"
UNKNOWN = "One of the filters has a value we do not know."


def _build():
    with override_settings(ELASTICSEARCH_URL=""):
        open_, private, author, member, stranger = cast()
        harbo = make_person("harald", first_name="Harald", last_name="Harbo")
        authority = make_customer("Harbour Authority")
        hushside = make_customer("Harbourside Hush")
        guarding = make_product("Manned guarding")
        post = make_post(
            open_,
            author,
            title="Quay visit",
            body="We walked the harbour with the facilities manager.",
            customers=[authority],
            products=[guarding],
            tags=["harbour safety", "flooring"],
        )
        item = make_item(
            open_,
            author,
            file="docx",
            title="Quay guarding proposal",
            summary="Guarding the harbour gates at night <b>only</b>.",
            language="sv",
            document_date=datetime.date(2021, 9, 1),
            customers=[authority],
            tags=["flooring"],
        )
        wiki = make_wiki_page(
            open_, author, title="Harbour map", text="Where the harbour gates are."
        )
        private_post = make_post(
            private,
            author,
            title="Harbour hush strategy",
            body="Our harbour bid uses zanzibarite pricing.",
            customers=[hushside],
            tags=["harbour secret"],
        )
        return SimpleNamespace(**locals())


world = built_once(_build)


@pytest.fixture(autouse=True)
def _database_index(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def w(world):
    return fresh(world)


@pytest.fixture
def as_stranger(client, w):
    return login(client, w.stranger)


def get(client, **params):
    return client.get(URL, params)


def links(response):
    """(text, href) of every link on the page, with the href unescaped."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', text(response), re.S)
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", label)).strip(), html.unescape(href))
        for href, label in found
    ]


def link(response, label):
    """The query string of the link with this text, as a dict of single values."""
    (href,) = [href for text_, href in links(response) if text_ == label]
    return {name: values[-1] for name, values in parse_qs(urlsplit(href).query).items()}


def titles(response):
    return [hit["hit"].title for hit in response.context["hits"]]


def suggestions(client, q):
    response = client.get(SUGGEST, {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [(s["kind"], s["label"], s["url"]) for s in response.json()["suggestions"]]


class LoginTests:
    @pytest.mark.parametrize("url", [URL, URL + "?q=harbour", SUGGEST + "?q=harb"])
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self, client, w, url):
        response = client.get(url)
        assert is_login_redirect(response)
        assert "next=" in response["Location"]

    def test_it_shows_an_empty_form_without_a_query(self, as_stranger):
        response = get(as_stranger)
        assert response.status_code == 200
        assert 'role="search"' in text(response)
        assert response.context["searched"] is False
        assert "search-result" not in text(response)


class ResultTests:
    def test_it_shows_the_type_community_date_author_and_snippet(self, as_stranger, w):
        response = get(as_stranger, q="walked harbour")
        assert response.status_code == 200
        page = text(response)
        (result,) = re.findall(r'<li class="card search-result">(.*?)</li>', page, re.S)
        date = timezone.localtime(w.post.first_published_at)
        assert '<span class="badge">Post</span>' in result
        assert "Facility Sales" in result
        assert f"{date.day} {date:%b %Y}" in result
        assert "Astrid Lind" in result
        assert f'href="{w.post.url}"' in result
        assert "<mark>walked</mark>" in result
        assert "<mark>harbour</mark>" in result

    def test_it_escapes_html_in_snippets(self, as_stranger):
        page = text(get(as_stranger, q="gates night"))
        assert "&lt;b&gt;only&lt;/b&gt;" in page
        assert "<b>only</b>" not in page

    def test_it_shows_a_person_without_an_author(self, as_stranger, w):
        response = get(as_stranger, q="harald")
        (result,) = re.findall(r'<li class="card search-result">(.*?)</li>', text(response), re.S)
        assert '<span class="badge">Person</span>' in result
        assert "Harald Harbo" in result
        assert w.harbo.get_absolute_url() in result

    def test_it_counts_the_results(self, as_stranger):
        response = get(as_stranger, q="harbour")
        assert "3 results" in text(response)
        assert sorted(titles(response)) == ["Harbour map", "Quay guarding proposal", "Quay visit"]

    def test_it_says_when_nothing_matches(self, as_stranger):
        response = get(as_stranger, q="nothingmatchesthis")
        assert response.status_code == 200
        assert "0 results" in text(response)
        assert "Nothing matches." in text(response)

    def test_it_escapes_the_query_on_the_page(self, as_stranger):
        response = get(as_stranger, q='<script>alert("x")</script>')
        assert response.status_code == 200
        assert "<script>alert" not in text(response)

    def test_it_shows_no_private_result_to_a_non_member(self, as_stranger):
        response = get(as_stranger, q="zanzibarite")
        assert titles(response) == []
        assert "hush" not in text(response).lower()

    def test_it_shows_a_private_result_to_a_member(self, client, w):
        response = get(login(client, w.member), q="zanzibarite")
        assert titles(response) == ["Harbour hush strategy"]


class FacetTests:
    def test_it_links_each_facet_value_with_its_count(self, as_stranger, w):
        page = text(get(as_stranger, q="harbour"))
        assert re.search(r">Post</a> <span class=\"meta\">\(1\)</span>", page)
        assert re.search(r">Library item</a> <span class=\"meta\">\(1\)</span>", page)
        assert re.search(r">Facility Sales</a> <span class=\"meta\">\(3\)</span>", page)
        assert re.search(r">Harbour Authority</a> <span class=\"meta\">\(2\)</span>", page)
        assert re.search(r">flooring</a> <span class=\"meta\">\(2\)</span>", page)
        assert re.search(r">Swedish</a> <span class=\"meta\">\(1\)</span>", page)
        assert re.search(r">Astrid Lind</a> <span class=\"meta\">\(3\)</span>", page)
        assert re.search(r">2021</a> <span class=\"meta\">\(1\)</span>", page)
        assert "Harbourside Hush" not in page
        assert "harbour secret" not in page
        assert "Bid Desk" not in page

    def test_it_keeps_the_other_filters_in_a_facets_link(self, as_stranger, w):
        response = get(as_stranger, q="harbour", kind="post", sort="relevance")
        assert link(response, "flooring") == {"q": "harbour", "kind": "post", "tag": "flooring"}
        assert link(response, "Harbour Authority") == {
            "q": "harbour",
            "kind": "post",
            "customer": "harbour-authority",
        }

    def test_it_shows_a_chosen_facet_with_a_link_to_remove_it(self, as_stranger, w):
        response = get(as_stranger, q="harbour", kind="post", tag="flooring")
        assert titles(response) == ["Quay visit"]
        page = text(response)
        assert "<strong>Post</strong>" in page
        assert "<strong>flooring</strong>" in page
        assert link(response, "remove the Type filter") == {"q": "harbour", "tag": "flooring"}
        assert link(response, "remove the Tag filter") == {"q": "harbour", "kind": "post"}

    def test_it_shows_names_for_chosen_ids(self, as_stranger, w):
        response = get(
            as_stranger, q="harbour", community=str(w.open_.pk), author=str(w.author.user.pk)
        )
        page = text(response)
        assert "<strong>Facility Sales</strong>" in page
        assert "<strong>Astrid Lind</strong>" in page
        assert link(response, "remove the Community filter") == {
            "q": "harbour",
            "author": str(w.author.user.pk),
        }

    def test_it_shows_no_name_for_a_private_community_chosen_by_a_non_member(self, as_stranger, w):
        response = get(as_stranger, community=str(w.private.pk))
        assert response.status_code == 200
        assert titles(response) == []
        assert "Bid Desk" not in text(response)

    def test_it_filters_without_words(self, as_stranger, w):
        response = get(as_stranger, tag="flooring")
        assert sorted(titles(response)) == ["Quay guarding proposal", "Quay visit"]

    def test_it_keeps_filters_in_the_form(self, as_stranger):
        page = text(get(as_stranger, q="harbour", kind="post"))
        assert '<input type="hidden" name="kind" value="post">' in page

    def test_it_links_to_the_other_sort(self, as_stranger):
        response = get(as_stranger, q="harbour", kind="post")
        assert link(response, "newest first") == {"q": "harbour", "kind": "post", "sort": "date"}

    def test_it_sorts_by_date(self, as_stranger):
        response = get(as_stranger, q="harbour", sort="date")
        assert response.status_code == 200
        assert titles(response)[-1] == "Quay guarding proposal"


class BadInputTests:
    @pytest.mark.parametrize(
        "q",
        [
            '"',
            '""',
            '"harbour',
            'harbour"',
            '"harbour gates"',
            '"harbour" "gates',
            "AND OR NOT",
            "harbour AND gates",
            "harbour OR",
            "NOT harbour",
            "*",
            "harb*",
            "-",
            "-harbour",
            "harbour -gates",
            ":",
            "kind:post",
            "title:harbour",
            "()",
            "(harbour",
            "+harbour",
            "harbour^4",
            "harbour~",
            "\\",
            "'",
            "%",
            "_",
            "[]{}",
            "/regex.*/",
            "ö'; DROP TABLE search_searchentry; --",
            "🙂 harbour",
            "   ",
        ],
    )
    def test_it_answers_any_query(self, as_stranger, q):
        response = get(as_stranger, q=q)
        assert response.status_code == 200

    def test_it_answers_a_very_long_query(self, as_stranger):
        response = get(as_stranger, q="harbour " * 1250)
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert 'role="alert"' in text(response)

    @pytest.mark.parametrize(
        "params",
        [
            {"kind": "bogus"},
            {"community": "abc"},
            {"community": "-1"},
            {"author": "1.5"},
            {"year": "20x5"},
            {"year": "99999"},
            {"document_type": "poem"},
            {"outcome": "maybe"},
            {"language": "xx"},
            {"tag": "no spaces allowed"},
            {"customer": "x" * 101},
            {"page": "abc"},
            {"page": "1e3"},
            {"page": str(10**12)},
        ],
    )
    def test_it_refuses_unknown_filter_values_with_a_message(self, as_stranger, params):
        response = get(as_stranger, q="harbour", **params)
        assert response.status_code == 400
        assert UNKNOWN in text(response)
        assert "Clear the filters" in text(response)

    def test_it_finds_nothing_for_a_valid_value_nobody_uses(self, as_stranger):
        response = get(as_stranger, q="harbour", tag="unheard-of", year="1999")
        assert response.status_code == 200
        assert titles(response) == []

    def test_it_refuses_an_unknown_sort(self, as_stranger):
        response = get(as_stranger, q="harbour", sort="sideways")
        assert response.status_code == 400
        assert 'role="alert"' in text(response)

    def test_it_shows_the_first_page_for_a_negative_page(self, as_stranger):
        response = get(as_stranger, q="harbour", page="-3")
        assert response.status_code == 200
        assert response.context["page"] == 1
        assert len(titles(response)) == 3

    def test_it_shows_the_last_page_for_a_page_past_the_end(self, as_stranger, w):
        entries_about(w, "sandpiper", 25)
        response = get(as_stranger, q="sandpiper", page="999999")
        assert response.status_code == 200
        assert (response.context["page"], response.context["pages"]) == (2, 2)
        assert len(titles(response)) == 5
        assert "Page 2 of 2" in text(response)

    def test_it_links_to_the_next_and_previous_pages(self, as_stranger, w):
        entries_about(w, "sandpiper", 45)
        response = get(as_stranger, q="sandpiper", kind="post", page="2")
        assert response.status_code == 200
        assert "Page 2 of 3" in text(response)
        assert link(response, "Previous") == {"q": "sandpiper", "kind": "post", "page": "1"}
        assert link(response, "Next") == {"q": "sandpiper", "kind": "post", "page": "3"}

    @pytest.mark.parametrize(
        "query",
        ["q=harbour%00", "q=harbour&kind=post%00", "q%00=harbour", "q=%00"],
    )
    def test_it_refuses_nul_bytes(self, as_stranger, query):
        response = as_stranger.get(f"{URL}?{query}")
        assert response.status_code == 400
        assert b"NUL" in response.content

    def test_it_refuses_nul_bytes_in_suggestions(self, as_stranger):
        assert as_stranger.get(f"{SUGGEST}?q=ha%00rb").status_code == 400

    def test_it_takes_the_last_of_duplicated_parameters(self, as_stranger):
        query = urlencode(
            [("q", "zzz"), ("q", "harbour"), ("kind", "wiki"), ("kind", "post"), ("page", "x")]
        )
        response = as_stranger.get(f"{URL}?{query}&page=1")
        assert response.status_code == 200
        assert titles(response) == ["Quay visit"]

    def test_it_ignores_parameters_it_does_not_know(self, as_stranger):
        response = get(as_stranger, q="harbour", colour="blue", **{"kind[]": "post"})
        assert response.status_code == 200
        assert len(titles(response)) == 3

    def test_it_refuses_other_methods_for_suggestions(self, as_stranger):
        assert as_stranger.post(SUGGEST, {"q": "harb"}).status_code == 405


class AutocompleteTests:
    def test_it_suggests_titles_people_tags_and_customers(self, as_stranger, w):
        found = suggestions(as_stranger, "harb")
        assert ("title", "Harbour map", w.wiki.url) in found
        assert ("person", "Harald Harbo", w.harbo.get_absolute_url()) in found
        assert ("tag", "harbour safety", "/search/?tag=harbour-safety") in found
        assert ("customer", "Harbour Authority", "/search/?customer=harbour-authority") in found

    def test_it_suggests_nothing_private_to_a_non_member(self, as_stranger):
        labels = [label for _kind, label, _url in suggestions(as_stranger, "harb")]
        assert "Harbour hush strategy" not in labels
        assert "harbour secret" not in labels
        assert "Harbourside Hush" not in labels
        assert suggestions(as_stranger, "harbour hush") == []
        assert suggestions(as_stranger, "harbourside") == []

    def test_it_suggests_private_things_to_a_member(self, client, w):
        found = suggestions(login(client, w.member), "harb")
        labels = {label for _kind, label, _url in found}
        assert {"Harbour hush strategy", "harbour secret", "Harbourside Hush"} <= labels

    @pytest.mark.parametrize("q", ["", "h", " h ", "é"])
    def test_it_waits_for_two_characters(self, as_stranger, q):
        assert suggestions(as_stranger, q) == []

    @pytest.mark.parametrize(
        "q",
        [
            '"',
            '""',
            '"harb',
            'harbour "gates',
            "AND",
            "harb OR",
            "NEAR(harb",
            "title:harb",
            "*",
            "harb*",
            "-",
            "-harb",
            ":",
            "'",
            "\\",
            "x" * 5000,
        ],
    )
    def test_it_answers_any_text(self, as_stranger, q):
        assert isinstance(suggestions(as_stranger, q), list)


def entries_about(w, word, how_many):
    """Index entries straight into the index: posts by three people in two communities."""
    people = [w.author, w.member, w.harbo]
    now = timezone.now()
    for number in range(how_many):
        index.write(
            Entry(
                key=f"post:{900_000 + number}",
                kind="post",
                title=f"{word.capitalize()} note {number}",
                url=f"/notes/{number}/",
                body=f"A {word} seen at the quay, number {number}.",
                community_id=w.open_.pk,
                author_id=people[number % 3].user.pk,
                date=now - datetime.timedelta(days=number),
                language="en",
                access=["open"],
                facets=[
                    ("tag", f"tag-{number % 2}", f"tag {number % 2}"),
                    ("tag", f"t{number}", f"t{number}"),
                ],
            )
        )


class QueryCountTests:
    def count(self, client, **params):
        client.get(URL, params)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(queries), response

    def test_it_costs_the_same_for_10_or_60_results(self, as_stranger, w):
        entries_about(w, "sandpiper", 10)
        few, response = self.count(as_stranger, q="sandpiper")
        assert len(titles(response)) == 10
        entries_about(w, "sandpiper", 60)
        many, response = self.count(as_stranger, q="sandpiper")
        assert len(titles(response)) == 20
        assert response.context["results"].total == 60
        assert many == few

    def test_it_costs_the_same_with_filters_for_10_or_60_results(self, as_stranger, w):
        entries_about(w, "sandpiper", 10)
        few, _response = self.count(as_stranger, q="sandpiper", tag="tag-0", kind="post")
        entries_about(w, "sandpiper", 60)
        many, response = self.count(as_stranger, q="sandpiper", tag="tag-0", kind="post")
        assert response.context["results"].total == 30
        assert many == few

    def test_it_costs_the_same_for_10_or_60_suggestions_to_choose_from(self, as_stranger, w):
        entries_about(w, "sandpiper", 10)
        as_stranger.get(SUGGEST, {"q": "sand"})
        with CaptureQueriesContext(connection) as few:
            as_stranger.get(SUGGEST, {"q": "sand"})
        entries_about(w, "sandpiper", 60)
        with CaptureQueriesContext(connection) as many:
            as_stranger.get(SUGGEST, {"q": "sand"})
        assert len(many) == len(few)
