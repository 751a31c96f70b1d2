"""Who Guild suggests for a lead, in which order, and why.

routing.candidates ranks people by the sum of WEIGHTS their reasons earn; services.record
stores the ranking as Suggestion rows; the lead page shows them best first, reasons as
sentences, with the first one pre-selected. Each test builds a small world whose exact
ranking it checks.
"""

import re

import pytest

from intranet.community.models import Membership
from intranet.leads import routing, services
from intranet.leads.models import Suggestion
from intranet.taxonomy.models import Location
from tests.builders import (
    add_member,
    make_community,
    make_division,
    make_person,
    make_post,
    make_term,
)
from tests.leads.builders import lead_data, make_lead, sales_community
from tests.library.builders import make_customer, make_item

pytestmark = pytest.mark.django_db


def place(name, country):
    return make_term(Location, name, country=country)


@pytest.fixture
def world():
    """The sales community, three offices in two countries and a giver from Facility."""
    sales = sales_community()
    place("Gothenburg", "SE")
    place("Stockholm", "SE")
    place("Oslo", "NO")
    giver = seller("giver", "Facility", "Gothenburg", sales)
    return sales, giver


def seller(username, division, location, community=None, **fields):
    person = make_person(
        username,
        division=make_division(division),
        location=Location.objects.get(slug=location.lower()),
        **fields,
    )
    if community is not None:
        add_member(community, person)
    return person


def record(giver, **fields):
    fields.setdefault("division", "Secure")
    fields.setdefault("location", "Gothenburg")
    return services.record(giver.user, lead_data(**fields))


def ranking(lead):
    return [
        (s.user.username, s.score, [r["code"] for r in s.reasons]) for s in lead.suggestions.all()
    ]


def names(found):
    return [c.user.username for c in found]


def took_lead(giver, receiver, customer=None, status="accepted"):
    """An earlier lead from `giver` that `receiver` took."""
    return make_lead(giver, receiver, status=status, customer=customer, division="Technical")


# The division's sellers, by place


def test_local_beats_country_beats_anywhere(world):
    sales, giver = world
    # Created worst first, and named so that the alphabet alone would order them backwards.
    seller("anna", "Secure", "Oslo", sales)
    seller("bert", "Secure", "Stockholm", sales)
    seller("carl", "Secure", "Gothenburg", sales)

    lead = record(giver)

    assert ranking(lead) == [
        ("carl", 50, ["local"]),
        ("bert", 25, ["country"]),
        ("anna", 10, ["division"]),
    ]
    assert [s.rank for s in lead.suggestions.all()] == [1, 2, 3]
    reasons = lead.suggestions.get(user__username="carl").reasons
    assert reasons == [{"code": "local", "n": 0, "name": "Secure"}]


def test_only_active_members_of_the_sales_community_in_the_target_division(world):
    sales, giver = world
    seller("local", "Secure", "Gothenburg", sales)
    seller("notjoined", "Secure", "Gothenburg")  # sells nothing: not in the sales community
    seller("otherdivision", "Technical", "Gothenburg", sales)
    gone = seller("gone", "Secure", "Gothenburg", sales)
    gone.user.is_active = False
    gone.user.save()
    asked = seller("asked", "Secure", "Gothenburg")
    Membership.objects.create(community=sales, user=asked.user, status="requested")

    assert names(routing.candidates(record(giver), giver.user)) == ["local"]


def test_without_a_sales_community_the_whole_division_counts(db):
    place("Gothenburg", "SE")
    giver = seller("giver", "Facility", "Gothenburg")
    seller("local", "Secure", "Gothenburg")

    assert ranking(record(giver)) == [("local", 50, ["local"])]


def test_the_giver_never_suggests_themself(world):
    sales, _ = world
    giver = seller("sellsecure", "Secure", "Gothenburg", sales)
    seller("colleague", "Secure", "Gothenburg", sales)
    customer = make_customer()
    make_post(make_community("Field notes"), giver, customers=[customer])
    make_item(sales, giver, file="docx", customers=[customer])

    lead = record(giver, customer=customer)

    assert ranking(lead) == [("colleague", 50, ["local"])]
    assert not Suggestion.objects.filter(user=giver.user).exists()


# People who know the customer, and people the giver worked with


