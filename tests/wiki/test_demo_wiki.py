"""The demo's Sales Community wiki tells the story the issue asks for, from the fixture."""

import tomllib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intranet.demo.wiki import FIXTURE
from intranet.taxonomy.models import Product
from intranet.wiki.models import WikiLink, WikiPage
from tests.community.helpers import built_once

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", stdout=StringIO())
    return tomllib.loads(FIXTURE.read_text())


demo = built_once(_load)


class DemoWikiTests:
    def test_it_has_a_page_for_each_service_a_tender_how_to_and_useful_links(self, demo):
        pages = WikiPage.objects.live().filter(community__slug="sales")
        titles = set(pages.values_list("title", flat=True))
        assert pages.count() == len(demo["pages"]) >= 12
        assert set(Product.objects.sources().values_list("name", flat=True)) <= titles
        assert {"How we answer a tender", "Useful links"} <= titles

    def test_its_pages_link_to_each_other_and_two_links_are_wanted(self, demo):
        links = WikiLink.objects.filter(source__community__slug="sales")
        assert links.filter(target__isnull=False).count() >= 30
        assert set(links.filter(target=None).values_list("target_title", flat=True)) == {
            "Framework agreements explained",
            "Pricing an energy guarantee",
        }
        for page in WikiPage.objects.filter(community__slug="sales"):
            assert page.backlinks.exists(), f"nothing links to {page.title}"

    def test_its_history_is_dated_with_authors_and_summaries(self, demo):
        page = WikiPage.objects.get(slug="hvac-maintenance", locale__language_code="en")
        row = next(row for row in demo["pages"] if row["slug"] == "hvac-maintenance")
        revisions = list(page.revisions.order_by("created_at"))
        assert len(revisions) == len(row["revisions"]) >= 3
        for revision, wanted in zip(revisions, row["revisions"], strict=True):
            assert revision.user.username == wanted["author"]
            assert revision.content["edit_summary"] == wanted["summary"]
            age = (timezone.now() - revision.created_at).days
            assert age == wanted["days_ago"]
        assert page.latest_revision_id == revisions[-1].pk

    def test_some_pages_need_attention_for_the_stale_report(self, demo):
        pages = WikiPage.objects.filter(community__slug="sales")
        assert pages.filter(review_by__lt=timezone.localdate()).count() >= 3
        assert pages.filter(curator__isnull=True).count() >= 2

    def test_loading_again_adds_no_page_or_revision(self, demo):
        before = (
            WikiPage.objects.count(),
            sum(p.revisions.count() for p in WikiPage.objects.all()),
        )
        call_command("load_demo", stdout=StringIO())
        after = (WikiPage.objects.count(), sum(p.revisions.count() for p in WikiPage.objects.all()))
        assert after == before
