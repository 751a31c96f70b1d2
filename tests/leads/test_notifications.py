"""Who hears about a lead's moves: in the app (Notification rows) and by email after commit.

The giver hears of every move but their own; the receiver hears when a lead is passed or
forwarded to them and when they are thanked. A mail server that fails never breaks a request.
"""

import smtplib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from intranet.leads import services
from intranet.leads.models import Lead, Status
from intranet.notifications.models import Notification, Verb
from tests.community.helpers import built_once, fresh
from tests.leads.builders import age, lead_data, make_lead, sales_community, seller

pytestmark = pytest.mark.django_db

SUBJECT = "Nordhamn AB · Secure"  # the lead builder's customer and division


def _people():
    sales = sales_community()
    return SimpleNamespace(
        giver=seller("giver", "Facility", "Gothenburg", sales),
        receiver=seller("receiver", "Secure", "Gothenburg", sales),
        other=seller("other", "Secure", "Oslo", sales),
        editor=seller("editor", "Technical", "Lyon", sales, role="editor"),
    )


people = built_once(_people)


@pytest.fixture
def p(people):
    return fresh(people)


def notes(user=None):
    found = Notification.objects.all()
    if user is not None:
        found = found.filter(recipient=user)
    return [(n.recipient.username, n.verb, n.actor.username if n.actor else None) for n in found]


def post(client, person, lead, name, data=None):
    client.force_login(person.user)
    return client.post(reverse(f"leads:{name}", args=[lead.pk]), data or {})


def fresh_start(lead):
    """Forget the notifications the lead's building made."""
    Notification.objects.all().delete()
    return Lead.objects.get(pk=lead.pk)


# (move, starting status, data, verb the giver gets)
RECEIVER_MOVES = [
    ("accept", "new", {}, Verb.LEAD_ACCEPTED, ""),
    ("decline", "new", {"decline-reason": "Not our area."}, Verb.LEAD_DECLINED, "Not our area."),
    ("contacted", "accepted", {"contacted-note": "Called."}, Verb.LEAD_CONTACTED, "Called."),
    ("won", "contacted", {"won-value": "5000", "won-note": "Signed!"}, Verb.LEAD_WON, "Signed!"),
    ("lost", "accepted", {"lost-note": "Too pricey."}, Verb.LEAD_LOST, "Too pricey."),
]


@pytest.mark.parametrize(("name", "status", "data", "verb", "detail"), RECEIVER_MOVES)
def test_the_giver_hears_of_each_move_in_the_app_and_by_email(
    p, client, mailoutbox, django_capture_on_commit_callbacks, name, status, data, verb, detail
):
    lead = fresh_start(make_lead(p.giver, p.receiver, status=status))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, p.receiver, lead, name, data)

    assert response.status_code == 302
    assert notes() == [("giver", verb, "receiver")]
    notification = Notification.objects.get()
    assert (notification.subject, notification.detail, notification.url) == (
        SUBJECT,
        detail,
        lead.get_absolute_url(),
    )
    [mail] = mailoutbox
    assert mail.to == [p.giver.user.email]
    label = Verb(verb).label
    assert mail.subject == f"Receiver Tester {label} “{SUBJECT}”"
    assert f"http://127.0.0.1:8000{lead.get_absolute_url()}" in mail.body
    assert detail in mail.body


def test_email_goes_out_only_after_commit(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    lead = fresh_start(make_lead(p.giver, p.receiver))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert post(client, p.receiver, lead, "accept").status_code == 302
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=p.giver.user).exists()

    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[p.giver.user.email]]


def test_forward_tells_the_giver_and_the_new_receiver(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    lead = fresh_start(make_lead(p.giver, p.receiver))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, p.receiver, lead, "forward", {"forward-to": "other", "forward-note": "Yours."}
        )

    assert response.status_code == 302
    assert sorted(notes()) == [
        ("giver", Verb.LEAD_FORWARDED, "receiver"),
        ("other", Verb.LEAD_ROUTED, "receiver"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [p.giver.user.email, p.other.user.email]


def test_routing_by_the_giver_tells_only_the_receiver(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    lead = fresh_start(make_lead(p.giver, status="unrouted"))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, p.giver, lead, "route", {"someone_else": "receiver"})

    assert response.status_code == 302
    assert notes() == [("receiver", Verb.LEAD_ROUTED, "giver")]
    [mail] = mailoutbox
    assert mail.to == [p.receiver.user.email]
    assert mail.subject == f"Giver Tester {Verb.LEAD_ROUTED.label} “{SUBJECT}”"


def test_routing_by_a_lead_editor_tells_the_giver_too(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    lead = fresh_start(make_lead(p.giver, status="unrouted"))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, p.editor, lead, "route", {"someone_else": "receiver"})

    assert response.status_code == 302
    assert sorted(notes()) == [
        ("giver", Verb.LEAD_PASSED, "editor"),
        ("receiver", Verb.LEAD_ROUTED, "editor"),
    ]
    assert len(mailoutbox) == 2


def test_routing_again_after_a_decline_tells_the_new_receiver(p, client):
    lead = fresh_start(make_lead(p.giver, p.receiver, status="declined"))
    assert post(client, p.giver, lead, "route", {"someone_else": "other"}).status_code == 302
    assert notes() == [("other", Verb.LEAD_ROUTED, "giver")]


@pytest.mark.parametrize(
    ("status", "told"),
    [("new", [("receiver", Verb.LEAD_WITHDRAWN, "giver")]), ("declined", []), ("unrouted", [])],
)
def test_withdrawing_tells_whoever_holds_it_but_not_the_giver(
    p, client, mailoutbox, django_capture_on_commit_callbacks, status, told
):
    lead = fresh_start(make_lead(p.giver, p.receiver, status=status))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, p.giver, lead, "withdraw", {"withdraw-note": "Postponed."})

    assert response.status_code == 302
    assert notes() == told
    assert [m.to for m in mailoutbox] == [[p.receiver.user.email]] * len(told)


def test_thanks_reach_the_receiver(p, client, mailoutbox, django_capture_on_commit_callbacks):
    lead = fresh_start(make_lead(p.giver, p.receiver, status="won"))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, p.giver, lead, "thank", {"thank-message": "You made my year."})

    assert response.status_code == 302
    assert notes() == [("receiver", Verb.LEAD_THANKED, "giver")]
    assert Notification.objects.get().detail == "You made my year."
    [mail] = mailoutbox
    assert mail.to == [p.receiver.user.email]
    assert "You made my year." in mail.body
    client.force_login(p.receiver.user)
    assert "You made my year." in client.get(lead.get_absolute_url()).content.decode()


