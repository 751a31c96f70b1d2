"""Guild in Swedish, in a browser: Lukas, a newcomer in Hamburg who reads Swedish best, switches
the interface to Swedish on his phone, follows his onboarding path and a wiki page in Swedish,
meets a page nobody has translated yet, and searches in Swedish."""

import re

import pytest
from playwright.sync_api import expect

from intranet.demo.translations import UNTRANSLATED_WIKI_PAGE
from intranet.learning.models import LearningPathPage
from intranet.people.models import User
from intranet.wiki.models import WikiPage
from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]


def source(model, slug):
    return model.objects.get(slug=slug, locale__language_code="en")


def test_newcomer_switches_to_swedish_and_learns_and_searches_in_it(demo, new_page):
    page = new_page(PHONE)
    log_in(page, "newcomer")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The switcher is in the header of every page.
    page.get_by_label("Language").select_option("sv")
    page.locator("form.language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    assert User.objects.get(username="newcomer").language == "sv"
    assert_accessible(page)
    assert_fits_the_screen(page)

    # The onboarding path, in Swedish, at its usual address.
    path = source(LearningPathPage, "new-sales-rep-onboarding")
    page.goto(path.url)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Introduktion för nya säljare")
    expect(heading).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Lär känna de tre divisionerna")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    screenshot(page, "path-swedish-phone")

    # A translated wiki page.
    glossary = source(WikiPage, "glossary")
    page.goto(glossary.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ordlista")
    expect(page.locator(".wiki-body")).to_contain_text("luftbehandlingsaggregat")
    assert_accessible(page)
    assert_fits_the_screen(page)

    # A page nobody has translated: the English original, with a notice, never a 404.
    untranslated = source(WikiPage, UNTRANSLATED_WIKI_PAGE)
    page.goto(untranslated.url)
    expect(page.locator(".translation-notice")).to_contain_text("svenska")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    assert_accessible(page)

    # Searching in Swedish: "prissättningen" (the pricing) finds the Swedish page titled with
    # "prissättning", through Swedish stemming.
    search = page.locator("#site-search")
    search.fill("prissättningen")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator(".search-result__title")
    expect(results.filter(has_text="Grunderna i prissättning och indexering")).to_have_count(1)
    assert_accessible(page)
    assert_fits_the_screen(page)
    screenshot(page, "search-swedish-phone")
