"""The wiki in a browser: a rep improves a page, links it, and checks what changed."""

import re

import pytest
from playwright.sync_api import expect

from intranet.wiki.models import WikiLink, WikiPage
from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_rep_edits_a_page_links_another_and_compares_the_two_latest_versions(demo, new_page):
    page = new_page()
    log_in(page, "rep")
    page.goto("/communities/sales/")
    page.get_by_role("link", name="Wiki", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wiki of Sales Community")
    page.get_by_role("link", name="Office cleaning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Office cleaning")
    assert_accessible(page)
    target = WikiPage.objects.get(slug="mobile-patrols", locale__language_code="en")
    assert not WikiLink.objects.filter(source__slug="office-cleaning", target=target).exists(), (
        "the demo must not already link these two pages"
    )

    page.get_by_role("link", name="Edit", exact=True).click()
    text = page.get_by_label("Text:")
    text.press("Control+End")
    text.press("Enter")
    text.press("Enter")
    text.type("Night cleaning crews notice open doors: offer ")
    page.get_by_role("button", name="Wiki link").click()
    page.keyboard.type(target.title)
    text.press("Control+End")
    text.type(" on the same sites.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".wiki-preview")
    expect(preview.get_by_role("link", name=target.title)).to_be_visible()
    page.get_by_label("Summary of your change").fill("Suggest patrols with night cleaning")
    page.get_by_role("button", name="Publish").click()

    expect(page.locator(".message")).to_have_text("Your changes are published.")
    page.get_by_role("link", name=target.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(target.title)
    backlinks = page.locator("#backlinks-heading + ul")
    expect(backlinks.get_by_role("link", name="Office cleaning")).to_be_visible()
    screenshot(page, "rep-sees-the-new-backlink")

    page.goto(WikiPage.objects.get(slug="office-cleaning", locale__language_code="en").url)
    page.get_by_role("link", name="History").click()
    expect(page.locator(".history tbody tr").first).to_contain_text(
        "Suggest patrols with night cleaning"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to “Office cleaning”")
    added = page.locator(".diff__added, .diff__changed")
    expect(added.first).to_contain_text("Night cleaning crews notice open doors")
    assert_accessible(page)
    screenshot(page, "rep-compares-the-two-latest-versions")


def test_a_missing_link_offers_to_create_the_page(demo, new_page):
    page = new_page()
    log_in(page, "rep")
    page.goto(WikiPage.objects.get(slug="how-we-answer-a-tender", locale__language_code="en").url)
    missing = page.locator(".wiki-link--missing", has_text="Framework agreements explained")
    missing.first.click()
    expect(page.get_by_label("Title:")).to_have_value("Framework agreements explained")
    page.get_by_label("Text:").fill("A framework agreement sets prices; call-offs buy the work.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Framework agreements explained")
    expect(page.locator("#backlinks-heading + ul")).to_contain_text("How we answer a tender")


def test_the_wiki_works_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE)
    log_in(page, "newcomer")
    wiki_page = WikiPage.objects.get(slug="how-we-answer-a-tender", locale__language_code="en")
    for url in (
        "/communities/sales/wiki/",
        wiki_page.url,
        f"/wiki/pages/{wiki_page.pk}/edit/",
        f"/wiki/pages/{wiki_page.pk}/history/",
    ):
        page.goto(url)
        assert_fits_the_screen(page)
        assert_accessible(page)
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page).to_have_url(re.compile(r"/compare/\?"))
    assert_fits_the_screen(page)
    assert_accessible(page)
