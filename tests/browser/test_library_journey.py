import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from intranet.library.models import LibraryItemPage
from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_rep_finds_a_won_guarding_proposal_downloads_and_reuses_it(demo, new_page):
    page = new_page()
    log_in(page, "rep")
    page.goto("/communities/sales/")
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Library of Sales Community")
    assert_accessible(page)

    page.get_by_label("Product").select_option(value="manned-guarding")
    page.get_by_label("Outcome").select_option(value="won")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"product=manned-guarding.*outcome=won"))
    cards = page.locator(".library-card")
    expect(cards.first).to_be_visible()
    for index in range(cards.count()):
        expect(cards.nth(index)).to_contain_text("Won")
        expect(cards.nth(index)).to_contain_text("Manned guarding")

    item = LibraryItemPage.objects.get(slug="solberga-guarding-proposal-2025")
    cards.get_by_role("link", name=item.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    download = download_info.value
    stored = item.files.order_by("-version").first().document.file
    assert Path(download.path()).read_bytes() == stored.open("rb").read()

    reused = page.get_by_role("heading", name=re.compile(r"^Reused"))
    before = int(re.search(r"\d+", reused.inner_text()).group())
    page.get_by_label("For which customer?").select_option(label="Kvarnby Handel")
    page.get_by_role("button", name="I reused this").click()
    expect(reused).to_have_text(f"Reused {before + 1} times")
    expect(page.locator("#reuse-heading + form + ul")).to_contain_text(
        "Emma Karlsson for Kvarnby Handel"
    )
    screenshot(page, "rep-reuses-a-won-guarding-proposal")


def test_the_library_works_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE)
    log_in(page, "newcomer")
    page.goto("/communities/sales/library/?sort=reused")
    assert_fits_the_screen(page)
    assert_accessible(page)
    page.locator(".library-card a").first.click()
    assert_fits_the_screen(page)
    assert_accessible(page)
