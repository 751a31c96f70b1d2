"""Editors' search tools: a query log without names, its report, and promoted results."""

import pytest
from wagtail.contrib.search_promotions.models import Query as PromotedQuery
from wagtail.contrib.search_promotions.models import SearchPromotion

from intranet.search.models import QueryLog
from tests.builders import add_member, make_community, make_person, make_post
from tests.community.helpers import login, text

pytestmark = pytest.mark.django_db


class QueryLogTests:
    def test_it_counts_searches_and_empty_ones_without_names(self, client, rep):
        login(client, rep)
        client.get("/search/?q=Window+Cleaning")
        client.get("/search/?q=window%20cleaning&page=2")  # a further page is the same search
        client.get("/search/?q=zzyzx")

        rows = {row.query: row for row in QueryLog.objects.all()}
        assert set(rows) == {"window cleaning", "zzyzx"}
        assert (rows["window cleaning"].searches, rows["zzyzx"].without_results) == (1, 1)
        assert [f.name for f in QueryLog._meta.get_fields()] == [
            "id",
            "query",
            "date",
            "searches",
            "without_results",
        ]

    def test_browsing_by_facets_alone_is_not_logged(self, client, rep):
        login(client, rep).get("/search/?kind=person")
        assert not QueryLog.objects.exists()


class ReportTests:
    def test_editors_see_what_finds_nothing(self, client, rep):
        editor = make_person("editor")
        add_member(make_community(), editor, role="editor")
        login(client, rep).get("/search/?q=framework+agreements")
        response = login(client, editor).get("/search/report/")
        assert response.status_code == 200
        assert "framework agreements" in text(response)
        assert "What people search for" in text(client.get("/search/?q=x"))

    def test_members_may_not_see_it(self, client, rep):
        add_member(make_community(), rep)
        assert login(client, rep).get("/search/report/").status_code == 403
        assert "What people search for" not in text(client.get("/search/?q=x"))


class PromotionTests:
    def _promote(self, query, page):
        SearchPromotion.objects.create(
            query=PromotedQuery.get(query), page=page, sort_order=0, description="Start here."
        )

    def test_a_promoted_page_comes_first(self, client, rep):
        community = make_community()
        add_member(community, rep)
        post = make_post(community, rep, title="Tender calendar for 2027")
        self._promote("tenders", post)
        page = text(login(client, rep).get("/search/?q=Tenders"))
        assert "Recommended" in page and "Tender calendar for 2027" in page
        results = page.index('class="plain-list search-results"')
        assert page.index("Tender calendar for 2027") < results

    def test_a_promoted_page_in_a_private_community_is_hidden_from_non_members(
        self, client, rep, sponsor
    ):
        bid = make_community("Bid team", preset="bid_team")
        add_member(bid, sponsor)
        secret = make_post(bid, sponsor, title="Our price floor")
        self._promote("prices", secret)
        assert "Our price floor" not in text(login(client, rep).get("/search/?q=prices"))
        assert "Our price floor" in text(login(client, sponsor).get("/search/?q=prices"))


class DidYouMeanTests:
    def test_it_suggests_a_spelling_from_titles_the_user_may_see(self, client, rep):
        community = make_community()
        make_post(community, rep, title="Escalator maintenance checklist")
        page = text(login(client, rep).get("/search/?q=escalatr"))
        assert "Did you mean" in page and "?q=escalator" in page

    def test_it_never_suggests_a_word_only_a_private_community_uses(self, client, rep, sponsor):
        bid = make_community("Bid team", preset="bid_team")
        add_member(bid, sponsor)
        make_post(bid, sponsor, title="Zanzibar pricing floor")
        assert "Did you mean" not in text(login(client, rep).get("/search/?q=zanzibr"))
        assert "?q=zanzibar" in text(login(client, sponsor).get("/search/?q=zanzibr"))
