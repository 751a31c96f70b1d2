"""Bad input to the lead relay: a clear 4xx or a form error, never a 500, and nothing lost.

404  a URL that names no lead (not digits, digits int() refuses, too many digits)
405  a GET on a URL that only takes a POST
400  a form that does not validate: the page again with the error, the lead (or the lead
     count) exactly as before, and what the person typed still in the form
409  a move the lead's state does not allow (see MOVES in intranet/leads/services.py): the
     lead's page with its current state, nothing changed
"""

from types import SimpleNamespace

import pytest
from django.http import QueryDict

from intranet.leads import services
from intranet.leads.models import Lead, LeadEvent
from intranet.people.models import Profile
from tests.builders import make_division, make_location
from tests.community.helpers import built_once, reload, text
from tests.conftest import logged_in
from tests.leads.builders import form_data, make_lead, sales_community, seller
from tests.library.builders import make_customer, make_product

ACTIONS = ("route", "accept", "decline", "forward", "contacted", "won", "lost", "withdraw", "thank")


def _build():
    w = SimpleNamespace()
    w.sales = sales_community()
    w.giver = seller("giver", "Facility", "Gothenburg", w.sales)
    # Secure sellers in Gothenburg: Guild suggests them for a Secure lead there.
    w.receiver = seller("receiver", "Secure", "Gothenburg", w.sales)
    w.spare = seller("spare", "Secure", "Gothenburg", w.sales)
    w.editor = seller("editor", "Facility", "Stockholm", w.sales, role="editor")
    w.gone = seller("gone", "Secure", "Gothenburg", w.sales)
    w.gone.user.is_active = False
    w.gone.user.save(update_fields=["is_active"])
    w.secure, w.facility = make_division("Secure"), make_division("Facility")
    w.gothenburg = make_location("Gothenburg")
    w.customer = make_customer("Solberga Hospital")
    w.guarding = make_product("Manned guarding", division=w.secure)
    w.cleaning = make_product("Office cleaning", division=w.facility)
    w.leads = {
        status: make_lead(w.giver, w.receiver, status=status, proposed_customer=f"{status} AB")
        for status in ("unrouted", "new", "accepted", "contacted", "declined", "won", "withdrawn")
    }
    w.leads["thanked"] = make_lead(w.giver, w.receiver, status="won", proposed_customer="Thx AB")
    services.thank(w.leads["thanked"], w.giver.user, "Thank you!")
    w.leads["thanked"].refresh_from_db()
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return world


def _as(client, person):
    client.logout()
    return logged_in(client, person)


def _snapshot(lead):
    """Everything about a lead that a request could change."""
    fields = [f.attname for f in Lead._meta.concrete_fields if f.attname != "updated_at"]
    lead = reload(lead)
    return (
        {name: getattr(lead, name) for name in fields},
        list(lead.handoffs.values_list("receiver", "how", "ended_at")),
        LeadEvent.objects.filter(lead=lead).count(),
    )


def _errors(response, name):
    form = response.context["forms"][name]
    return {**form.errors}


# URLs that name no lead


@pytest.mark.parametrize(
    "lead_id",
    [
        "abc",
        "²",  # str.isdigit() says yes, int() says no
        "١٢",  # Arabic-Indic digits
        "-1",
        "1.5",
        "0x1",
        "1%20",
        "1234567890123456789",  # 19 digits: more than a 64-bit id
        "99999999999999999999999999",
    ],
)
@pytest.mark.parametrize("suffix", ["", *(f"{action}/" for action in ACTIONS)])
def test_a_url_with_no_lead_id_is_a_404(client, w, lead_id, suffix):
    c = _as(client, w.editor)
    assert c.get(f"/leads/{lead_id}/{suffix}").status_code == 404
    assert c.post(f"/leads/{lead_id}/{suffix}").status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_a_lead_that_does_not_exist_is_a_404(client, w, action):
    c = _as(client, w.editor)
    assert c.get("/leads/999999999999999999/").status_code == 404
    assert c.post(f"/leads/999999999999999999/{action}/").status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_a_get_on_an_action_url_is_a_405_and_changes_nothing(client, w, action):
    lead = w.leads["new"]
    before = _snapshot(lead)
    for person in (w.giver, w.receiver, w.editor):
        response = _as(client, person).get(f"/leads/{lead.pk}/{action}/")
        assert response.status_code == 405
        assert "POST" in response["Allow"]
    assert _snapshot(lead) == before


