"""The CRM webhook: a signed JSON event for every status change, sent in the background.

A status change only writes a Delivery row (the outbox); `deliver_due` sends what is due,
signs it with LEADS_WEBHOOK_SECRET and retries a failing endpoint with growing pauses
(webhooks.RETRY_MINUTES) before it gives up. The user's request never waits for the CRM.
"""

import datetime
import http.client
import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intranet.leads import services, webhooks
from intranet.leads.models import Delivery, Status
from tests.community.helpers import login
from tests.leads.builders import make_customer, make_lead, seller

pytestmark = pytest.mark.django_db

URL = "https://crm.example/hooks/guild"
SECRET = "shared-secret-for-tests"


@pytest.fixture
def hook(settings):
    settings.LEADS_WEBHOOK_URL = URL
    settings.LEADS_WEBHOOK_SECRET = SECRET
    settings.LEADS_WEBHOOK_TIMEOUT = 2
    return settings


@pytest.fixture
def people(db):
    giver = seller("giver", "Facility", "Gothenburg")
    receiver = seller("receiver", "Secure", "Malmö")
    return giver, receiver


@pytest.fixture
def no_sending(monkeypatch):
    """Fail the test if anything tries to open a connection."""
    calls = []

    def urlopen(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a webhook was sent")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return calls


class Recorder:
    """A fake poster: records what it was asked to send and answers `status` (or raises)."""

    def __init__(self, status=200, error=None):
        self.status, self.error, self.sent = status, error, []

    def __call__(self, url, body, signature, timeout):
        self.sent.append({"url": url, "body": body, "signature": signature, "timeout": timeout})
        if self.error is not None:
            raise self.error
        return self.status


def _events(lead):
    return [
        (row.event, json.loads(row.body)["lead"]["status"])
        for row in Delivery.objects.filter(lead=lead).order_by("created_at")
    ]


def _reload(delivery):
    return Delivery.objects.get(pk=delivery.pk)


# The outbox


def test_every_status_change_queues_a_signed_event(hook, people, no_sending):
    giver, receiver = people
    customer = make_customer("Solberga Sjukhus")
    lead = make_lead(giver, receiver, status="contacted", customer=customer, division="Secure")
    services.close(lead, receiver.user, "won", value=Decimal(12000), note="Two-year contract")
    assert _events(lead) == [
        ("lead.route", "new"),
        ("lead.accept", "accepted"),
        ("lead.contacted", "contacted"),
        ("lead.won", "won"),
    ]
    assert Delivery.objects.filter(state=Delivery.State.PENDING, attempts=0).count() == 4
    assert no_sending == []


def test_the_event_carries_the_lead(hook, people):
    giver, receiver = people
    customer = make_customer("Solberga Sjukhus")
    lead = make_lead(giver, receiver, status="accepted", customer=customer, division="Secure")
    lead = services.close(lead, receiver.user, "won", value=Decimal(12000), note="Two years")
    delivery = Delivery.objects.get(lead=lead, event="lead.won")
    body = json.loads(delivery.body)
    assert body["event"] == "lead.won"
    assert datetime.datetime.fromisoformat(body["occurred_at"]) <= timezone.now()
    data = body["lead"]
    assert data["id"] == lead.pk
    assert data["url"].endswith(f"/leads/{lead.pk}/")
    assert data["status"] == "won"
    assert data["customer"] == "Solberga Sjukhus"
    assert data["customer_slug"] == customer.slug
    assert data["proposed_customer"] is None
    assert data["division"] == "Secure"
    assert data["location"] == "Gothenburg"
    assert data["giver"] == {
        "username": "giver",
        "name": "Giver Tester",
        "email": "giver@norrvik.example",
    }
    assert data["receiver"]["username"] == "receiver"
    assert data["accepted_by"]["username"] == "receiver"
    assert data["value"] == "12000"
    assert data["currency"] == "EUR"
    assert data["reason"] == "Two years"
    assert "Sjukhus" in delivery.body  # plain UTF-8, signed as such


def test_declining_forwarding_and_withdrawing_are_events_too(hook, people):
    giver, receiver = people
    other = seller("other", "Secure", "Gothenburg")
    lead = make_lead(giver, receiver, division="Secure")
    services.forward(lead, other.user, receiver.user, "Closer to the site")
    services.decline(lead, other.user, "No capacity")
    lead.refresh_from_db()
    services.withdraw(lead, giver.user)
    assert _events(lead) == [
        ("lead.route", "new"),
        ("lead.forward", "new"),
        ("lead.decline", "declined"),
        ("lead.withdraw", "withdrawn"),
    ]
    forwarded = json.loads(Delivery.objects.get(lead=lead, event="lead.forward").body)
    assert forwarded["lead"]["receiver"]["username"] == "other"
    assert forwarded["lead"]["proposed_customer"] == "Nordhamn AB"
    assert forwarded["lead"]["customer"] is None


def test_no_event_is_queued_without_a_webhook_url(settings, people):
    settings.LEADS_WEBHOOK_URL = ""
    giver, receiver = people
    make_lead(giver, receiver, status="won")
    assert not Delivery.objects.exists()


def test_a_refused_move_queues_nothing(hook, people):
    giver, receiver = people
    lead = make_lead(giver, receiver, status="accepted")
    before = Delivery.objects.count()
    with pytest.raises(services.IllegalMove):
        services.accept(lead, receiver.user)
    assert Delivery.objects.count() == before


def test_the_view_answers_at_once_and_only_queues_the_event(client, hook, people, no_sending):
    giver, receiver = people
    lead = make_lead(giver, receiver)
    started = time.monotonic()
    response = login(client, receiver).post(f"/leads/{lead.pk}/accept/")
    assert time.monotonic() - started < 2
    assert response.status_code == 302
    assert response["Location"] == f"/leads/{lead.pk}/"
    lead.refresh_from_db()
    assert lead.status == Status.ACCEPTED
    delivery = Delivery.objects.get(lead=lead, event="lead.accept")
    assert delivery.state == Delivery.State.PENDING and delivery.attempts == 0
    assert no_sending == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_committing_a_change_in_a_request_sends_nothing(client, settings, monkeypatch):
    giver = seller("giver", "Facility", "Gothenburg")
    receiver = seller("receiver", "Secure", "Malmö")
    lead = make_lead(giver, receiver)
    settings.LEADS_WEBHOOK_URL = URL
    settings.LEADS_WEBHOOK_SECRET = SECRET
    calls = []

    def slow_failing_urlopen(request, timeout=None):
        calls.append(request.full_url)
        time.sleep(1)
        raise urllib.error.URLError("connection refused")

    monkeypatch.setattr(urllib.request, "urlopen", slow_failing_urlopen)
    started = time.monotonic()
    response = login(client, receiver).post(f"/leads/{lead.pk}/accept/")
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert Delivery.objects.filter(lead=lead, event="lead.accept").exists()
    assert calls == []
    assert elapsed < 1


# Signing


def test_a_signature_verifies():
    body = '{"event": "lead.accept", "customer": "Malmö"}'.encode()
    header = webhooks.sign(body, SECRET)
    assert header.startswith("t=") and ",v1=" in header
    assert webhooks.verify(body, header, SECRET)


def test_verify_rejects_a_tampered_body_or_a_wrong_secret():
    body = b'{"event": "lead.won", "value": "100"}'
    header = webhooks.sign(body, SECRET)
    assert not webhooks.verify(b'{"event": "lead.won", "value": "900"}', header, SECRET)
    assert not webhooks.verify(body, header, "another secret")
    assert not webhooks.verify(body, webhooks.sign(body, "another secret"), SECRET)


def test_verify_rejects_stale_and_future_timestamps():
    body = b"{}"
    now = time.time()
    assert webhooks.verify(body, webhooks.sign(body, SECRET, now - 299), SECRET, now=now)
    assert not webhooks.verify(body, webhooks.sign(body, SECRET, now - 301), SECRET, now=now)
    assert not webhooks.verify(body, webhooks.sign(body, SECRET, now + 301), SECRET, now=now)
    old = webhooks.sign(body, SECRET, now - 3600)
    assert webhooks.verify(body, old, SECRET, tolerance=7200, now=now)


def test_verify_rejects_a_signature_moved_to_another_timestamp():
    body = b"{}"
    now = int(time.time())
    digest = webhooks.sign(body, SECRET, now - 1000).split("v1=")[1]
    assert not webhooks.verify(body, f"t={now},v1={digest}", SECRET, now=now)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "t=,v1=",
        "t=abc,v1=00",
        "v1=00",
        "t=1700000000",
        None,
        "t=1700000000;v1=00",
    ],
)
def test_verify_rejects_a_malformed_header(header):
    assert webhooks.verify(b"{}", header, SECRET, now=1700000000) is False


