"""The ledger: who passed on how many leads, who took them, how fast, and the nudge to give back.

The counts are checked against a small world worked out by hand (see `world`), then the pages
that show them: /leads/ledger/, the sales community's home, the home page and the profile.
"""

import re
from types import SimpleNamespace

import pytest

from intranet.leads import ledger, services
from intranet.leads.models import Handoff, How, Status, Suggestion
from tests.builders import make_community, make_division
from tests.community.helpers import built_once, fresh, login, text
from tests.leads.builders import age, make_lead, sales_community, seller

pytestmark = pytest.mark.django_db


def _person(ledger_row):
    return (
        ledger_row.given,
        ledger_row.given_accepted,
        ledger_row.given_won,
        ledger_row.received,
        ledger_row.accepted,
        ledger_row.won,
        ledger_row.median_hours_to_accept,
    )


def _accept_after(lead, receiver, hours):
    """The receiver accepts the lead `hours` after it reached them."""
    age(lead, hours)
    services.accept(lead, receiver.user)
    lead.refresh_from_db()
    return lead


def _build_world():
    """Four sellers in three divisions and eight leads, two of which were never passed on.

    1  alice (Facility) -> bob,   Secure:     accepted after 2 h, won
    2  alice            -> bob -> carol, Secure: bob sat on it 10 h, forwarded it;
                                               carol accepted 4 h after it reached her
    3  alice            -> bob,   Secure:     bob declined after 20 h, alice passed it to
                                               him again, he accepted 6 h later; contacted
    4  alice, Secure, never passed on
    5  alice, Secure, withdrawn before it was passed on
    6  bob (Secure)     -> alice, Facility:   still waiting
    7  dave (Technical) -> alice, Facility:   accepted after 1 h, lost
    8  alice            -> dave,  Technical:  declined
    """
    alice = seller("alice", "Facility", "Gothenburg")
    bob = seller("bob", "Secure", "Gothenburg")
    carol = seller("carol", "Secure", "Malmö")
    dave = seller("dave", "Technical", "Lyon")

    one = make_lead(alice, bob, division="Secure")
    _accept_after(one, bob, 2)
    services.close(one, bob.user, "won")

    two = make_lead(alice, bob, division="Secure")
    age(two, 10)
    services.forward(two, carol.user, bob.user, "Carol covers Malmö.")
    _accept_after(two, carol, 4)

    three = make_lead(alice, bob, division="Secure")
    age(three, 20)
    services.decline(three, bob.user, "Too busy this week.")
    three.refresh_from_db()
    services.route(three, bob.user, alice.user)
    _accept_after(three, bob, 6)
    services.contacted(three, bob.user)

    make_lead(alice, status="unrouted", division="Secure")
    make_lead(alice, status="withdrawn", division="Secure")

    make_lead(bob, alice, division="Facility")

    seven = make_lead(dave, alice, division="Facility")
    _accept_after(seven, alice, 1)
    services.close(seven, alice.user, "lost")

    make_lead(alice, dave, status="declined", division="Technical")

    return SimpleNamespace(alice=alice, bob=bob, carol=carol, dave=dave, two=two, three=three)


_world = built_once(_build_world)


@pytest.fixture
def world(_world, db):
    return fresh(_world)


# ledger.person


def test_the_givers_ledger_counts_only_leads_passed_on(world):
    # given 1, 2, 3, 8 (not 4 and 5); of them 1, 2, 3 accepted and 1 won; received 6 and 7,
    # accepted 7 after 1 h
    assert _person(ledger.person(world.alice.user)) == (4, 3, 1, 2, 1, 0, 1.0)


def test_a_lead_that_came_back_is_received_once(world):
    # 1, 2 and 3 (twice: declined, then passed to him again); accepted 1 (2 h) and 3 (6 h)
    assert Handoff.objects.filter(lead=world.three, receiver=world.bob.user).count() == 2
    assert _person(ledger.person(world.bob.user)) == (1, 0, 0, 3, 2, 1, 4.0)


def test_time_to_accept_runs_from_the_lead_reaching_the_person_who_accepted_it(world):
    # lead 2 was 10 h old when it reached carol; she took 4 h, not 14
    assert world.two.handoffs.count() == 2
    assert _person(ledger.person(world.carol.user)) == (0, 0, 0, 1, 1, 0, 4.0)
    world.three.refresh_from_db()
    assert world.three.accept_seconds == 6 * 3600  # not the 26 h since it was first passed on


