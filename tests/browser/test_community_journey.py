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

TITLE = "Who has sold guarding to a port operator?"


def test_a_sponsors_question_gets_a_best_comment_from_another_division(demo, new_page):
    sponsor = new_page()
    log_in(sponsor, "sponsor")
    sponsor.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
    sponsor.get_by_role("link", name="Sales Community").click()
    expect(sponsor.get_by_role("heading", level=1)).to_have_text("Sales Community")
    assert_accessible(sponsor)

    sponsor.get_by_role("link", name="Write a post").click()
    sponsor.get_by_label("Kind of post").select_option("blog")
    sponsor.get_by_label("Title").fill(TITLE)
    sponsor.get_by_label("Text").fill(
        "Kattegatt Port wants one supplier for gates and patrols.\n\n"
        "Has anyone in Facility or Technical worked with a port before?"
    )
    sponsor.get_by_label("Tags").fill("ports and logistics")
    sponsor.get_by_role("button", name="Publish").click()
    expect(sponsor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(sponsor.locator(".post .tag")).to_have_text(["ports and logistics"])
    post_url = sponsor.url

    rep = new_page()
    log_in(rep, "rep")
    rep.goto(post_url)
    rep.get_by_label("Your comment").fill(
        "Yes: we clean the Nordhamn terminal. Their facility manager wants fewer suppliers."
    )
    rep.get_by_role("button", name="Comment", exact=True).click()
    comment = rep.locator(".comment").filter(has_text="Nordhamn terminal")
    expect(comment).to_be_visible()
    assert_accessible(rep)

    sponsor.reload()
    sponsor_view = sponsor.locator(".comment").filter(has_text="Nordhamn terminal")
    sponsor_view.get_by_role("button", name="Best comment of the week").click()
    expect(sponsor.get_by_role("status")).to_contain_text("best comment of the week")

    rep.get_by_role("link", name="Sales Community").click()
    best = rep.get_by_role("region", name="Best comment of the week")
    expect(best).to_contain_text("Nordhamn terminal")
    expect(best).to_contain_text("Emma Karlsson")
    expect(best.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(rep)
    screenshot(rep, "rep-sees-their-best-comment-on-the-community-home")


def test_community_pages_work_on_a_phone_and_hide_what_rep_may_not_see(demo, new_page):
    page = new_page(viewport=PHONE)
    log_in(page, "rep")
    page.goto("/communities/")
    expect(page.get_by_role("link", name="Kattegatt Port joint bid")).to_be_visible()
    expect(page.get_by_text("Key Accounts Council")).to_have_count(0)
    assert_fits_the_screen(page)
    assert_accessible(page)

    page.get_by_role("link", name="Kattegatt Port joint bid").click()
    expect(page.get_by_text("Only members read this community.")).to_be_visible()
    assert_accessible(page)

    response = page.goto("/communities/key-accounts-council/")
    assert response.status == 404

    page.goto("/communities/sales/")
    assert_fits_the_screen(page)
    page.locator(".post-card a").first.click()
    expect(page).to_have_url(re.compile(r"/communities/sales/.+/"))
    assert_fits_the_screen(page)
    assert_accessible(page)
