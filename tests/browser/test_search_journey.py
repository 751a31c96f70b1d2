"""Search in a browser: from a customer's name to the proposal a rep can reuse."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_rep_finds_a_customers_proposal_through_suggestions_and_filters(demo, new_page):
    page = new_page()
    log_in(page, "rep")
    box = page.get_by_label("Search Guild")
    box.press_sequentially("Kvarn", delay=50)
    suggestion = page.locator("#site-search-suggestions option[value='Kvarnby Handel']")
    expect(suggestion).to_have_count(1)
    box.fill("Kvarnby Handel")  # what picking the suggestion does to the box

    expect(page).to_have_url(re.compile(r"/search/\?customer=kvarnby-handel"))
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Library item", exact=True).click()
    expect(page).to_have_url(re.compile(r"kind=library"))
    page.get_by_role("link", name="Access control systems", exact=True).click()
    expect(page).to_have_url(re.compile(r"product=access-control"))
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    expect(page.get_by_text("remove the Type filter")).to_be_visible()
    screenshot(page, "rep-narrows-search-to-one-proposal")

    results.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kvarnby Handel head office: access control layout and door schedule"
    )


def test_search_highlights_words_and_works_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE)
    log_in(page, "newcomer")
    page.goto("/search/?q=guarding+hospital")
    expect(page.locator(".search-result mark").first).to_be_visible()
    assert_fits_the_screen(page)
    assert_accessible(page)