def test_people_who_know_the_customer_and_partners_in_order(world):
    sales, giver = world
    customer = make_customer()
    other = make_customer("Nordhamn Port")
    someone = seller("someone", "Technical", "Oslo")
    past = seller("past", "Technical", "Oslo")
    writer = seller("writer", "Technical", "Oslo")
    owner = seller("owner", "Technical", "Oslo")
    partnerout = seller("partnerout", "Technical", "Oslo")
    partnerin = seller("partnerin", "Facility", "Oslo")
    seller("nobody", "Technical", "Oslo")

    took_lead(someone, past, customer)  # took a lead for the customer, from someone else
    field = make_community("Field notes")
    make_post(field, writer, customers=[customer])
    make_post(field, someone, title="Other customer", customers=[other])
    make_item(sales, owner, file="docx", customers=[customer])
    took_lead(giver, partnerout, other)  # the giver passed them a lead
    took_lead(partnerin, giver, other)  # they passed the giver a lead

    lead = record(giver, division="Guarding", customer=customer)

    assert ranking(lead) == [
        ("past", 30, ["past_receiver"]),
        ("owner", 20, ["library"]),
        ("writer", 20, ["wrote"]),
        ("partnerin", 15, ["partner"]),
        ("partnerout", 15, ["partner"]),
    ]
    by_user = {s.user.username: s.reasons for s in lead.suggestions.all()}
    assert by_user["writer"] == [{"code": "wrote", "n": 1, "name": customer.name}]
    assert by_user["owner"] == [{"code": "library", "n": 1, "name": customer.name}]
    assert by_user["past"] == [{"code": "past_receiver", "n": 1, "name": customer.name}]
    assert by_user["partnerin"] == [{"code": "partner", "n": 1, "name": ""}]


def test_only_leads_that_were_taken_count(world):
    _sales, giver = world
    customer = make_customer()
    someone = seller("someone", "Technical", "Oslo")
    for status, username in [("new", "holding"), ("declined", "declining")]:
        make_lead(someone, seller(username, "Technical", "Oslo"), status=status, customer=customer)
        make_lead(giver, seller(f"{username}2", "Technical", "Oslo"), status=status)
    for status in ("contacted", "won", "lost"):
        took_lead(someone, seller(status, "Technical", "Oslo"), customer, status=status)

    lead = record(giver, division="Guarding", customer=customer)

    assert ranking(lead) == [
        ("contacted", 30, ["past_receiver"]),
        ("lost", 30, ["past_receiver"]),
        ("won", 30, ["past_receiver"]),
    ]


def test_several_posts_are_one_reason_with_their_count(world):
    _sales, giver = world
    customer = make_customer()
    writer = seller("writer", "Technical", "Oslo")
    field = make_community("Field notes")
    make_post(field, writer, customers=[customer])
    make_post(field, writer, title="Second visit", customers=[customer])

    lead = record(giver, division="Guarding", customer=customer)

    assert ranking(lead) == [("writer", 20, ["wrote"])]
    assert lead.suggestions.get().reasons == [{"code": "wrote", "n": 2, "name": customer.name}]


def test_several_library_items_are_one_reason_with_their_count(world):
    sales, giver = world
    customer = make_customer()
    owner = seller("owner", "Technical", "Oslo")
    make_item(sales, owner, file="docx", customers=[customer])
    make_item(sales, owner, file="docx", customers=[customer])

    lead = record(giver, division="Guarding", customer=customer)

    assert ranking(lead) == [("owner", 20, ["library"])]
    assert lead.suggestions.get().reasons == [{"code": "library", "n": 2, "name": customer.name}]


def test_reasons_accumulate(world):
    sales, giver = world
    customer = make_customer()
    seller("aaron", "Secure", "Gothenburg", sales)
    zed = seller("zed", "Secure", "Gothenburg", sales)
    took_lead(giver, zed, customer)
    took_lead(giver, zed, customer)

    lead = record(giver, customer=customer)

    assert ranking(lead) == [
        ("zed", 50 + 30 + 15, ["local", "past_receiver", "partner"]),
        ("aaron", 50, ["local"]),
    ]
    assert lead.suggestions.first().reasons[1:] == [
        {"code": "past_receiver", "n": 2, "name": customer.name},
        {"code": "partner", "n": 2, "name": ""},
    ]


def test_inactive_people_who_know_the_customer_are_never_suggested(world):
    sales, giver = world
    customer = make_customer()
    someone = seller("someone", "Technical", "Oslo")
    gone = [seller(name, "Technical", "Oslo") for name in ("past", "writer", "owner", "partner")]
    took_lead(someone, gone[0], customer)
    make_post(make_community("Field notes"), gone[1], customers=[customer])
    make_item(sales, gone[2], file="docx", customers=[customer])
    took_lead(giver, gone[3])
    for person in gone:
        person.user.is_active = False
        person.user.save()

    assert ranking(record(giver, division="Guarding", customer=customer)) == []


def test_closed_communities_the_giver_cannot_read_give_no_reason(world):
    _sales, giver = world
    customer = make_customer()
    secret = make_community("Solberga bid", preset="confidential")
    private = make_community("Hospital team", preset="bid_team")
    insiders = {}
    for community in (secret, private):
        for kind in ("writer", "owner"):
            person = seller(f"{community.slug[:4]}{kind}", "Technical", "Oslo", community)
            insiders[person.user.username] = person
        make_post(community, insiders[f"{community.slug[:4]}writer"], customers=[customer])
        make_item(
            community, insiders[f"{community.slug[:4]}owner"], file="docx", customers=[customer]
        )
    reader = seller("openwriter", "Technical", "Oslo")
    make_post(make_community("Field notes"), reader, customers=[customer])

    lead = record(giver, division="Guarding", customer=customer)
    assert ranking(lead) == [("openwriter", 20, ["wrote"])]

    # The same content counts once the giver may read it: the test above proves no leak.
    add_member(private, giver)
    found = routing.candidates(lead, type(giver.user).objects.get(pk=giver.user.pk))
    assert sorted(names(found)) == ["hospowner", "hospwriter", "openwriter"]


