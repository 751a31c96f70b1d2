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


def test_rep_finds_a_colleague_by_expertise_and_sees_what_they_share(demo, new_page):
    page = new_page()
    log_in(page, "rep")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Emma")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)

    page.get_by_label("Expertise").select_option(value="healthcare")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"expertise=healthcare"))
    cards = page.locator(".person-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    for index in range(cards.count()):
        expect(cards.nth(index).locator(".tags")).to_contain_text("healthcare")

    page.get_by_role("link", name="Anders Wikström").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anders Wikström")
    photo = page.locator(".profile__header img.avatar")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 160
    common = page.get_by_role("region", name="What you have in common")
    expect(common).to_contain_text("healthcare")
    expect(common).to_contain_text("You both work in Gothenburg.")
    expect(common).to_contain_text("Sales representative")
    assert_accessible(page)
    assert screenshot(page, "rep-sees-what-they-share-with-sponsor").stat().st_size > 0


def test_the_pages_work_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE)
    log_in(page, "newcomer")
    for path in [
        "/",
        "/people/",
        "/people/?expertise=healthcare",
        "/people/sponsor/",
        "/people/me/edit/",
    ]:
        page.goto(path)
        assert_fits_the_screen(page)
        assert_accessible(page)
    screenshot(page, "newcomer-edits-profile-on-a-phone")


def test_the_login_page_is_accessible(new_page):
    page = new_page()
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/people/"))
    assert_accessible(page)
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    assert_accessible(page)
