"""The lead's life: every move MOVES allows works and sets its fields, every other one is refused.

Services raise IllegalMove when the lead's state does not allow a move; the views answer 409
and leave the lead as it was. Forwarding, declining and routing again leave a Handoff trail,
and the timeline (LeadEvent) records each move with its actor and note.
"""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from intranet.leads import services
from intranet.leads.models import Event, How, Lead, LeadEvent, Status
from intranet.notifications.models import Notification
from tests.community.helpers import built_once, fresh
from tests.leads.builders import age, make_lead, sales_community, seller

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in Status]
# The moves a person makes from the lead page (escalate is the system's, and reroute follows
# it when nobody is left to suggest: both in test_escalation).
PERSONAL_MOVES = [name for name in services.MOVES if name not in ("escalate", "reroute")]


def _people():
    return SimpleNamespace(
        giver=seller("giver", "Facility", "Gothenburg"),
        receiver=seller("receiver", "Secure", "Gothenburg"),
        other=seller("other", "Secure", "Stockholm"),
        third=seller("third", "Secure", "Malmo"),
    )


people = built_once(_people)  # people are slow to build (search index): once per module


@pytest.fixture
def p(people):
    return fresh(people)


def reload(lead):
    return Lead.objects.get(pk=lead.pk)


def snapshot(lead):
    """Everything a refused move must leave as it was."""
    lead = reload(lead)
    fields = {f.attname: getattr(lead, f.attname) for f in Lead._meta.concrete_fields}
    return fields, lead.events.count(), lead.handoffs.count(), Notification.objects.count()


def perform(name, lead, p):
    """Make the move as the person who may make it, so only the lead's state can refuse it."""
    holder = lead.receiver or p.receiver.user
    taker = lead.accepted_by or p.receiver.user
    giver = p.giver.user
    if name == "route":
        return services.route(lead, p.third.user, giver)
    if name == "accept":
        return services.accept(lead, holder)
    if name == "decline":
        return services.decline(lead, holder, "Not for us.")
    if name == "forward":
        return services.forward(lead, p.third.user, holder, "Over to you.")
    if name == "contacted":
        return services.contacted(lead, taker, "Called them.")
    if name in ("won", "lost"):
        return services.close(lead, taker, name, value=Decimal(1200), note="Signed.")
    if name == "withdraw":
        return services.withdraw(lead, giver, "They changed their mind.")
    raise AssertionError(name)


# The table of moves


def test_moves_is_the_documented_lifecycle():
    table = {name: (sorted(m.sources), m.target) for name, m in services.MOVES.items()}
    assert table == {
        "route": (["declined", "unrouted"], "new"),
        "reroute": (["new"], "new"),
        "accept": (["new"], "accepted"),
        "decline": (["new"], "declined"),
        "forward": (["new"], "new"),
        "escalate": (["new"], "new"),
        "contacted": (["accepted"], "contacted"),
        "won": (["accepted", "contacted"], "won"),
        "lost": (["accepted", "contacted"], "lost"),
        "withdraw": (["declined", "new", "unrouted"], "withdrawn"),
    }


LEGAL = [(n, s) for n in PERSONAL_MOVES for s in services.MOVES[n].sources]
ILLEGAL = [(n, s) for n in PERSONAL_MOVES for s in STATUSES if s not in services.MOVES[n].sources]