def test_thanks_reach_whoever_accepted_after_a_forward(p):
    lead = make_lead(p.giver, p.receiver)
    services.forward(lead, p.other.user, p.receiver.user)
    services.accept(Lead.objects.get(pk=lead.pk), p.other.user)
    lead = fresh_start(lead)

    services.thank(lead, p.giver.user, "Thanks!")

    assert notes() == [("other", Verb.LEAD_THANKED, "giver")]


def test_a_lead_editor_forwarding_tells_the_giver_and_the_new_receiver(p):
    lead = fresh_start(make_lead(p.giver, p.receiver))
    services.forward(lead, p.other.user, p.editor.user)
    assert sorted(notes()) == [
        ("giver", Verb.LEAD_FORWARDED, "editor"),
        ("other", Verb.LEAD_ROUTED, "editor"),
    ]


def test_escalation_emails_the_giver_and_both_receivers(
    p, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LEADS_ESCALATE_AFTER_HOURS = {"high": 8, "normal": 48, "low": 120}
    lead = services.record(p.giver.user, lead_data(urgency="normal"))
    services.route(lead, p.receiver.user, p.giver.user)
    age(lead, 49)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_due() == 1

    assert sorted(notes()) == [
        ("giver", Verb.LEAD_ESCALATED, None),
        ("other", Verb.LEAD_ROUTED, "giver"),
        ("receiver", Verb.LEAD_ESCALATED, None),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [p.giver.user.email, p.other.user.email, p.receiver.user.email]
    )


def test_a_stalled_lead_emails_the_giver_once(
    p, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LEADS_ESCALATE_AFTER_HOURS = {"high": 8, "normal": 48, "low": 120}
    lead = make_lead(p.giver, p.other)
    lead.suggestions.all().delete()
    age(lead, 49)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_due()
        services.escalate_due()

    assert notes() == [("giver", Verb.LEAD_STALLED, None)]
    [mail] = mailoutbox
    assert mail.to == [p.giver.user.email]
    assert str(Verb.LEAD_STALLED.label) in mail.subject


@pytest.mark.parametrize(
    "error", [smtplib.SMTPException("421 try later"), OSError("Connection refused")]
)
def test_a_failing_mail_server_does_not_break_the_request(
    p, client, mailoutbox, django_capture_on_commit_callbacks, caplog, error
):
    lead = fresh_start(make_lead(p.giver, p.receiver))
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=error) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post(client, p.receiver, lead, "accept")

    assert send.called
    assert response.status_code == 302
    assert response["Location"] == lead.get_absolute_url()
    assert Lead.objects.get(pk=lead.pk).status == Status.ACCEPTED
    assert notes() == [("giver", Verb.LEAD_ACCEPTED, "receiver")]
    assert mailoutbox == []
    assert "Could not email notification" in caplog.text


def test_a_failing_mail_server_does_not_stop_the_other_emails(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Forwarding emails two people; the first failure does not cost the second its email."""
    lead = fresh_start(make_lead(p.giver, p.receiver))
    original = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages[0].to)
        if len(calls) == 1:
            raise OSError("Connection reset")
        return original(self, messages)

    with (
        mock.patch.object(EmailBackend, "send_messages", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post(
            client, p.receiver, lead, "forward", {"forward-to": "other", "forward-note": ""}
        )

    assert response.status_code == 302
    assert len(calls) == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == calls[1]
    assert len(notes()) == 2


def test_no_email_for_people_without_an_address(
    p, client, mailoutbox, django_capture_on_commit_callbacks
):
    lead = fresh_start(make_lead(p.giver, p.receiver))
    type(p.giver.user).objects.filter(pk=p.giver.user.pk).update(email="")

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, p.receiver, lead, "accept").status_code == 302

    assert notes() == [("giver", Verb.LEAD_ACCEPTED, "receiver")]
    assert mailoutbox == []
