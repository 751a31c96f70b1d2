"""Escalation: a lead nobody answered in time moves on to the next suggestion not yet tried.

The hours come from settings.LEADS_ESCALATE_AFTER_HOURS by urgency. With nobody left to try,
the lead stays where it is, stalled_at is set and the giver hears about it once.
"""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from intranet.leads import services
from intranet.leads.models import Event, How, Lead, Status
from intranet.notifications.models import Notification, Verb
from tests.community.helpers import built_once, fresh
from tests.leads.builders import age, lead_data, sales_community, seller

pytestmark = pytest.mark.django_db

HOURS = {"high": 8, "normal": 48, "low": 120}


def _people():
    sales = sales_community()
    return SimpleNamespace(
        giver=seller("giver", "Facility", "Gothenburg", sales),
        # The suggestions for a Secure lead in Gothenburg, best first.
        first=seller("first", "Secure", "Gothenburg", sales),
        second=seller("second", "Secure", "Gothenburg", sales),
        third=seller("third", "Secure", "Oslo", sales),
        outsider=seller("outsider", "Technical", "Lyon"),
    )


people = built_once(_people)


@pytest.fixture
def p(people, settings):
    settings.LEADS_ESCALATE_AFTER_HOURS = dict(HOURS)
    return fresh(people)


def routed(p, to=None, urgency="normal", hours=0):
    """A lead from the giver, passed to `to` (the first suggestion by default) `hours` ago."""
    lead = services.record(p.giver.user, lead_data(urgency=urgency))
    services.route(lead, (to or p.first).user, p.giver.user)
    return age(lead, hours) if hours else Lead.objects.get(pk=lead.pk)


def reload(lead):
    return Lead.objects.get(pk=lead.pk)


def told(user, verb):
    return Notification.objects.filter(recipient=user, verb=verb).count()


def test_the_suggestions_are_in_the_expected_order(p):
    lead = services.record(p.giver.user, lead_data())
    assert [s.user for s in lead.suggestions.all()] == [p.first.user, p.second.user, p.third.user]


def test_an_unanswered_lead_moves_to_the_next_suggestion(p):
    lead = routed(p, hours=49)
    Notification.objects.all().delete()

    assert services.escalate_due() == 1

    lead = reload(lead)
    assert (lead.status, lead.receiver) == (Status.NEW, p.second.user)
    assert lead.stalled_at is None
    first, second = lead.handoffs.all()
    assert (first.receiver, first.how, first.ended_at) == (p.first.user, How.PICKED, lead.routed_at)
    assert (second.receiver, second.how, second.by, second.ended_at) == (
        p.second.user,
        How.ESCALATED,
        None,
        None,
    )
    assert second.routed_at == lead.routed_at
    event = lead.events.last()
    assert (event.kind, event.actor, event.target) == (Event.ESCALATED, None, p.second.user)
    assert told(p.second.user, Verb.LEAD_ROUTED) == 1
    assert told(p.first.user, Verb.LEAD_ESCALATED) == 1
    assert told(p.giver.user, Verb.LEAD_ESCALATED) == 1
    assert Notification.objects.count() == 3
    assert list(services.waiting(p.second.user)) == [lead]
    assert list(services.waiting(p.first.user)) == []


def test_the_previous_receiver_keeps_read_access_but_cannot_accept(p, client):
    lead = routed(p, hours=49)
    services.escalate_due()
    client.force_login(p.first.user)
    assert client.get(lead.get_absolute_url()).status_code == 200
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 403
    client.force_login(p.second.user)
    assert client.post(reverse("leads:accept", args=[lead.pk])).status_code == 302
    assert reload(lead).accepted_by == p.second.user


def test_a_lead_not_yet_due_stays(p):
    lead = routed(p, hours=47)
    assert services.escalate_due() == 0
    assert reload(lead).receiver == p.first.user
    assert not services.escalate(reload(lead))
    assert reload(lead).handoffs.count() == 1


@pytest.mark.parametrize(
    ("hours", "moved"),
    [
        (7, set()),
        (9, {"high"}),
        (47, {"high"}),
        (49, {"high", "normal"}),
        (119, {"high", "normal"}),
        (121, {"high", "normal", "low"}),
    ],
)
def test_high_urgency_escalates_sooner_than_low(p, hours, moved):
    leads = {u: routed(p, urgency=u, hours=hours) for u in ("high", "normal", "low")}

    assert services.escalate_due() == len(moved)

    assert {u for u, lead in leads.items() if reload(lead).receiver == p.second.user} == moved


def test_the_hours_come_from_the_setting(p, settings):
    settings.LEADS_ESCALATE_AFTER_HOURS = {"high": 1, "normal": 2, "low": 3}
    lead = routed(p, hours=2.1)
    assert services.escalate_due() == 1
    assert reload(lead).receiver == p.second.user


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn"])
def test_only_leads_waiting_for_an_answer_escalate(p, status):
    lead = routed(p, hours=1000)
    if status == "accepted":
        services.accept(lead, p.first.user)
    elif status == "declined":
        services.decline(lead, p.first.user, "No time.")
    else:
        services.withdraw(lead, p.giver.user)
    lead = age(reload(lead), 1000)
    before = (lead.status, lead.receiver_id, lead.handoffs.count(), lead.events.count())

    assert services.escalate_due() == 0
    assert not services.escalate(reload(lead))

    lead = reload(lead)
    assert (lead.status, lead.receiver_id, lead.handoffs.count(), lead.events.count()) == before
    assert lead.stalled_at is None