def test_a_declined_lead_counts_as_received_not_accepted(world):
    assert _person(ledger.person(world.dave.user)) == (1, 1, 0, 1, 0, 0, None)


def test_someone_without_leads_has_an_empty_ledger(world):
    nobody = seller("nobody", "Facility", "Gothenburg")
    found = ledger.person(nobody.user)
    assert _person(found) == (0, 0, 0, 0, 0, 0, None)
    assert found.is_empty
    assert not ledger.person(world.alice.user).is_empty


def test_the_median_of_an_even_number_of_leads_is_the_mean_of_the_middle_two(db):
    giver = seller("giver", "Facility", "Gothenburg")
    taker = seller("taker", "Secure", "Gothenburg")
    for hours in (1, 2, 5, 30):
        _accept_after(make_lead(giver, taker), taker, hours)
    assert ledger.person(taker.user).median_hours_to_accept == 3.5
    assert ledger.person(giver.user).median_hours_to_accept is None


def test_an_escalated_lead_counts_from_the_moment_it_reached_the_next_person(db):
    giver = seller("giver", "Facility", "Gothenburg")
    silent = seller("silent", "Secure", "Gothenburg")
    quick = seller("quick", "Secure", "Malmö")
    lead = make_lead(giver, silent, division="Secure")
    lead.suggestions.all().delete()  # quick is the only one suggested
    Suggestion.objects.create(lead=lead, user=quick.user, rank=1, score=1, reasons=[])
    age(lead, 100)
    assert services.escalate_due() == 1
    lead.refresh_from_db()
    assert lead.receiver == quick.user
    _accept_after(lead, quick, 3)
    assert _person(ledger.person(quick.user)) == (0, 0, 0, 1, 1, 0, 3.0)
    assert _person(ledger.person(silent.user)) == (0, 0, 0, 1, 0, 0, None)
    assert _person(ledger.person(giver.user)) == (1, 1, 0, 0, 0, 0, None)


# ledger.matrix


def _cells(found=None):
    """{(from, to): (given, accepted, won, median hours, acceptance %)} for the non-empty cells."""
    divisions, rows = found or ledger.matrix()
    names = [division.name for division in divisions]
    assert [source.name for source, _ in rows] == names
    cells = {}
    for source, row in rows:
        assert len(row) == len(names)
        for target, cell in zip(names, row, strict=True):
            if cell.given:
                cells[(source.name, target)] = (
                    cell.given,
                    cell.accepted,
                    cell.won,
                    cell.median_hours_to_accept,
                    cell.acceptance,
                )
    return cells


def test_the_matrix_counts_leads_by_the_givers_division_and_the_target_division(world):
    assert _cells() == {
        ("Facility", "Secure"): (3, 3, 1, 4.0, 100),  # 1, 2, 3: 2 h, 4 h, 6 h
        ("Facility", "Technical"): (1, 0, 0, None, 0),  # 8
        ("Secure", "Facility"): (1, 0, 0, None, 0),  # 6
        ("Technical", "Facility"): (1, 1, 0, 1.0, 100),  # 7
    }


def test_each_division_appears_once_as_a_row_and_a_column(world):
    divisions, rows = ledger.matrix()
    names = [division.name for division in divisions]
    assert len(names) == len(set(names))
    assert {"Facility", "Secure", "Technical"} <= set(names)
    assert len(rows) == len(divisions)


def test_moving_the_giver_to_another_division_does_not_move_old_leads(world):
    world.alice.division = make_division("Technical")
    world.alice.save()
    fresh = make_lead(world.alice, world.carol, division="Secure")
    assert fresh.giver_division.name == "Technical"

    cells = _cells()
    assert cells[("Facility", "Secure")] == (3, 3, 1, 4.0, 100)
    assert cells[("Facility", "Technical")] == (1, 0, 0, None, 0)
    assert cells[("Technical", "Secure")] == (1, 0, 0, None, 0)


def test_leads_never_passed_on_are_in_no_cell(world):
    before = _cells()
    make_lead(world.alice, status="unrouted", division="Technical")
    make_lead(world.dave, status="withdrawn", division="Secure")
    assert _cells() == before


# ledger.owed