def test_verify_rejects_a_non_ascii_signature():
    assert webhooks.verify(b"{}", "t=1700000000,v1=é", SECRET, now=1700000000) is False


# Delivering


@pytest.fixture
def pending(hook, people):
    """One pending delivery: the receiver accepted a lead."""
    giver, receiver = people
    lead = make_lead(giver, receiver, status="accepted")
    Delivery.objects.filter(lead=lead).exclude(event="lead.accept").delete()
    return Delivery.objects.get(lead=lead)


def test_deliver_due_sends_the_body_with_a_signature_that_verifies(pending):
    post = Recorder()
    assert webhooks.deliver_due(post=post) == (1, 0)
    (sent,) = post.sent
    assert sent["url"] == URL
    assert sent["timeout"] == 2
    assert sent["body"] == pending.body.encode()
    assert json.loads(sent["body"])["event"] == "lead.accept"
    assert webhooks.verify(sent["body"], sent["signature"], SECRET)
    assert not webhooks.verify(sent["body"], sent["signature"], "wrong")
    delivered = _reload(pending)
    assert delivered.state == Delivery.State.DELIVERED
    assert delivered.attempts == 1
    assert delivered.delivered_at is not None
    assert delivered.last_error == ""


def test_a_delivered_event_is_not_sent_again(pending):
    post = Recorder()
    webhooks.deliver_due(post=post)
    later = timezone.now() + datetime.timedelta(days=2)
    assert webhooks.deliver_due(now=later, post=post) == (0, 0)
    assert len(post.sent) == 1