# The lead form


def _good(w, **changes):
    return {**form_data(w.secure, w.gothenburg, need="Guards for the new car park."), **changes}


def test_the_lead_form_saves_a_good_lead(client, w):
    """The control for the cases below: the same data, unspoilt, is saved."""
    count = Lead.objects.count()
    response = _as(client, w.giver).post("/leads/new/", _good(w, product=w.guarding.pk))
    assert response.status_code == 302
    assert Lead.objects.count() == count + 1


BAD_LEADS = {
    "missing need": ({"need": ""}, "need"),
    "blank need": ({"need": "   "}, "need"),
    "no division": ({"division": ""}, "division"),
    "unknown division": ({"division": "999999"}, "division"),
    "division id beyond 64 bits": ({"division": "99999999999999999999999"}, "division"),
    "division not a number": ({"division": "abc"}, "division"),
    "division in superscript digits": ({"division": "²"}, "division"),
    "division as a decimal": ({"division": "1.5"}, "division"),
    "negative division": ({"division": "-1"}, "division"),
    "location not a number": ({"location": "Gothenburg"}, "location"),
    "unknown location": ({"location": "999999"}, "location"),
    "customer not a number": ({"customer": "Solberga", "proposed_customer": ""}, "customer"),
    "unknown customer": ({"customer": "999999", "proposed_customer": ""}, "customer"),
    "product not a number": ({"product": "x"}, "product"),
    "unknown product": ({"product": "999999"}, "product"),
    "product of another division": ("cleaning", "product"),
    "both customers": ("both", "proposed_customer"),
    "neither customer": ({"customer": "", "proposed_customer": "  "}, "proposed_customer"),
    "huge need": ({"need": "x" * 1001}, "need"),
    "huge new customer": ({"proposed_customer": "N" * 121}, "proposed_customer"),
    "huge site": ({"site": "s" * 161}, "site"),
    "huge phone": ({"contact_phone": "1" * 41}, "contact_phone"),
    "bad email": ({"contact_email": "not an email"}, "contact_email"),
    "email without domain": ({"contact_email": "anna@"}, "contact_email"),
    "unknown urgency": ({"urgency": "yesterday"}, "urgency"),
    "NUL in the need": ({"need": "Guards\x00 please"}, "need"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_LEADS.values(), ids=list(BAD_LEADS))
def test_a_bad_lead_is_a_400_with_a_form_error_and_saves_nothing(client, w, changes, field):
    if changes == "cleaning":
        changes = {"product": w.cleaning.pk}
    elif changes == "both":
        changes = {"customer": w.customer.pk, "proposed_customer": "Nordhamn AB"}
    count, events = Lead.objects.count(), LeadEvent.objects.count()
    response = _as(client, w.giver).post("/leads/new/", _good(w, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Lead.objects.count() == count
    assert LeadEvent.objects.count() == events
    if "need" not in changes:  # what the person typed is still there
        assert "Guards for the new car park." in text(response)


DUPLICATED = [
    ("division", ["secure", "facility"]),
    ("need", ["Guards for the new car park.", "Cleaning instead."]),
    ("proposed_customer", ["Nordhamn AB", "Solberga AB"]),
]


def _post_twice(client, w, field, values):
    values = [getattr(w, v).pk if v in ("secure", "facility") else v for v in values]
    data = QueryDict(mutable=True)
    for key, value in _good(w).items():
        data[key] = value
    data.setlist(field, [str(v) for v in values])
    return _as(client, w.giver).post(
        "/leads/new/", data.urlencode(), content_type="application/x-www-form-urlencoded"
    )


@pytest.mark.parametrize(("field", "values"), DUPLICATED)
def test_a_field_sent_twice_never_breaks_the_form(client, w, field, values):
    count = Lead.objects.count()
    response = _post_twice(client, w, field, values)
    assert response.status_code in (302, 400)
    assert Lead.objects.count() - count <= 1


@pytest.mark.parametrize(("field", "values"), DUPLICATED)
def test_a_field_sent_twice_is_a_400_and_saves_nothing(client, w, field, values):
    """Two values for one field: the form may not silently pick one of them."""
    count = Lead.objects.count()
    response = _post_twice(client, w, field, values)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Lead.objects.count() == count


@pytest.mark.parametrize(
    "value", ["abc", "²", "-1", "0", "99999999999999999999999", "1.5", "", "%00x"]
)
def test_a_bad_division_in_the_new_lead_link_is_ignored(client, w, value):
    response = _as(client, w.giver).get("/leads/new/", {"division": value})
    assert response.status_code == 200
    assert not response.context["form"].initial.get("division")


def test_a_good_division_in_the_new_lead_link_is_chosen(client, w):
    response = _as(client, w.giver).get("/leads/new/", {"division": w.secure.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["division"] == w.secure.pk


# Forms on a lead: 400, the lead exactly as it was

BAD_ACTIONS = {
    # name: (lead, who, action, data, field with the error or None for the whole form)
    "route to nobody": ("unrouted", "giver", "route", {}, None),
    "route to an unknown person": (
        "unrouted",
        "giver",
        "route",
        {"someone_else": "nobody-here"},
        "someone_else",
    ),
    "route to someone inactive": ("unrouted", "giver", "route", {"someone_else": "gone"}, None),
    "route to a suggestion and someone else": (
        "unrouted",
        "giver",
        "route",
        {"receiver": "SUGGESTED", "someone_else": "editor"},
        None,
    ),
    "route to the giver": ("unrouted", "giver", "route", {"someone_else": "giver"}, None),
    "route to the giver by email": (
        "unrouted",
        "giver",
        "route",
        {"someone_else": "GIVER@norrvik.example"},
        None,
    ),
    "route to a choice that is no suggestion": (
        "unrouted",
        "giver",
        "route",
        {"receiver": "999999"},
        "receiver",
    ),
    "route to a non-numeric choice": ("unrouted", "giver", "route", {"receiver": "²"}, "receiver"),
    "route to a huge name": ("unrouted", "giver", "route", {"someone_else": "x" * 300}, None),
    "re-route a declined lead to the giver": (
        "declined",
        "giver",
        "route",
        {"someone_else": "giver"},
        None,
    ),
    "forward to the giver": ("new", "receiver", "forward", {"forward-to": "giver"}, "to"),
    "forward to the holder": ("new", "receiver", "forward", {"forward-to": "receiver"}, "to"),
    "editor forwards to the holder": (
        "new",
        "editor",
        "forward",
        {"forward-to": "receiver"},
        "to",
    ),
    "forward to nobody": ("new", "receiver", "forward", {"forward-to": ""}, "to"),
    "forward to an unknown person": ("new", "receiver", "forward", {"forward-to": "zed"}, "to"),
    "forward to someone inactive": ("new", "receiver", "forward", {"forward-to": "gone"}, "to"),
    "forward with a huge note": (
        "new",
        "receiver",
        "forward",
        {"forward-to": "spare", "forward-note": "n" * 501},
        "note",
    ),
    "forward with the field unprefixed": ("new", "receiver", "forward", {"to": "spare"}, "to"),
    "decline without a reason": ("new", "receiver", "decline", {}, "reason"),
    "decline with a blank reason": (
        "new",
        "receiver",
        "decline",
        {"decline-reason": " "},
        "reason",
    ),
    "decline with a huge reason": (
        "new",
        "receiver",
        "decline",
        {"decline-reason": "r" * 301},
        "reason",
    ),
    "won with a negative value": ("accepted", "receiver", "won", {"won-value": "-5"}, "value"),
    "won with a non-numeric value": ("accepted", "receiver", "won", {"won-value": "lots"}, "value"),
    "won with 13 digits": ("accepted", "receiver", "won", {"won-value": "1" * 13}, "value"),
    "won with a decimal value": ("accepted", "receiver", "won", {"won-value": "10.5"}, "value"),
    "won with an infinite value": (
        "accepted",
        "receiver",
        "won",
        {"won-value": "Infinity"},
        "value",
    ),
    "won with NaN": ("accepted", "receiver", "won", {"won-value": "NaN"}, "value"),
    "won with an exponent": ("accepted", "receiver", "won", {"won-value": "1e20"}, "value"),
    "won with superscript digits": ("contacted", "receiver", "won", {"won-value": "²"}, "value"),
    "lost with a negative value": ("contacted", "receiver", "lost", {"lost-value": "-1"}, "value"),
    "lost with a huge note": ("accepted", "receiver", "lost", {"lost-note": "n" * 301}, "note"),
    "contacted with a huge note": (
        "accepted",
        "receiver",
        "contacted",
        {"contacted-note": "n" * 301},
        "note",
    ),
    "withdraw with a huge note": ("new", "giver", "withdraw", {"withdraw-note": "n" * 301}, "note"),
    "thank with no message": ("accepted", "giver", "thank", {}, "message"),
    "thank with an empty message": ("accepted", "giver", "thank", {"thank-message": ""}, "message"),
    "thank with 501 characters": (
        "accepted",
        "giver",
        "thank",
        {"thank-message": "t" * 501},
        "message",
    ),
    "thank with a NUL": ("won", "giver", "thank", {"thank-message": "Thanks\x00"}, "message"),
}


@pytest.mark.parametrize(
    ("state", "who", "action", "data", "field"), BAD_ACTIONS.values(), ids=list(BAD_ACTIONS)
)
def test_bad_input_on_a_lead_is_a_400_and_the_lead_is_unchanged(
    client, w, state, who, action, data, field
):
    lead = w.leads[state]
    if data.get("receiver") == "SUGGESTED":
        suggested = services.suggestions(lead).first()
        assert suggested is not None
        data = {**data, "receiver": str(suggested.user_id)}
    before = _snapshot(lead)
    response = _as(client, getattr(w, who)).post(f"/leads/{lead.pk}/{action}/", data)
    assert response.status_code == 400
    errors = _errors(response, action)
    assert errors
    if field is not None:
        assert field in errors
    assert _snapshot(lead) == before
    if field != "receiver":  # see test_a_suggestion_no_longer_offered_shows_why
        # the page shows the error with the form the person filled in
        assert 'role="alert"' in text(response) or "error" in text(response)


def test_a_suggestion_no_longer_offered_shows_why(client, w):
    """The giver picks a suggestion in an old tab after that person already had the lead."""
    lead = w.leads["declined"]  # the receiver declined it; they are no longer suggested
    assert not services.suggestions(lead).filter(user=w.receiver.user).exists()
    before = _snapshot(lead)
    response = _as(client, w.giver).post(
        f"/leads/{lead.pk}/route/", {"receiver": str(w.receiver.user.pk)}
    )
    assert response.status_code == 400
    assert "receiver" in _errors(response, "route")
    assert _snapshot(lead) == before
    assert "is not one of the available choices" in text(response)


def test_a_failed_thank_you_keeps_what_was_typed(client, w):
    lead = w.leads["accepted"]
    typed = "You saved our quarter! " * 22  # 506 characters
    response = _as(client, w.giver).post(f"/leads/{lead.pk}/thank/", {"thank-message": typed})
    assert response.status_code == 400
    assert typed.strip() in text(response)


def test_the_value_of_a_won_lead_may_be_zero_or_twelve_digits(client, w):
    """The edges of the value: the control for the 400s above."""
    lead = w.leads["accepted"]
    response = _as(client, w.receiver).post(f"/leads/{lead.pk}/won/", {"won-value": "9" * 12})
    assert response.status_code == 302
    assert reload(lead).value == 999_999_999_999


# The listing


@pytest.mark.parametrize("show", ["everything", "ALL", "given ", "²", "\u200bgiven", "x" * 500])
def test_an_unknown_list_is_a_400(client, w, show):
    response = _as(client, w.giver).get("/leads/", {"show": show})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "page", ["abc", "²", "-1", "0", "1.5", "99999999999999999999999", "1e9", ""]
)
@pytest.mark.parametrize("show", ["given", "received"])
def test_any_page_number_shows_a_page(client, w, page, show):
    response = _as(client, w.giver if show == "given" else w.receiver).get(
        "/leads/", {"show": show, "page": page}
    )
    assert response.status_code == 200
    assert len(response.context["leads_page"].object_list) > 0


def test_the_export_ignores_junk_parameters(client, w):
    response = _as(client, w.giver).get("/leads/export.csv", {"page": "²", "show": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


# Illegal moves: 409 and nothing changed

ILLEGAL = {
    # name: (lead, who, action, data)
    "accept twice": ("accepted", "receiver", "accept", {}),
    "accept a declined lead": ("declined", "receiver", "accept", {}),
    "decline an accepted lead": ("accepted", "receiver", "decline", {"decline-reason": "No."}),
    "route an accepted lead": ("accepted", "giver", "route", {"someone_else": "spare"}),
    "route a lead already on its way": ("new", "giver", "route", {"someone_else": "spare"}),
    "editor routes a won lead": ("won", "editor", "route", {"someone_else": "spare"}),
    "forward an accepted lead": ("accepted", "receiver", "forward", {"forward-to": "spare"}),
    "editor forwards a declined lead": ("declined", "editor", "forward", {"forward-to": "spare"}),
    "contacted twice": ("contacted", "receiver", "contacted", {}),
    "contacted on a won lead": ("won", "receiver", "contacted", {}),
    "won twice": ("won", "receiver", "won", {"won-value": "10"}),
    "lost after won": ("won", "receiver", "lost", {}),
    "withdraw after acceptance": ("accepted", "giver", "withdraw", {}),
    "withdraw a won lead": ("won", "giver", "withdraw", {}),
    "withdraw twice": ("withdrawn", "giver", "withdraw", {}),
    "route a withdrawn lead": ("withdrawn", "giver", "route", {"someone_else": "spare"}),
    "thank before acceptance": ("new", "giver", "thank", {"thank-message": "Thanks!"}),
    "thank a declined lead": ("declined", "giver", "thank", {"thank-message": "Thanks!"}),
    "thank twice": ("thanked", "giver", "thank", {"thank-message": "Thanks again!"}),
}


@pytest.mark.parametrize(("state", "who", "action", "data"), ILLEGAL.values(), ids=list(ILLEGAL))
def test_an_illegal_move_is_a_409_and_changes_nothing(client, w, state, who, action, data):
    lead = w.leads[state]
    before = _snapshot(lead)
    response = _as(client, getattr(w, who)).post(f"/leads/{lead.pk}/{action}/", data)
    assert response.status_code == 409
    assert "no longer possible" in text(response)
    assert response.context["lead"].status == before[0]["status"]
    assert _snapshot(lead) == before


# Updating a lead nobody has accepted: nobody may update it, so the permission check answers
# (403) before the lifecycle would (409). Either way: a clear 4xx and nothing changed.
NOT_ACCEPTED = {
    "won on a new lead": ("new", "receiver", "won", {"won-value": "10"}),
    "lost on a new lead": ("new", "receiver", "lost", {}),
    "contacted on a declined lead": ("declined", "receiver", "contacted", {}),
    "won on a declined lead by an editor": ("declined", "editor", "won", {}),
    "contacted on an unrouted lead by the giver": ("unrouted", "giver", "contacted", {}),
}


@pytest.mark.parametrize(
    ("state", "who", "action", "data"), NOT_ACCEPTED.values(), ids=list(NOT_ACCEPTED)
)
def test_updating_a_lead_nobody_accepted_is_refused_and_changes_nothing(
    client, w, state, who, action, data
):
    lead = w.leads[state]
    before = _snapshot(lead)
    response = _as(client, getattr(w, who)).post(f"/leads/{lead.pk}/{action}/", data)
    assert response.status_code == 403
    assert _snapshot(lead) == before


def test_a_move_that_lost_a_race_is_a_409(client, w):
    """Two tabs: the lead was accepted between the page loading and the button being pressed."""
    lead = w.leads["new"]
    _as(client, w.receiver)
    services.accept(reload(lead), w.receiver.user)  # the other tab
    before = _snapshot(lead)
    response = client.post(f"/leads/{lead.pk}/decline/", {"decline-reason": "Not ours."})
    assert response.status_code == 409
    assert _snapshot(lead) == before


def test_bad_input_never_touches_other_leads_or_profiles(client, w):
    """A run of bad requests leaves every lead and every profile as it was."""
    leads = {lead.pk: _snapshot(lead) for lead in Lead.objects.all()}
    profiles = Profile.objects.count()
    c = _as(client, w.giver)
    c.post("/leads/new/", _good(w, division="abc"))
    c.post(f"/leads/{w.leads['unrouted'].pk}/route/", {"someone_else": "giver"})
    c.post(f"/leads/{w.leads['accepted'].pk}/withdraw/", {})
    c.post(f"/leads/{w.leads['accepted'].pk}/thank/", {"thank-message": ""})
    assert {lead.pk: _snapshot(lead) for lead in Lead.objects.all()} == leads
    assert Profile.objects.count() == profiles
