"""The CRM export: /leads/export.csv lists the taken leads, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from intranet.leads import services
from tests.builders import add_member
from tests.community.helpers import is_login_redirect, login
from tests.leads.builders import make_customer, make_lead, sales_community, seller

pytestmark = pytest.mark.django_db

HEADER = [
    "id",
    "status",
    "customer",
    "new customer",
    "division",
    "service",
    "location",
    "site",
    "need",
    "urgency",
    "contact",
    "contact role",
    "contact email",
    "contact phone",
    "giver",
    "giver email",
    "accepted by",
    "accepted by email",
    "accepted",
    "value",
    "currency",
]


@pytest.fixture
def people(db):
    giver = seller("giver", "Facility", "Gothenburg")
    receiver = seller("receiver", "Secure", "Malmö")
    return giver, receiver


def _rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def _by_id(rows):
    return {int(row[0]): dict(zip(HEADER, row, strict=True)) for row in rows[1:]}


def test_the_export_is_a_csv_attachment_with_a_header_row(client, people):
    giver, _ = people
    response = login(client, giver).get("/leads/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="guild-leads-{stamp}.csv"'
    assert _rows(response) == [HEADER]


def test_only_accepted_contacted_and_won_leads_are_exported(client, people):
    giver, receiver = people
    kept = {
        status: make_lead(giver, receiver, status=status)
        for status in ("accepted", "contacted", "won")
    }
    left_out = [
        make_lead(giver, receiver, status=status)
        for status in ("new", "declined", "lost", "withdrawn", "unrouted")
    ]
    rows = _rows(login(client, giver).get("/leads/export.csv"))
    assert rows[0] == HEADER
    found = _by_id(rows)
    assert sorted(found) == sorted(lead.pk for lead in kept.values())
    assert {row["status"] for row in found.values()} == {"accepted", "contacted", "won"}
    assert not {lead.pk for lead in left_out} & set(found)
    assert [int(row[0]) for row in rows[1:]] == sorted(found)  # in order of id


def test_a_row_carries_the_lead(client, people):
    giver, receiver = people
    customer = make_customer("Solberga Sjukhus")
    lead = make_lead(
        giver,
        receiver,
        status="accepted",
        customer=customer,
        site="Building C",
        contact_name="Eva Lind",
        contact_role="Facility manager",
        contact_email="eva@solberga.example",
        contact_phone="031 123 45",
    )
    services.close(lead, receiver.user, "won", value=Decimal(40000))
    lead.refresh_from_db()
    row = _by_id(_rows(login(client, receiver).get("/leads/export.csv")))[lead.pk]
    assert row["status"] == "won"
    assert row["customer"] == "Solberga Sjukhus"
    assert row["new customer"] == ""
    assert row["division"] == "Secure"
    assert row["location"] == "Gothenburg"
    assert row["site"] == "Building C"
    assert row["contact"] == "Eva Lind"
    assert row["contact email"] == "eva@solberga.example"
    assert row["giver"] == "Giver Tester"
    assert row["giver email"] == "giver@norrvik.example"
    assert row["accepted by"] == "Receiver Tester"
    assert row["accepted by email"] == "receiver@norrvik.example"
    assert row["accepted"] == timezone.localtime(lead.accepted_at).isoformat()
    assert row["value"] == "40000"
    assert row["currency"] == "EUR"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(client, people, start):
    giver, receiver = people
    lead = make_lead(
        giver,
        receiver,
        status="accepted",
        proposed_customer=f'{start}HYPERLINK("https://evil.example","Click")',
        need=f"{start}1+1",
        site=f"{start}cmd|' /C calc'!A0",
        contact_name=f"{start}Eva",
        contact_role=f"{start}SUM(A1:A9)",
        contact_phone=f"{start}46 31 123 45",
    )
    row = _by_id(_rows(login(client, giver).get("/leads/export.csv")))[lead.pk]
    assert row["new customer"] == f'\'{start}HYPERLINK("https://evil.example","Click")'
    assert row["need"] == f"'{start}1+1"
    assert row["site"] == f"'{start}cmd|' /C calc'!A0"
    assert row["contact"] == f"'{start}Eva"
    assert row["contact role"] == f"'{start}SUM(A1:A9)"
    assert row["contact phone"] == f"'{start}46 31 123 45"


def test_a_name_that_starts_with_a_formula_sign_is_neutralised_too(client, people):
    giver, receiver = people
    receiver.user.first_name = "=Eva"
    receiver.user.save()
    lead = make_lead(giver, receiver, status="accepted")
    row = _by_id(_rows(login(client, giver).get("/leads/export.csv")))[lead.pk]
    assert row["accepted by"] == "'=Eva Tester"


def test_harmless_cells_are_left_alone(client, people):
    giver, receiver = people
    lead = make_lead(
        giver, receiver, status="accepted", need="Guards 24/7 = peace of mind", site="A-1"
    )
    row = _by_id(_rows(login(client, giver).get("/leads/export.csv")))[lead.pk]
    assert row["need"] == "Guards 24/7 = peace of mind"
    assert row["site"] == "A-1"


def test_people_export_the_leads_they_gave_or_accepted(client, people):
    giver, receiver = people
    middle = seller("middle", "Secure", "Gothenburg")
    other = seller("other", "Technical", "Lyon")
    given = make_lead(giver, receiver, status="accepted")
    forwarded = make_lead(giver, middle)
    services.forward(forwarded, receiver.user, middle.user)
    services.accept(forwarded, receiver.user)
    elsewhere = make_lead(other, receiver, status="won")

    assert set(_by_id(_rows(login(client, giver).get("/leads/export.csv")))) == {
        given.pk,
        forwarded.pk,
    }
    assert set(_by_id(_rows(login(client, receiver).get("/leads/export.csv")))) == {
        given.pk,
        forwarded.pk,
        elsewhere.pk,
    }
    # middle had the forwarded lead and may still see it, but did not take it
    assert _rows(login(client, middle).get("/leads/export.csv")) == [HEADER]


def test_lead_editors_export_every_taken_lead(client, people):
    giver, receiver = people
    community = sales_community()
    editor = seller("editor", "Facility", "Gothenburg", community, role="editor")
    reader = seller("reader", "Facility", "Gothenburg")
    add_member(community, reader)
    leads = [make_lead(giver, receiver, status=s) for s in ("accepted", "won", "new")]
    assert set(_by_id(_rows(login(client, editor).get("/leads/export.csv")))) == {
        leads[0].pk,
        leads[1].pk,
    }
    assert _rows(login(client, reader).get("/leads/export.csv")) == [HEADER]


def test_the_export_needs_a_login(client, people):
    giver, receiver = people
    make_lead(giver, receiver, status="won")
    response = client.get("/leads/export.csv")
    assert is_login_redirect(response)