def test_events_go_out_oldest_first(hook, people):
    giver, receiver = people
    make_lead(giver, receiver, status="won")
    post = Recorder()
    assert webhooks.deliver_due(post=post) == (3, 0)
    assert [json.loads(s["body"])["event"] for s in post.sent] == [
        "lead.route",
        "lead.accept",
        "lead.won",
    ]


@pytest.mark.parametrize(
    ("post", "error"),
    [
        (Recorder(error=urllib.error.URLError("connection refused")), "connection refused"),
        (Recorder(error=ConnectionResetError("reset by peer")), "reset by peer"),
        (Recorder(error=TimeoutError("timed out")), "timed out"),
        (Recorder(status=500), "HTTP 500"),
        (Recorder(status=302), "HTTP 302"),
    ],
    ids=["url-error", "os-error", "timeout", "http-500", "redirect"],
)
def test_a_failing_endpoint_leaves_the_event_pending_for_a_retry(pending, post, error):
    post.sent.clear()
    now = timezone.now()
    assert webhooks.deliver_due(now=now, post=post) == (0, 1)
    failed = _reload(pending)
    assert failed.state == Delivery.State.PENDING
    assert failed.attempts == 1
    assert error in failed.last_error
    assert failed.next_attempt_at == now + datetime.timedelta(minutes=webhooks.RETRY_MINUTES[0])


