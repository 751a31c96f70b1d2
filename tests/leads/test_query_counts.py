"""The lead pages cost the same SQL queries with 2 leads as with 12.

Each count comes after a warm-up request, which fills the caches (site root paths, sessions).
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.leads import services
from intranet.leads.models import Lead, Suggestion
from tests.community.helpers import login
from tests.leads.builders import age, make_lead, sales_community, seller

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
STATUSES = ("new", "accepted", "won", "declined", "contacted", "lost")
DIVISIONS = ("Facility", "Secure", "Technical")
LOCATIONS = ("Gothenburg", "Malmö", "Lyon")
CEILING = 40


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries.captured_queries]


def _same(few, many, ceiling=CEILING):
    """Equal counts, below the ceiling; on failure, show where the queries differ."""
    (few_count, few_sql), (many_count, many_sql) = few, many
    extra = [sql for sql in many_sql if sql not in few_sql][:5]
    assert few_count == many_count, (
        f"{few_count} queries with 2 leads, {many_count} with 12: {extra}"
    )
    assert many_count < ceiling


def _person(community=None, role="member"):
    number = next(_numbers)
    return seller(
        f"seller{number}",
        DIVISIONS[number % 3],
        LOCATIONS[number % 3],
        community,
        role=role,
    )


def _leads(giver, how_many, receiver=None, community=None):
    """`how_many` leads from `giver` in turn new, accepted, won, declined, contacted, lost,
    each to another colleague (or to `receiver`) and for the receiver's division."""
    made = []
    for index in range(how_many):
        to = receiver or _person(community)
        lead = make_lead(giver, to, status="new", division=to.division.name)
        status = STATUSES[index % len(STATUSES)]
        if status != "new":
            age(lead, 1 + index)
        if status == "declined":
            services.decline(lead, to.user, "Not ours.")
        elif status != "new":
            services.accept(lead, to.user)
            if status == "contacted":
                services.contacted(lead, to.user)
            elif status in ("won", "lost"):
                services.close(lead, to.user, status)
        made.append(lead)
    return made


@pytest.fixture
def community(db):
    return sales_community()


def test_the_list_of_leads_given(client, community):
    giver = _person(community)
    _leads(giver, 2)
    login(client, giver)
    few = _queries(client, "/leads/?show=given")
    _leads(giver, 10)
    many = _queries(client, "/leads/?show=given")
    _same(few, many)


def test_the_list_of_leads_received(client, community):
    receiver = _person(community)
    for _ in range(2):
        _leads(_person(community), 1, receiver)
    login(client, receiver)
    few = _queries(client, "/leads/?show=received")
    for _ in range(10):
        _leads(_person(community), 1, receiver)
    many = _queries(client, "/leads/?show=received")
    _same(few, many)


def test_the_list_of_all_leads_for_an_editor(client, community):
    editor = _person(community, role="editor")
    for _ in range(2):
        _leads(_person(community), 1)
    login(client, editor)
    few = _queries(client, "/leads/?show=all")
    for _ in range(10):
        _leads(_person(community), 1)
    many = _queries(client, "/leads/?show=all")
    assert client.get("/leads/?show=all").context["leads_page"].paginator.count == 12
    _same(few, many)


def _bounce(lead, how_many, community):
    """Pass the lead to `how_many` more people who each decline it, and suggest as many
    more: a long timeline, many hands and many suggestions still on offer."""
    giver = lead.giver
    for _ in range(how_many):
        to = _person(community)
        services.route(lead, to.user, giver)
        lead.refresh_from_db()
        services.decline(lead, to.user, "Not for us.")
        lead.refresh_from_db()
    rank = lead.suggestions.count()
    for _ in range(how_many):
        rank += 1
        suggested = _person(community)
        Suggestion.objects.create(
            lead=lead,
            user=suggested.user,
            rank=rank,
            score=10,
            reasons=[{"code": "division", "name": "Secure"}, {"code": "partner", "n": 2}],
        )
    return lead


def test_a_lead_with_a_long_timeline_and_many_suggestions(client, community):
    giver = _person(community)
    lead = make_lead(giver, status="unrouted", division="Secure")
    _bounce(lead, 2, community)
    login(client, giver)
    url = f"/leads/{lead.pk}/"
    few = _queries(client, url)
    _bounce(lead, 10, community)
    many = _queries(client, url)
    response = client.get(url)
    assert len(response.context["suggestions"]) >= 12
    assert lead.events.count() >= 1 + 2 * 12
    _same(few, many)


def test_a_taken_lead_seen_by_its_receiver(client, community):
    giver = _person(community)
    lead = make_lead(giver, status="unrouted", division="Secure")
    _bounce(lead, 2, community)
    taker = _person(community)
    services.route(lead, taker.user, giver.user)
    services.accept(Lead.objects.get(pk=lead.pk), taker.user)
    login(client, taker)
    url = f"/leads/{lead.pk}/"
    few = _queries(client, url)
    grown = make_lead(giver, status="unrouted", division="Secure")
    _bounce(grown, 12, community)
    services.route(grown, taker.user, giver.user)
    services.accept(Lead.objects.get(pk=grown.pk), taker.user)
    many = _queries(client, f"/leads/{grown.pk}/")
    _same(few, many)


def test_the_ledger_page_with_the_matrix(client, community):
    reader = _person(community)
    _leads(reader, 1)
    _leads(_person(community), 1, reader)
    login(client, reader)
    few = _queries(client, "/leads/ledger/")
    _leads(reader, 5)
    for _ in range(5):
        _leads(_person(community), 1, reader)
    many = _queries(client, "/leads/ledger/")
    assert client.get("/leads/ledger/").context["mine"].given == 6
    _same(few, many)


def test_a_profile_with_a_ledger(client, community):
    person = _person(community)
    viewer = _person(community)
    _leads(person, 1)
    _leads(_person(community), 1, person)
    login(client, viewer)
    url = f"/people/{person.user.username}/"
    few = _queries(client, url)
    _leads(person, 5)
    for _ in range(5):
        _leads(_person(community), 1, person)
    many = _queries(client, url)
    assert client.get(url).context["ledger"].received == 6
    _same(few, many)


def test_the_home_page_with_the_nudge(client, community):
    me = _person(community)
    for _ in range(2):
        _leads(_person(community), 1, me)
    login(client, me)
    few = _queries(client, "/")
    for _ in range(10):
        _leads(_person(community), 1, me)
    many = _queries(client, "/")
    assert client.get("/").context["owed"]
    _same(few, many)


def test_the_sales_community_page_with_the_matrix(client, community, settings):
    """The community home costs some 36 queries of its own; the matrix adds a handful."""
    reader = _person(community)
    for _ in range(2):
        _leads(_person(community), 1)
    login(client, reader)
    few = _queries(client, "/communities/sales/")
    for _ in range(10):
        _leads(_person(community), 1)
    many = _queries(client, "/communities/sales/")
    assert client.get("/communities/sales/").context["lead_rows"]
    _same(few, many, ceiling=CEILING + 5)

    settings.LEADS_COMMUNITY = "somewhere-else"  # the same page without the matrix
    response = client.get("/communities/sales/")
    assert "lead_rows" not in response.context
    without, _ = _queries(client, "/communities/sales/")
    assert many[0] - without <= 4