def test_an_accepted_lead_never_escalates_even_much_later(p):
    lead = routed(p, hours=10)
    services.accept(lead, p.first.user)
    services.contacted(reload(lead), p.first.user)
    age(lead, 10_000)
    assert services.escalate_due() == 0
    assert reload(lead).status == Status.CONTACTED


def test_a_lead_unrouted_for_ages_does_not_escalate(p):
    lead = services.record(p.giver.user, lead_data())
    Lead.objects.filter(pk=lead.pk).update(created_at=lead.created_at.replace(year=2020))
    assert services.escalate_due() == 0
    assert reload(lead).status == Status.UNROUTED


def test_people_who_already_had_the_lead_are_skipped(p):
    lead = routed(p)
    services.forward(lead, p.second.user, p.first.user)  # second had it: next is third
    lead = age(reload(lead), 49)

    assert services.escalate_due() == 1
    assert reload(lead).receiver == p.third.user


def test_inactive_suggestions_are_skipped(p):
    lead = routed(p, hours=49)
    p.second.user.is_active = False
    p.second.user.save()

    assert services.escalate_due() == 1
    assert reload(lead).receiver == p.third.user


def test_a_lead_routed_outside_the_suggestions_escalates_to_the_best_one(p):
    lead = routed(p, to=p.outsider, hours=49)
    assert services.escalate_due() == 1
    assert reload(lead).receiver == p.first.user


def test_the_clock_restarts_for_the_new_receiver(p):
    lead = routed(p, hours=49)
    assert services.escalate_due() == 1
    assert services.escalate_due() == 0  # second just got it
    lead = age(reload(lead), 49)
    assert services.escalate_due() == 1
    assert reload(lead).receiver == p.third.user
    assert [h.how for h in reload(lead).handoffs.all()] == [
        How.PICKED,
        How.ESCALATED,
        How.ESCALATED,
    ]


def test_accept_time_counts_from_the_escalation(p):
    lead = routed(p, hours=100)
    services.escalate_due()
    lead = age(reload(lead), 3)
    services.accept(lead, p.second.user)
    assert 3 * 3600 <= reload(lead).accept_seconds <= 3 * 3600 + 60


def test_with_nobody_left_the_lead_stalls_and_the_giver_hears_once(p):
    lead = routed(p, hours=49)
    services.escalate_due()
    age(lead, 49)
    services.escalate_due()
    lead = age(reload(lead), 49)  # third had it 49 hours: nobody is left
    assert lead.receiver == p.third.user
    Notification.objects.all().delete()
    events = lead.events.count()

    assert services.escalate_due() == 0

    lead = reload(lead)
    assert (lead.status, lead.receiver) == (Status.NEW, p.third.user)
    assert lead.stalled_at is not None
    assert lead.handoffs.count() == 3
    assert lead.events.count() == events + 1
    event = lead.events.last()
    assert (event.kind, event.actor, event.target) == (Event.STALLED, None, None)
    assert told(p.giver.user, Verb.LEAD_STALLED) == 1
    assert Notification.objects.count() == 1

    stalled_at = lead.stalled_at
    assert services.escalate_due() == 0
    assert not services.escalate(reload(lead))
    assert reload(lead).stalled_at == stalled_at
    assert reload(lead).events.count() == events + 1
    assert Notification.objects.count() == 1


def test_a_stalled_lead_can_still_be_accepted(p):
    lead = routed(p, hours=49)
    lead.suggestions.all().delete()
    services.escalate_due()
    assert reload(lead).stalled_at is not None
    services.accept(reload(lead), p.first.user)
    assert reload(lead).status == Status.ACCEPTED


def test_the_giver_can_choose_someone_else_for_a_stalled_lead(p, client):
    lead = routed(p, hours=49)
    lead.suggestions.all().delete()
    services.escalate_due()
    assert reload(lead).stalled_at is not None
    client.force_login(p.giver.user)

    page = client.get(lead.get_absolute_url()).content.decode()
    response = client.post(
        reverse("leads:route", args=[lead.pk]), {"someone_else": p.outsider.user.username}
    )

    assert response.status_code == 302
    assert reverse("leads:route", args=[lead.pk]) in page
    lead = reload(lead)
    assert (lead.receiver, lead.stalled_at) == (p.outsider.user, None)


def test_a_lead_answered_meanwhile_does_not_move(p):
    lead = routed(p, hours=49)
    stale = reload(lead)
    services.accept(reload(lead), p.first.user)

    assert not services.escalate(stale)
    lead = reload(lead)
    assert (lead.status, lead.receiver) == (Status.ACCEPTED, p.first.user)
    assert lead.handoffs.count() == 1


def test_escalate_checks_the_time_itself(p):
    lead = routed(p, hours=1)
    assert not services.escalate(lead)
    assert reload(lead).receiver == p.first.user


def test_the_command_prints_how_many_moved(p):
    for hours in (49, 60, 1):
        routed(p, hours=hours)
    out = StringIO()

    call_command("escalate_leads", stdout=out)

    assert out.getvalue().strip() == "Escalated 2 unanswered leads."
    assert Lead.objects.filter(receiver=p.second.user).count() == 2
    out = StringIO()
    call_command("escalate_leads", stdout=out)
    assert out.getvalue().strip() == "Escalated 0 unanswered leads."