@pytest.mark.parametrize(("name", "status"), LEGAL)
def test_every_legal_move_works(p, name, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    assert services.allowed(lead, name)

    perform(name, lead, p)

    lead = reload(lead)
    assert lead.status == services.MOVES[name].target
    last = lead.events.last()
    assert last.kind == services.MOVES[name].event
    assert last.status == lead.status


@pytest.mark.parametrize(("name", "status"), ILLEGAL)
def test_every_illegal_move_raises_and_changes_nothing(p, name, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    assert not services.allowed(lead, name)
    before = snapshot(lead)

    with pytest.raises(services.IllegalMove):
        perform(name, lead, p)

    assert snapshot(lead) == before


# Each move's fields


def test_route_hands_the_lead_to_the_receiver(p):
    lead = make_lead(p.giver, status="unrouted")
    services.route(lead, p.receiver.user, p.giver.user)

    lead = reload(lead)
    assert (lead.status, lead.receiver) == (Status.NEW, p.receiver.user)
    assert lead.routed_at is not None and lead.accepted_by is None
    [handoff] = lead.handoffs.all()
    assert (handoff.receiver, handoff.how, handoff.by) == (
        p.receiver.user,
        How.PICKED,
        p.giver.user,
    )
    assert handoff.routed_at == lead.routed_at and handoff.ended_at is None
    event = lead.events.last()
    assert (event.kind, event.actor, event.target) == (Event.ROUTED, p.giver.user, p.receiver.user)
    assert list(services.waiting(p.receiver.user)) == [lead]


@pytest.mark.parametrize("bad", ["giver", "inactive"])
def test_route_refuses_the_giver_and_inactive_people(p, bad):
    lead = make_lead(p.giver, status="unrouted")
    person = p.giver.user if bad == "giver" else p.other.user
    if bad == "inactive":
        person.is_active = False
        person.save()
    with pytest.raises(services.IllegalMove):
        services.route(lead, person, p.giver.user)
    assert reload(lead).status == Status.UNROUTED


def test_accept_sets_who_when_and_how_long_it_waited(p):
    lead = age(make_lead(p.giver, p.receiver), hours=5)
    before = timezone.now()

    services.accept(lead, p.receiver.user)

    lead = reload(lead)
    assert lead.status == Status.ACCEPTED
    assert lead.accepted_by == p.receiver.user
    assert before <= lead.accepted_at <= timezone.now()
    assert 5 * 3600 <= lead.accept_seconds <= 5 * 3600 + 60


def test_accept_seconds_count_from_when_it_reached_the_accepter(p):
    lead = age(make_lead(p.giver, p.receiver), hours=30)
    services.forward(lead, p.other.user, p.receiver.user)
    lead = age(lead, hours=2)

    services.accept(lead, p.other.user)

    lead = reload(lead)
    assert lead.accepted_by == p.other.user
    assert 2 * 3600 <= lead.accept_seconds <= 2 * 3600 + 60


def test_decline_keeps_the_reason(p):
    lead = make_lead(p.giver, p.receiver)
    services.decline(lead, p.receiver.user, "We do not guard warehouses.")

    lead = reload(lead)
    assert (lead.status, lead.reason) == (Status.DECLINED, "We do not guard warehouses.")
    assert lead.accepted_by is None
    event = lead.events.last()
    assert (event.kind, event.actor, event.note) == (
        Event.DECLINED,
        p.receiver.user,
        "We do not guard warehouses.",
    )


def test_contacted_sets_when(p):
    lead = make_lead(p.giver, p.receiver, status="accepted")
    services.contacted(lead, p.receiver.user, "Met the facilities manager.")

    lead = reload(lead)
    assert lead.status == Status.CONTACTED
    assert lead.contacted_at is not None and lead.contacted_at >= lead.accepted_at
    assert lead.events.last().note == "Met the facilities manager."


def test_won_with_a_value_in_the_configured_currency(p, settings):
    settings.LEADS_CURRENCY = "SEK"
    lead = make_lead(p.giver, p.receiver, status="contacted")

    services.close(lead, p.receiver.user, "won", value=Decimal(250000), note="Three-year deal.")

    lead = reload(lead)
    assert lead.status == Status.WON
    assert (lead.value, lead.currency, lead.reason) == (250000, "SEK", "Three-year deal.")
    assert lead.closed_at is not None


def test_lost_without_a_value_has_no_currency(p):
    lead = make_lead(p.giver, p.receiver, status="accepted")

    services.close(lead, p.receiver.user, "lost", note="Went with a competitor.")

    lead = reload(lead)
    assert lead.status == Status.LOST
    assert (lead.value, lead.currency, lead.reason) == (None, "", "Went with a competitor.")
    assert lead.closed_at is not None


@pytest.mark.parametrize("status", ["unrouted", "new", "declined"])
def test_withdraw(p, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    services.withdraw(lead, p.giver.user, "Customer postponed.")

    lead = reload(lead)
    assert (lead.status, lead.reason) == (Status.WITHDRAWN, "Customer postponed.")
    assert lead.closed_at is not None


def test_only_the_giver_withdraws(p):
    lead = make_lead(p.giver, p.receiver)
    with pytest.raises(services.IllegalMove):
        services.withdraw(lead, p.receiver.user)
    assert reload(lead).status == Status.NEW


@pytest.mark.parametrize("status", ["accepted", "contacted", "won", "lost"])
def test_the_giver_thanks_once(p, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    services.thank(lead, p.giver.user, "Great work!")

    lead = reload(lead)
    assert lead.status == status
    assert (lead.thanks, lead.thanked_at is not None) == ("Great work!", True)
    event = lead.events.last()
    assert (event.kind, event.actor, event.note) == (Event.THANKED, p.giver.user, "Great work!")
    with pytest.raises(services.IllegalMove):
        services.thank(lead, p.giver.user, "Again!")


@pytest.mark.parametrize("status", ["unrouted", "new", "declined", "withdrawn"])
def test_nothing_to_thank_for_before_someone_took_it(p, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    with pytest.raises(services.IllegalMove):
        services.thank(lead, p.giver.user, "Thanks!")
    assert reload(lead).thanked_at is None


# Forward, decline and route again


def test_forward_hands_it_on_and_leaves_a_trail(p, client):
    lead = make_lead(p.giver, p.receiver)
    client.force_login(p.receiver.user)

    response = client.post(
        reverse("leads:forward", args=[lead.pk]),
        {"forward-to": p.other.user.username, "forward-note": "Stockholm covers this."},
    )

    assert response.status_code == 302
    lead = reload(lead)
    assert (lead.status, lead.receiver) == (Status.NEW, p.other.user)
    first, second = lead.handoffs.all()
    assert (first.receiver, first.how, first.ended_at) == (
        p.receiver.user,
        How.PICKED,
        second.routed_at,
    )
    assert (second.receiver, second.how, second.by, second.ended_at) == (
        p.other.user,
        How.FORWARDED,
        p.receiver.user,
        None,
    )
    event = lead.events.last()
    assert (event.kind, event.actor, event.target, event.note) == (
        Event.FORWARDED,
        p.receiver.user,
        p.other.user,
        "Stockholm covers this.",
    )

    # The earlier receiver still reads it, but may no longer answer it.
    page = client.get(lead.get_absolute_url())
    assert page.status_code == 200
    assert reverse("leads:accept", args=[lead.pk]) not in page.content.decode()
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 403
    with pytest.raises(services.IllegalMove):
        services.accept(lead, p.receiver.user)
    assert reload(lead).status == Status.NEW
    assert list(services.waiting(p.receiver.user)) == []

    client.force_login(p.other.user)
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 302
    assert reload(lead).accepted_by == p.other.user


def test_a_lead_editor_may_forward(p):
    sales = sales_community()
    editor = seller("editor", "Facility", "Lyon", sales, role="editor")
    lead = make_lead(p.giver, p.receiver)

    services.forward(lead, p.other.user, editor.user)

    handoff = reload(lead).handoffs.last()
    assert (handoff.receiver, handoff.by, handoff.how) == (p.other.user, editor.user, How.FORWARDED)


def test_forward_to_the_holder_or_the_giver_is_refused(p):
    lead = make_lead(p.giver, p.receiver)
    for person in (p.receiver.user, p.giver.user):
        with pytest.raises(services.IllegalMove):
            services.forward(lead, person, p.receiver.user)
    assert reload(lead).handoffs.count() == 1


def test_decline_then_route_to_someone_else(p, client):
    lead = make_lead(p.giver, p.receiver, status="declined")
    client.force_login(p.giver.user)

    response = client.post(
        reverse("leads:route", args=[lead.pk]), {"someone_else": p.other.user.email}
    )

    assert response.status_code == 302
    lead = reload(lead)
    assert (lead.status, lead.receiver, lead.reason) == (Status.NEW, p.other.user, "")
    assert [(h.receiver, h.how, h.ended_at is None) for h in lead.handoffs.all()] == [
        (p.receiver.user, How.PICKED, False),
        (p.other.user, How.PICKED, True),
    ]
    client.force_login(p.receiver.user)  # who declined still sees it
    assert client.get(lead.get_absolute_url()).status_code == 200
    client.force_login(p.other.user)
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 302
    assert reload(lead).status == Status.ACCEPTED


# Races: each move is a conditional update


def test_two_accepts_only_the_first_wins(p):
    lead = make_lead(p.giver, p.receiver)
    first, second = reload(lead), reload(lead)

    services.accept(first, p.receiver.user)
    accepted_at = reload(lead).accepted_at
    with pytest.raises(services.IllegalMove):
        services.accept(second, p.receiver.user)

    lead = reload(lead)
    assert lead.accepted_at == accepted_at
    assert lead.events.filter(kind=Event.ACCEPTED).count() == 1


def test_accept_after_a_concurrent_forward_is_refused(p):
    lead = make_lead(p.giver, p.receiver)
    stale = reload(lead)
    services.forward(reload(lead), p.other.user, p.receiver.user)

    with pytest.raises(services.IllegalMove):
        services.accept(stale, p.receiver.user)
    assert reload(lead).status == Status.NEW


def test_withdraw_after_a_concurrent_accept_is_refused(p):
    lead = make_lead(p.giver, p.receiver)
    stale = reload(lead)
    services.accept(reload(lead), p.receiver.user)

    with pytest.raises(services.IllegalMove):
        services.withdraw(stale, p.giver.user)
    assert reload(lead).status == Status.ACCEPTED


# The views: legal moves redirect, illegal ones answer 409 and change nothing


def form(name, p):
    return {
        "route": {"someone_else": p.third.user.username},
        "accept": {},
        "decline": {"decline-reason": "Not for us."},
        "forward": {"forward-to": p.third.user.username, "forward-note": ""},
        "contacted": {"contacted-note": "Called."},
        "won": {"won-value": "1000", "won-note": "Signed."},
        "lost": {"lost-value": "", "lost-note": "Too expensive."},
        "withdraw": {"withdraw-note": "Postponed."},
        "thank": {"thank-message": "Thanks a lot!"},
    }[name]


def actor(name, p):
    return p.giver if name in ("route", "withdraw", "thank") else p.receiver


# Every illegal move whose view the person may use (the others are 403/404: permissions' tests).
VIEW_ILLEGAL = [
    *[("route", s) for s in ("new", "accepted", "contacted", "won", "lost", "withdrawn")],
    *[
        (n, s)
        for n in ("accept", "decline", "forward")
        for s in ("accepted", "contacted", "won", "lost", "declined", "withdrawn")
    ],
    *[("contacted", s) for s in ("contacted", "won", "lost")],
    *[(n, s) for n in ("won", "lost") for s in ("won", "lost")],
    *[("withdraw", s) for s in ("accepted", "contacted", "won", "lost", "withdrawn")],
    *[("thank", s) for s in ("unrouted", "new", "declined", "withdrawn")],
]


@pytest.mark.parametrize(("name", "status"), VIEW_ILLEGAL)
def test_an_illegal_move_answers_409_and_changes_nothing(p, client, name, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    before = snapshot(lead)
    client.force_login(actor(name, p).user)

    response = client.post(reverse(f"leads:{name}", args=[lead.pk]), form(name, p))

    assert response.status_code == 409
    assert "no longer possible" in response.content.decode()
    assert snapshot(lead) == before


def test_thanking_twice_answers_409(p, client):
    lead = make_lead(p.giver, p.receiver, status="won")
    client.force_login(p.giver.user)
    url = reverse("leads:thank", args=[lead.pk])
    assert client.post(url, form("thank", p)).status_code == 302
    before = snapshot(lead)

    assert client.post(url, {"thank-message": "Again"}).status_code == 409
    assert snapshot(lead) == before
    assert reload(lead).thanks == "Thanks a lot!"


@pytest.mark.parametrize(("name", "status"), [(n, s) for n, s in LEGAL if n in PERSONAL_MOVES])
def test_every_legal_move_through_its_view(p, client, name, status):
    lead = make_lead(p.giver, p.receiver, status=status)
    client.force_login(actor(name, p).user)

    response = client.post(reverse(f"leads:{name}", args=[lead.pk]), form(name, p))

    assert response.status_code == 302
    assert response["Location"] == lead.get_absolute_url()
    assert reload(lead).status == services.MOVES[name].target


def test_a_stranger_gets_404_and_changes_nothing(p, client):
    lead = make_lead(p.giver, p.receiver)
    before = snapshot(lead)
    client.force_login(p.other.user)
    assert client.get(lead.get_absolute_url()).status_code == 404
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 404
    assert snapshot(lead) == before


# The timeline


def test_the_timeline_records_every_move_with_actor_and_note(p, client, settings):
    settings.LEADS_CURRENCY = "EUR"
    lead = make_lead(p.giver, status="unrouted")
    giver, receiver = p.giver.user, p.receiver.user
    steps = [
        (giver, "route", {"someone_else": receiver.username}),
        (receiver, "accept", {}),
        (receiver, "contacted", {"contacted-note": "Visited the site."}),
        (receiver, "won", {"won-value": "90000", "won-note": "Two-year contract."}),
        (giver, "thank", {"thank-message": "Brilliant, thank you!"}),
    ]
    for person, name, data in steps:
        client.force_login(person)
        assert client.post(reverse(f"leads:{name}", args=[lead.pk]), data).status_code == 302

    events = list(LeadEvent.objects.filter(lead=lead))
    assert [(e.kind, e.actor, e.target, e.status, e.note) for e in events] == [
        (Event.RECORDED, giver, None, Status.UNROUTED, ""),
        (Event.ROUTED, giver, receiver, Status.NEW, ""),
        (Event.ACCEPTED, receiver, None, Status.ACCEPTED, ""),
        (Event.CONTACTED, receiver, None, Status.CONTACTED, "Visited the site."),
        (Event.WON, receiver, None, Status.WON, "Two-year contract."),
        (Event.THANKED, giver, None, Status.WON, "Brilliant, thank you!"),
    ]
    times = [e.created_at for e in events]
    assert times == sorted(times)

    page = client.get(lead.get_absolute_url()).content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    timeline = timeline[: timeline.index("</ol>")]
    lines = [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in timeline.split("<li>")[1:]]
    expected = [
        "Giver Tester recorded the lead",
        "Giver Tester passed the lead to Receiver Tester",
        "Receiver Tester accepted the lead",
        "Receiver Tester contacted the customer Visited the site.",
        "Receiver Tester won the business Two-year contract.",
        "Giver Tester said thank you Brilliant, thank you!",
    ]
    assert len(lines) == len(expected)
    for line, text in zip(lines, expected, strict=True):
        assert line.endswith(text), line
    assert "90,000 EUR" in page
    lead = reload(lead)
    assert lead.value == 90000 and lead.thanked_at is not None


def test_the_page_offers_only_the_moves_the_state_allows(p, client):
    lead = make_lead(p.giver, p.receiver)
    client.force_login(p.receiver.user)
    page = client.get(lead.get_absolute_url()).content.decode()
    offered = set(re.findall(rf'action="/leads/{lead.pk}/(\w+)/"', page))
    assert offered == {"accept", "decline", "forward"}

    services.accept(lead, p.receiver.user)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert set(re.findall(rf'action="/leads/{lead.pk}/(\w+)/"', page)) == {
        "contacted",
        "won",
        "lost",
    }

    client.force_login(p.giver.user)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert set(re.findall(rf'action="/leads/{lead.pk}/(\w+)/"', page)) == {"thank"}


def test_accept_without_routed_at_does_not_crash(p):
    """A lead routed before routed_at existed (or imported) still accepts."""
    lead = make_lead(p.giver, p.receiver)
    Lead.objects.filter(pk=lead.pk).update(routed_at=None)
    services.accept(reload(lead), p.receiver.user)
    assert reload(lead).accept_seconds is None