def test_a_failed_event_is_retried_only_when_its_pause_is_over(pending):
    now = timezone.now()
    down = Recorder(status=503)
    webhooks.deliver_due(now=now, post=down)
    almost = now + datetime.timedelta(minutes=webhooks.RETRY_MINUTES[0], seconds=-1)
    assert webhooks.deliver_due(now=almost, post=down) == (0, 0)
    assert len(down.sent) == 1

    up = Recorder(status=204)
    due = now + datetime.timedelta(minutes=webhooks.RETRY_MINUTES[0])
    assert webhooks.deliver_due(now=due, post=up) == (1, 0)
    delivered = _reload(pending)
    assert delivered.state == Delivery.State.DELIVERED
    assert delivered.attempts == 2
    assert delivered.last_error == ""
    assert webhooks.verify(up.sent[0]["body"], up.sent[0]["signature"], SECRET)


def test_the_pauses_grow_and_then_it_gives_up(pending):
    down = Recorder(error=urllib.error.URLError("no route to host"))
    now = timezone.now()
    for attempt, minutes in enumerate(webhooks.RETRY_MINUTES, 1):
        assert webhooks.deliver_due(now=now, post=down) == (0, 1)
        row = _reload(pending)
        assert (row.state, row.attempts) == (Delivery.State.PENDING, attempt)
        assert row.next_attempt_at == now + datetime.timedelta(minutes=minutes)
        now = row.next_attempt_at
    assert webhooks.deliver_due(now=now, post=down) == (0, 1)
    given_up = _reload(pending)
    assert given_up.state == Delivery.State.FAILED
    assert given_up.attempts == len(webhooks.RETRY_MINUTES) + 1
    assert given_up.last_error == "no route to host"
    assert len(down.sent) == len(webhooks.RETRY_MINUTES) + 1
    far = now + datetime.timedelta(days=30)
    assert webhooks.deliver_due(now=far, post=Recorder()) == (0, 0)


def test_one_failing_event_does_not_hold_up_the_others(hook, people):
    giver, receiver = people
    make_lead(giver, receiver, status="accepted")
    first, second = Delivery.objects.order_by("created_at")
    calls = []

    def flaky(url, body, signature, timeout):
        calls.append(json.loads(body)["event"])
        if len(calls) == 1:
            raise urllib.error.URLError("refused")
        return 200

    assert webhooks.deliver_due(post=flaky) == (1, 1)
    assert calls == ["lead.route", "lead.accept"]
    assert _reload(first).state == Delivery.State.PENDING
    assert _reload(second).state == Delivery.State.DELIVERED


def test_a_missing_or_bad_url_is_a_failed_attempt_not_a_crash(pending, settings):
    settings.LEADS_WEBHOOK_URL = "ftp://crm.example/hooks"
    assert webhooks.deliver_due() == (0, 1)
    row = _reload(pending)
    assert row.state == Delivery.State.PENDING
    assert "http(s)" in row.last_error


def test_a_claimed_event_is_not_sent_twice(hook, people):
    """Two workers read the same due events; each event still goes out once."""
    giver, receiver = people
    make_lead(giver, receiver, status="accepted")
    assert Delivery.objects.count() == 2
    now = timezone.now()
    sent = []

    def second_worker(url, body, signature, timeout):
        sent.append(("second", json.loads(body)["event"]))
        return 200

    def first_worker(url, body, signature, timeout):
        sent.append(("first", json.loads(body)["event"]))
        if len(sent) == 1:  # another worker runs while the first one is sending
            assert webhooks.deliver_due(now=now, post=second_worker) == (1, 0)
        return 200

    assert webhooks.deliver_due(now=now, post=first_worker) == (1, 0)
    assert sent == [("first", "lead.route"), ("second", "lead.accept")]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.DELIVERED}