@pytest.fixture
def pair(db):
    giver = seller("giver", "Secure", "Gothenburg")
    taker = seller("taker", "Facility", "Gothenburg")
    return giver, taker


def _owed(user, **kwargs):
    return [(person.username, count) for person, count in ledger.owed(user, **kwargs)]


def test_the_nudge_names_whoever_passed_you_leads_you_never_paid_back(pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    make_lead(giver, taker, status="won", division="Facility")
    make_lead(giver, taker, status="declined", division="Facility")
    assert _owed(taker.user) == [("giver", 3)]
    assert _owed(giver.user) == []


def test_the_nudge_counts_a_lead_that_came_back_once(pair):
    giver, taker = pair
    lead = make_lead(giver, taker, status="declined", division="Facility")
    services.route(lead, taker.user, giver.user)
    assert _owed(taker.user) == [("giver", 1)]


def test_the_nudge_disappears_once_you_pass_a_lead_back(pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    make_lead(giver, taker, division="Facility")
    assert _owed(taker.user) == [("giver", 2)]
    make_lead(taker, giver, division="Secure", status="declined")  # what they do with it is theirs
    assert _owed(taker.user) == []


def test_a_lead_you_never_passed_on_does_not_pay_anyone_back(pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    make_lead(taker, status="unrouted", division="Secure")
    assert _owed(taker.user) == [("giver", 1)]


def test_the_nudge_ignores_leads_you_gave_yourself(pair):
    giver, taker = pair
    own = make_lead(taker, giver, division="Secure")
    # Nobody can pass their own lead to themselves through the services; were such a row
    # there, it is no debt to themselves.
    Handoff.objects.create(lead=own, receiver=taker.user, how=How.FORWARDED, by=giver.user)
    assert _owed(taker.user) == []


def test_a_forwarded_lead_is_owed_to_its_giver_not_to_the_forwarder(pair):
    giver, taker = pair
    middle = seller("middle", "Facility", "Malmö")
    lead = make_lead(giver, middle, division="Facility")
    services.forward(lead, taker.user, middle.user)
    assert _owed(taker.user) == [("giver", 1)]
    assert _owed(middle.user) == [("giver", 1)]


def test_a_lead_passed_back_by_forwarding_counts_as_given_back(pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    middle = seller("middle", "Secure", "Malmö")
    lead = make_lead(taker, middle, division="Secure")
    services.forward(lead, giver.user, middle.user)
    assert lead.status == Status.NEW
    assert _owed(taker.user) == []


def test_the_nudge_lists_the_biggest_debts_first_up_to_the_limit(pair):
    _, taker = pair
    others = [seller(f"other{n}", "Technical", "Lyon") for n in range(3)]
    for count, person in zip((1, 3, 2), others, strict=True):
        for _ in range(count):
            make_lead(person, taker, division="Facility")
    assert _owed(taker.user) == [("other1", 3), ("other2", 2), ("other0", 1)]
    assert _owed(taker.user, limit=1) == [("other1", 3)]


def test_the_nudge_leaves_out_people_who_left(pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    giver.user.is_active = False
    giver.user.save()
    assert _owed(taker.user) == []


# The pages


def _ledger_numbers(html):
    """The numbers of the first ledger (_person.html) on a page, in order."""
    block = html.split('<dl class="ledger">', 1)[1].split("</dl>", 1)[0]
    return [re.sub(r"\s+", " ", value).strip() for value in re.findall(r"<dd>(.*?)</dd>", block)]


def _matrix_cell(html):
    return re.sub(r"\s+", " ", html)


def test_the_ledger_page_shows_your_numbers_and_for_sales_readers_the_matrix(client, world):
    sales_community()
    response = login(client, world.bob).get("/leads/ledger/")
    assert response.status_code == 200
    assert _ledger_numbers(text(response)) == ["1", "0", "0", "3", "2", "1", "4.0 h"]
    assert response.context["rows"]
    page = _matrix_cell(text(response))
    assert "ledger-matrix" in page
    assert "3 passed · 3 accepted · 1 won · 4.0 h to accept" in page


def test_the_ledger_page_hides_the_matrix_from_those_who_may_not_read_sales(client, world):
    sales_community(preset="bid_team")  # private, and nobody here is a member
    response = login(client, world.alice).get("/leads/ledger/")
    assert response.status_code == 200
    assert _ledger_numbers(text(response)) == ["4", "3", "1", "2", "1", "0", "1.0 h"]
    assert "ledger-matrix" not in text(response)
    assert "rows" not in response.context


def test_without_a_sales_community_nobody_but_admins_sees_the_matrix(client, world, admin_user):
    assert "ledger-matrix" not in text(login(client, world.alice).get("/leads/ledger/"))
    assert "ledger-matrix" in text(login(client, admin_user).get("/leads/ledger/"))


def test_the_sales_community_page_shows_the_matrix(client, world):
    sales_community()
    response = login(client, world.carol).get("/communities/sales/")
    assert response.status_code == 200
    page = _matrix_cell(text(response))
    assert "Leads between divisions" in page
    assert "ledger-matrix" in page
    assert "1 passed · 1 accepted · 0 won · 1.0 h to accept" in page  # Technical -> Facility


def test_other_communities_do_not_show_the_matrix(client, world):
    sales_community()
    make_community("Security Forum")
    response = login(client, world.carol).get("/communities/security-forum/")
    assert response.status_code == 200
    assert "ledger-matrix" not in text(response)
    assert "lead_rows" not in response.context


def test_a_private_sales_community_shows_its_matrix_to_members_only(client, world):
    from tests.builders import add_member

    community = sales_community(preset="bid_team")
    add_member(community, world.carol)
    assert "ledger-matrix" in text(login(client, world.carol).get("/communities/sales/"))
    client.logout()
    response = login(client, world.dave).get("/communities/sales/")
    assert "ledger-matrix" not in text(response)


def test_the_home_page_nudges_you_to_pass_a_lead_back(client, pair):
    giver, taker = pair
    make_lead(giver, taker, status="accepted", division="Facility")
    make_lead(giver, taker, status="accepted", division="Facility")
    response = login(client, taker).get("/")
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", text(response))
    assert "Giver Tester has passed you 2 leads, and you have not passed one back yet." in page
    assert "Do you know a customer who needs Secure?" in page
    assert f'href="/leads/new/?division={giver.division.pk}"' in page


def test_the_home_page_nudge_goes_once_you_pass_a_lead_back(client, pair):
    giver, taker = pair
    make_lead(giver, taker, status="accepted", division="Facility")
    make_lead(taker, giver, division="Secure")
    page = text(login(client, taker).get("/"))
    assert "you have not passed one back yet" not in page
    assert "/leads/new/?division=" not in page


def test_the_nudge_has_no_division_when_the_giver_has_none(client, pair):
    giver, taker = pair
    make_lead(giver, taker, division="Facility")
    giver.division = None
    giver.save()
    page = re.sub(r"\s+", " ", text(login(client, taker).get("/")))
    assert "Giver Tester has passed you a lead, and you have not passed one back yet." in page
    assert "Do you know a customer" not in page
    assert 'href="/leads/new/"' in page


def test_the_list_of_leads_shows_every_nudge(client, pair):
    giver, taker = pair
    other = seller("other", "Technical", "Lyon")
    make_lead(giver, taker, division="Facility")
    make_lead(other, taker, division="Facility")
    response = login(client, taker).get("/leads/?show=received")
    assert response.status_code == 200
    owed = sorted((p.username, n) for p, n in response.context["owed"])
    assert owed == [("giver", 1), ("other", 1)]


def test_the_nudge_link_preselects_the_division(client, pair):
    giver, taker = pair
    response = login(client, taker).get(f"/leads/new/?division={giver.division.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["division"] == giver.division.pk


def test_you_see_your_own_ledger_on_your_profile(client, world):
    response = login(client, world.carol).get("/people/carol/")
    assert response.status_code == 200
    assert "Leads given and taken" in text(response)
    assert _ledger_numbers(text(response)) == ["0", "0", "0", "1", "1", "0", "4.0 h"]


def test_readers_of_the_sales_community_see_a_colleagues_ledger(client, world):
    sales_community()
    response = login(client, world.carol).get("/people/bob/")
    assert "Leads given and taken" in text(response)
    assert _ledger_numbers(text(response)) == ["1", "0", "0", "3", "2", "1", "4.0 h"]


def test_others_do_not_see_a_colleagues_ledger(client, world):
    sales_community(preset="bid_team")
    response = login(client, world.carol).get("/people/bob/")
    assert response.status_code == 200
    assert response.context["ledger"] is None
    assert "Leads given and taken" not in text(response)
