"""The lead relay in a browser: a Facility rep passes a customer's need to Technical from her
phone, the suggested colleague accepts and wins it, and she sees the outcome and thanks him."""

import pytest
from playwright.sync_api import expect

from intranet.leads import ledger
from intranet.leads.models import Lead, Status
from intranet.people.models import User
from intranet.recognition import services as recognition
from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]

NEED = "The old hospital wing's ventilation fails every summer; they want a maintenance offer."


def test_rep_passes_a_lead_to_technical_who_wins_it_and_is_thanked(demo, new_page):
    emma = User.objects.get(username="rep")
    given_before = ledger.person(emma).given
    points_before = recognition.standing(emma)["points"]

    rep = new_page(PHONE)
    log_in(rep, "rep")
    # Mikael passed Emma a lead and she has passed none back: the home page says so.
    nudge = rep.get_by_role("region", name="Leads")
    expect(nudge).to_contain_text("Mikael Strand has passed you a lead")
    nudge.get_by_role("link", name="Pass on a lead").click()

    expect(rep.get_by_label("For division")).to_have_value(
        str(User.objects.get(username="mikael.strand").profile.division_id)
    )
    assert_accessible(rep)
    assert_fits_the_screen(rep)
    rep.get_by_label("Customer:", exact=True).select_option(label="Solberga Care Region")
    rep.get_by_label("Nearest office").select_option(label="Gothenburg")
    rep.get_by_label("What the customer needs").fill(NEED)
    rep.get_by_label("This week").check()
    rep.get_by_role("button", name="Save and choose who gets it").click()

    # Guild suggests Mikael first, because he sells for Technical in Gothenburg.
    suggestions = rep.get_by_role("group", name="Suggested by Guild, best first")
    first = suggestions.locator("li").first
    expect(first).to_contain_text("Mikael Strand")
    expect(first).to_contain_text("Works for Norrvik Technical at this location")
    expect(first.get_by_role("radio")).to_be_checked()
    assert_accessible(rep)
    assert_fits_the_screen(rep)
    screenshot(rep, "lead-route-phone")
    rep.get_by_role("button", name="Pass it on").click()
    expect(rep.get_by_role("heading", level=1)).to_contain_text("Waiting for an answer")
    lead = Lead.objects.get(need=NEED)
    assert lead.receiver.username == "mikael.strand"

    mikael = new_page()
    log_in(mikael, "mikael.strand")
    mikael.get_by_role("link", name="A colleague has passed you a lead").click()
    mikael.get_by_role("link", name="Solberga Care Region").first.click()
    expect(mikael.get_by_text(NEED)).to_be_visible()
    assert_accessible(mikael)
    mikael.get_by_role("button", name="Accept").click()
    expect(mikael.get_by_role("heading", level=1)).to_contain_text("Accepted")
    mikael.get_by_label("Value of the business").first.fill("85000")
    mikael.get_by_role("button", name="Won", exact=True).click()
    expect(mikael.get_by_role("heading", level=1)).to_contain_text("Won")

    # Emma hears of it, opens the lead and thanks him.
    rep.goto("/notifications/")
    expect(rep.get_by_text("Mikael Strand won the business from your lead")).to_be_visible()
    rep.goto(lead.get_absolute_url())
    expect(rep.get_by_role("heading", level=1)).to_contain_text("Won")
    expect(rep.get_by_text("85,000")).to_be_visible()
    rep.get_by_label("Your thanks").fill("Thank you, Mikael! Lunch is on me.")
    rep.get_by_role("button", name="Say thank you").click()
    expect(rep.get_by_text("Your thanks were sent.")).to_be_visible()
    lead.refresh_from_db()
    assert lead.status == Status.WON and lead.thanked_at is not None

    # Her give and take and her points moved; the ledger and the leaderboard show it.
    rep.goto("/leads/ledger/")
    mine = rep.get_by_role("region", name="Your leads")
    expect(mine.locator("dd").first).to_have_text(str(given_before + 1))
    expect(rep.get_by_role("table")).to_be_visible()
    assert_accessible(rep)
    assert_fits_the_screen(rep)
    points = recognition.standing(emma)["points"]
    assert points == points_before + 35  # accepted (10) and won (25)
    rep.goto("/recognition/?period=all")
    expect(rep.get_by_role("region", name="You")).to_contain_text(f"{points} points")
    assert_accessible(rep)
    assert_fits_the_screen(rep)
    screenshot(rep, "leaderboard-phone")