def test_a_claim_lapses_if_its_worker_died(pending):
    now = timezone.now()
    Delivery.objects.filter(pk=pending.pk).update(next_attempt_at=now + webhooks.LEASE)
    post = Recorder()
    assert webhooks.deliver_due(now=now, post=post) == (0, 0)
    assert webhooks.deliver_due(now=now + webhooks.LEASE, post=post) == (1, 0)


# A real endpoint


class Endpoint(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "headers": self.headers, "body": body})
        if self.server.reply == "garbage":
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            return
        self.send_response(self.server.reply)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(hook):
    server = http.server.HTTPServer(("127.0.0.1", 0), Endpoint)
    server.received, server.reply = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.LEADS_WEBHOOK_URL = f"http://127.0.0.1:{server.server_address[1]}/crm/guild"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_a_real_round_trip_carries_a_signature_that_verifies(endpoint, people):
    giver, receiver = people
    make_lead(giver, receiver, customer=make_customer("Ölands Sjukhus"))
    assert webhooks.deliver_due() == (1, 0)
    (request,) = endpoint.received
    assert request["path"] == "/crm/guild"
    assert request["headers"]["Content-Type"] == "application/json"
    signature = request["headers"][webhooks.HEADER]
    assert webhooks.verify(request["body"], signature, SECRET)
    assert not webhooks.verify(request["body"] + b" ", signature, SECRET)
    assert json.loads(request["body"].decode("utf-8"))["lead"]["customer"] == "Ölands Sjukhus"
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_a_real_endpoint_answering_500_is_retried(endpoint, people):
    giver, receiver = people
    make_lead(giver, receiver)
    endpoint.reply = 500
    assert webhooks.deliver_due() == (0, 1)
    row = Delivery.objects.get()
    assert (row.state, row.attempts) == (Delivery.State.PENDING, 1)
    assert row.last_error == "Internal Server Error"  # urllib raises HTTPError for a 5xx
    endpoint.reply = 200
    later = timezone.now() + datetime.timedelta(minutes=webhooks.RETRY_MINUTES[0])
    assert webhooks.deliver_due(now=later) == (1, 0)
    assert len(endpoint.received) == 2
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_a_real_endpoint_answering_garbage_is_a_failed_attempt(endpoint, people):
    giver, receiver = people
    make_lead(giver, receiver)
    endpoint.reply = "garbage"
    assert webhooks.deliver_due() == (0, 1)
    row = Delivery.objects.get()
    assert (row.state, row.attempts) == (Delivery.State.PENDING, 1)
    assert row.last_error


def test_an_endpoint_that_does_not_listen_is_a_failed_attempt(hook, people):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hook.LEADS_WEBHOOK_URL = f"http://127.0.0.1:{port}/crm"
    giver, receiver = people
    make_lead(giver, receiver)
    assert webhooks.deliver_due() == (0, 1)
    row = Delivery.objects.get()
    assert (row.state, row.attempts) == (Delivery.State.PENDING, 1)
    assert row.last_error


def test_the_management_command_delivers_what_is_due(endpoint, people):
    giver, receiver = people
    make_lead(giver, receiver, status="accepted")
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert "Delivered 2 events, 0 attempts failed." in out.getvalue()
    assert [json.loads(r["body"])["event"] for r in endpoint.received] == [
        "lead.route",
        "lead.accept",
    ]
    assert all(
        webhooks.verify(r["body"], r["headers"][webhooks.HEADER], SECRET) for r in endpoint.received
    )
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert "Delivered 0 events, 0 attempts failed." in out.getvalue()
    assert len(endpoint.received) == 2


def test_the_management_command_reports_failures(endpoint, people):
    giver, receiver = people
    make_lead(giver, receiver)
    endpoint.reply = 502
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert "Delivered 0 events, 1 attempts failed." in out.getvalue()
    assert Delivery.objects.get().last_error == "Bad Gateway"