def test_unpublished_posts_give_no_reason(world):
    from intranet.community import posts

    _sales, giver = world
    customer = make_customer()
    writer = seller("writer", "Technical", "Oslo")
    post = make_post(make_community("Field notes"), writer, customers=[customer])
    posts.unpublish_post(post, writer.user)

    assert ranking(record(giver, division="Guarding", customer=customer)) == []


def test_at_most_five_suggestions_best_first(world):
    sales, giver = world
    for name in ("f", "g", "e", "d", "c", "b", "a"):
        seller(f"local{name}", "Secure", "Gothenburg", sales)
    seller("country", "Secure", "Stockholm", sales)

    lead = record(giver)

    assert [row[0] for row in ranking(lead)] == ["locala", "localb", "localc", "locald", "locale"]
    assert [s.rank for s in lead.suggestions.all()] == [1, 2, 3, 4, 5]
    assert len(routing.candidates(lead, giver.user)) == routing.LIMIT == 5


def test_stored_suggestions_match_the_candidates(world):
    sales, giver = world
    seller("local", "Secure", "Gothenburg", sales)
    seller("country", "Secure", "Stockholm", sales)
    lead = record(giver)

    found = routing.candidates(lead, giver.user)

    assert [(c.user.pk, c.score, c.reasons) for c in found] == [
        (s.user_id, s.score, s.reasons) for s in lead.suggestions.all()
    ]


# Reasons as sentences


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ({"code": "local", "name": "Secure"}, "Works for Secure at this location"),
        ({"code": "country", "name": "Secure"}, "Works for Secure in the same country"),
        ({"code": "division", "name": "Secure"}, "Works for Secure"),
        ({"code": "past_receiver", "n": 1, "name": "Acme"}, "Took an earlier lead for Acme"),
        ({"code": "past_receiver", "n": 3, "name": "Acme"}, "Took 3 earlier leads for Acme"),
        ({"code": "wrote", "n": 1, "name": "Acme"}, "Wrote a post about Acme"),
        ({"code": "wrote", "n": 2, "name": "Acme"}, "Wrote 2 posts about Acme"),
        ({"code": "library", "n": 1, "name": "Acme"}, "Has a library item for Acme"),
        ({"code": "library", "n": 4, "name": "Acme"}, "Has 4 library items for Acme"),
        ({"code": "partner", "n": 1}, "You have exchanged a lead before"),
        ({"code": "partner", "n": 2}, "You have exchanged 2 leads before"),
        ({"code": "unknown"}, ""),
    ],
)
def test_describe(reason, sentence):
    assert str(routing.describe(reason)) == sentence


def test_the_lead_page_shows_the_suggestions_best_first_with_reasons(world, client):
    sales, giver = world
    customer = make_customer()
    seller("country", "Secure", "Stockholm", sales)
    best = seller("best", "Secure", "Gothenburg", sales)
    writer = seller("writer", "Technical", "Oslo")
    took_lead(giver, best, customer)
    make_post(make_community("Field notes"), writer, customers=[customer])
    lead = record(giver, customer=customer)

    client.force_login(giver.user)
    page = client.get(lead.get_absolute_url()).content.decode()

    radios = re.findall(r'<input type="radio" name="receiver" value="(\d+)"[^>]*>', page)
    order = [s.user_id for s in lead.suggestions.all()]
    assert [int(pk) for pk in radios] == order
    inputs = re.findall(r'<input type="radio" name="receiver"[^>]*>', page)
    assert "checked" in inputs[0]
    assert not any("checked" in tag for tag in inputs[1:])
    sentences = [
        f"Works for Secure at this location · Took an earlier lead for {customer.name}"
        " · You have exchanged a lead before",
        "Works for Secure in the same country",
        f"Wrote a post about {customer.name}",
    ]
    positions = [page.index(sentence) for sentence in sentences]
    assert positions == sorted(positions)
    assert page.index("Best Tester") < page.index("Country Tester") < page.index("Writer Tester")


def test_the_lead_page_offers_only_people_who_have_not_had_the_lead(world, client):
    sales, giver = world
    first = seller("first", "Secure", "Gothenburg", sales)
    second = seller("second", "Secure", "Stockholm", sales)
    lead = record(giver)
    services.route(lead, first.user, giver.user)
    services.decline(lead, first.user, "Too busy.")

    client.force_login(giver.user)
    page = client.get(lead.get_absolute_url()).content.decode()

    radios = re.findall(r'<input type="radio" name="receiver" value="(\d+)"([^>]*)>', page)
    assert [pk for pk, _ in radios] == [str(second.user.pk)]
    assert "checked" in radios[0][1]
