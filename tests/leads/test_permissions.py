"""Who may see, route, answer, forward, update, withdraw, thank and export a lead, as one table.

Nobody else ever sees a lead: not its page, not the listing, not the CSV export, not search,
autocomplete, the community page, the home page, notifications or anyone's profile.

Outcomes in the table:
    ok     allowed: 200 for the page, a 302 back to the lead after an action, and the action's
           effect is in the database
    403    the person sees the lead but may not do this: nothing changed
    404    the person may not see the lead: the same answer as for a lead that does not
           exist; nothing changed
    login  an anonymous visitor is sent to the login page; nothing changed

The personas: the giver passed the lead to "earlier", who forwarded it to "receiver" (the
current holder); "editor" edits the sales community (settings.LEADS_COMMUNITY); "admin" is a
superuser and a member of nothing; "member" is an ordinary member of the sales community who
has nothing to do with the lead; "outsider" belongs to no community at all.

Each action runs on a lead in a state where the move is legal (the "state" column), so a 403
or 404 is the permission talking, never the lifecycle (which answers 409, see
test_bad_requests.py).
"""

import csv
import io
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from intranet.community import permissions
from intranet.community.models import Joining, Visibility
from intranet.leads import services
from intranet.leads.models import Lead, LeadEvent
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, is_login_redirect, reload, text
from tests.conftest import logged_in
from tests.leads.builders import make_lead, sales_community, seller

PERSONAS = ("anonymous", "giver", "receiver", "earlier", "editor", "admin", "member", "outsider")

MATRIX = """
action     state     anonymous  giver  receiver  earlier  editor  admin  member  outsider
detail     new       login      ok     ok        ok       ok      ok     404     404
detail     accepted  login      ok     ok        ok       ok      ok     404     404
route      declined  login      ok     403       403      ok      ok     404     404
accept     new       login      403    ok        403      403     403    404     404
decline    new       login      403    ok        403      403     403    404     404
forward    new       login      403    ok        403      ok      ok     404     404
contacted  accepted  login      403    ok        403      403     403    404     404
won        accepted  login      403    ok        403      403     403    404     404
lost       accepted  login      403    ok        403      403     403    404     404
withdraw   new       login      ok     403       403      403     403    404     404
thank      accepted  login      ok     403       403      403     403    404     404
"""


def _cases(table, personas):
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == personas
    return [
        pytest.param(action, state, persona, expected, id=f"{action}-{state}-{persona}")
        for action, state, *outcomes in rows
        for persona, expected in zip(personas, outcomes, strict=True)
    ]


@dataclass
class Action:
    """What to post, and what the lead looks like once the action happened."""

    data: dict
    done: object  # (world, lead after) -> bool


ACTIONS = {
    "route": Action(
        {"someone_else": "spare"},
        lambda w, lead: lead.status == "new" and lead.receiver_id == w.spare.user.pk,
    ),
    "accept": Action(
        {}, lambda w, lead: lead.status == "accepted" and lead.accepted_by_id == w.receiver.user.pk
    ),
    "decline": Action(
        {"decline-reason": "Not our area."}, lambda w, lead: lead.status == "declined"
    ),
    "forward": Action(
        {"forward-to": "spare", "forward-note": "Yours, I think."},
        lambda w, lead: lead.status == "new" and lead.receiver_id == w.spare.user.pk,
    ),
    "contacted": Action(
        {"contacted-note": "Called them."}, lambda w, lead: lead.status == "contacted"
    ),
    "won": Action(
        {"won-value": "12000", "won-note": "Two years."},
        lambda w, lead: lead.status == "won" and lead.value == 12000,
    ),
    "lost": Action(
        {"lost-value": "", "lost-note": "Too expensive."}, lambda w, lead: lead.status == "lost"
    ),
    "withdraw": Action(
        {"withdraw-note": "They changed their mind."}, lambda w, lead: lead.status == "withdrawn"
    ),
    "thank": Action({"thank-message": "Thank you!"}, lambda w, lead: lead.thanked_at is not None),
}

# One proposed customer per lead: the listings and the export are read by these names.
CUSTOMERS = {
    "new": "Alder New AB",
    "declined": "Birch Declined AB",
    "accepted": "Cedar Accepted AB",
    "contacted": "Dogwood Contacted AB",
    "won": "Elm Won AB",
    "lost": "Fir Lost AB",
    "editors_own": "Ginkgo Editor AB",
    "elsewhere": "Hazel Elsewhere AB",
}
# Words that appear only in the "new" lead: its need and its customer.
NEED_WORD = "zebrafinch"
CUSTOMER_WORD = "Marmoset"


def _relayed(w, key, status, prefix="", **fields):
    """giver -> earlier, forwarded by earlier -> receiver, then moved on to `status`."""
    lead = make_lead(
        w.giver, w.earlier, status="new", proposed_customer=prefix + CUSTOMERS[key], **fields
    )
    services.forward(lead, w.receiver.user, w.earlier.user, "You know them better.")
    if status == "declined":
        services.decline(lead, w.receiver.user, "Not now.")
    elif status == "accepted":
        services.accept(lead, w.receiver.user)
    lead.refresh_from_db()
    return lead


def _build():
    w = SimpleNamespace()
    w.sales = sales_community()
    w.giver = seller("giver", "Facility", "Gothenburg", w.sales)
    w.earlier = seller("earlier", "Secure", "Gothenburg", w.sales)
    w.receiver = seller("receiver", "Secure", "Gothenburg", w.sales)
    w.spare = seller("spare", "Secure", "Malmo", w.sales)
    w.third = seller("third", "Technical", "Malmo", w.sales)
    w.editor = seller("editor", "Facility", "Stockholm", w.sales, role="editor")
    w.member = seller("member", "Technical", "Lyon", w.sales)
    w.admin = make_person("admin", is_staff=True, is_superuser=True)
    w.outsider = make_person("outsider")
    w.leads = {
        "new": _relayed(
            w,
            "new",
            "new",
            prefix=f"{CUSTOMER_WORD} ",
            need=f"The {NEED_WORD} warehouse needs night guards.",
        ),
        "declined": _relayed(w, "declined", "declined"),
        "accepted": _relayed(w, "accepted", "accepted"),
    }
    for status in ("contacted", "won", "lost"):
        w.leads[status] = make_lead(
            w.giver, w.receiver, status=status, proposed_customer=CUSTOMERS[status]
        )
    w.leads["editors_own"] = make_lead(
        w.editor, w.spare, status="new", proposed_customer=CUSTOMERS["editors_own"]
    )
    w.leads["elsewhere"] = make_lead(
        w.third, w.spare, status="accepted", proposed_customer=CUSTOMERS["elsewhere"]
    )
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return world


def _client(client, w, persona):
    if persona == "anonymous":
        return client
    return logged_in(client, getattr(w, persona))


def _snapshot(lead):
    lead = reload(lead)
    return (
        lead.status,
        lead.receiver_id,
        lead.accepted_by_id,
        lead.value,
        lead.thanked_at,
        lead.handoffs.count(),
        LeadEvent.objects.filter(lead=lead).count(),
    )


def _expect_refused(response, expected):
    if expected == "login":
        assert is_login_redirect(response), response.status_code
    else:
        assert response.status_code == int(expected)


# The matrix


@pytest.mark.parametrize(("action", "state", "persona", "expected"), _cases(MATRIX, PERSONAS))
def test_who_may_do_what_with_a_lead(client, w, action, state, persona, expected):
    lead = w.leads[state]
    before = _snapshot(lead)
    c = _client(client, w, persona)
    if action == "detail":
        response = c.get(f"/leads/{lead.pk}/")
    else:
        response = c.post(f"/leads/{lead.pk}/{action}/", ACTIONS[action].data)
    if expected != "ok":
        _expect_refused(response, expected)
        assert _snapshot(lead) == before
        return
    if action == "detail":
        assert response.status_code == 200
        assert reload(lead).proposed_customer in text(response)
        return
    assert response.status_code == 302
    assert response["Location"] == f"/leads/{lead.pk}/"
    assert ACTIONS[action].done(w, reload(lead))


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_a_missing_lead_is_a_404_for_everyone(client, w, persona):
    """The same answer as for a lead one may not see: nobody learns which ids exist."""
    missing = Lead.objects.order_by("-pk").first().pk + 1000
    c = _client(client, w, persona)
    assert c.get(f"/leads/{missing}/").status_code == 404
    for action, spec in ACTIONS.items():
        assert c.post(f"/leads/{missing}/{action}/", spec.data).status_code == 404, action


def test_the_detail_page_offers_only_the_actions_the_person_may_take(client, w):
    lead = w.leads["new"]
    offered = {}
    for persona in ("giver", "receiver", "earlier", "editor"):
        response = logged_in(client, getattr(w, persona)).get(f"/leads/{lead.pk}/")
        offered[persona] = {
            name for name in ACTIONS if f'action="/leads/{lead.pk}/{name}/"' in text(response)
        }
        client.logout()
    assert offered == {
        "giver": {"withdraw"},
        "receiver": {"accept", "decline", "forward"},
        "earlier": set(),
        "editor": {"forward"},
    }


# Listings

EVERY_LEAD = set(CUSTOMERS)
RELAYED = {"new", "declined", "accepted"}
DIRECT = {"contacted", "won", "lost"}

# persona: (given, received, waiting)
LISTINGS = {
    "giver": (RELAYED | DIRECT, set(), set()),
    "receiver": (set(), RELAYED | DIRECT, {"new"}),
    "earlier": (set(), RELAYED, set()),
    "editor": ({"editors_own"}, set(), set()),
    "admin": (set(), set(), set()),
    "member": (set(), set(), set()),
    "outsider": (set(), set(), set()),
    "spare": (set(), {"editors_own", "elsewhere"}, {"editors_own"}),
    "third": ({"elsewhere"}, set(), set()),
}


def _listed(response):
    """The keys of CUSTOMERS for the leads on a listing page."""
    names = {reload(lead).proposed_customer for lead in response.context["leads_page"]}
    return {key for key, name in CUSTOMERS.items() if any(n.endswith(name) for n in names)}


@pytest.mark.parametrize("persona", list(LISTINGS))
@pytest.mark.parametrize("show", ["given", "received", "waiting"])
def test_the_personal_lists_show_only_the_persons_own_leads(client, w, persona, show):
    expected = dict(zip(("given", "received", "waiting"), LISTINGS[persona], strict=True))[show]
    response = logged_in(client, getattr(w, persona)).get("/leads/", {"show": show})
    assert response.status_code == 200
    assert _listed(response) == expected
    body = text(response)
    for key in EVERY_LEAD - expected:
        assert CUSTOMERS[key] not in body


def test_the_default_list_is_what_waits_for_the_person(client, w):
    response = logged_in(client, w.receiver).get("/leads/")
    assert response.status_code == 200
    assert response.context["show"] == "waiting"
    assert _listed(response) == {"new"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("giver", 400),
        ("receiver", 400),
        ("earlier", 400),
        ("member", 400),
        ("outsider", 400),
        ("spare", 400),
        ("editor", 200),
        ("admin", 200),
    ],
)
def test_only_lead_editors_may_list_every_lead(client, w, persona, expected):
    response = logged_in(client, getattr(w, persona)).get("/leads/", {"show": "all"})
    assert response.status_code == expected
    body = text(response)
    if expected == 200:
        assert _listed(response) == EVERY_LEAD
        assert 'href="?show=all"' in body
    else:
        for name in CUSTOMERS.values():
            assert name not in body


def test_the_all_tab_is_offered_only_to_lead_editors(client, w):
    assert 'href="?show=all"' not in text(logged_in(client, w.giver).get("/leads/"))
    client.logout()
    assert 'href="?show=all"' in text(logged_in(client, w.editor).get("/leads/"))


# The CSV export: accepted, contacted and won leads one gave or accepted (all for editors)

EXPORTED_MINE = {"accepted", "contacted", "won"}
EXPORTS = {
    "giver": EXPORTED_MINE,
    "receiver": EXPORTED_MINE,
    "earlier": set(),  # had the lead, but neither gave nor accepted it
    "editor": EXPORTED_MINE | {"elsewhere"},
    "admin": EXPORTED_MINE | {"elsewhere"},
    "member": set(),
    "outsider": set(),
    "spare": {"elsewhere"},
    "third": {"elsewhere"},
}


def _exported(response):
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    customers = {row["new customer"] for row in rows}
    assert len(customers) == len(rows)
    return {key for key, name in CUSTOMERS.items() if any(c.endswith(name) for c in customers)}


@pytest.mark.parametrize("persona", list(EXPORTS))
def test_the_export_holds_only_the_leads_the_person_may_hand_to_the_crm(client, w, persona):
    response = logged_in(client, getattr(w, persona)).get("/leads/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert _exported(response) == EXPORTS[persona]
    body = response.content.decode()
    for key in EVERY_LEAD - EXPORTS[persona]:
        assert CUSTOMERS[key] not in body


def test_the_export_is_for_logged_in_people_only(client, w):
    assert is_login_redirect(client.get("/leads/export.csv"))


# Invisible in every channel

UNINVOLVED = ("member", "outsider", "spare", "third")


def _hidden(body, also=()):
    return NEED_WORD not in body and CUSTOMER_WORD not in body and all(a not in body for a in also)


@pytest.mark.parametrize("persona", UNINVOLVED)
@pytest.mark.parametrize(
    ("query", "leaked"), [(NEED_WORD, CUSTOMER_WORD), (CUSTOMER_WORD, NEED_WORD)]
)
def test_search_and_autocomplete_never_find_a_lead(client, w, persona, query, leaked):
    c = logged_in(client, getattr(w, persona))
    response = c.get("/search/", {"q": query})
    assert response.status_code == 200
    # The query itself is echoed in the search box; nothing else of the lead may show.
    assert leaked not in text(response)
    assert query.lower() not in text(response).replace(query, "").lower()
    for prefix in (query, query[:5]):
        response = c.get("/search/autocomplete/", {"q": prefix})
        assert response.status_code == 200
        assert _hidden(text(response))


@pytest.mark.parametrize("persona", UNINVOLVED)
def test_the_sales_community_page_never_shows_a_lead(client, w, persona):
    response = logged_in(client, getattr(w, persona)).get("/communities/sales/")
    assert response.status_code == 200
    assert _hidden(text(response), also=[CUSTOMERS["new"]])
    stream = response.context.get("stream") or []
    assert all(_hidden(str(vars(entry))) for entry in stream)
    # the division matrix is counts only
    assert "Leads between divisions" in text(response)


@pytest.mark.parametrize("persona", UNINVOLVED)
def test_the_home_page_and_notifications_never_show_someone_elses_lead(client, w, persona):
    c = logged_in(client, getattr(w, persona))
    home = c.get("/")
    assert home.status_code == 200
    assert _hidden(text(home), also=[CUSTOMERS["new"]])
    notifications = c.get("/notifications/")
    assert notifications.status_code == 200
    assert _hidden(text(notifications), also=[CUSTOMERS["new"]])


def test_the_people_involved_do_get_notified(client, w):
    """The control for the test above: the notifications page does show leads."""
    notifications = logged_in(client, w.giver).get("/notifications/")
    assert CUSTOMER_WORD in text(notifications)
    client.logout()
    notifications = logged_in(client, w.receiver).get("/notifications/")
    assert CUSTOMER_WORD in text(notifications)


@pytest.mark.parametrize("persona", UNINVOLVED)
@pytest.mark.parametrize("profile", ["giver", "receiver", "earlier"])
def test_profile_pages_show_counts_never_leads(client, w, persona, profile):
    response = logged_in(client, getattr(w, persona)).get(f"/people/{profile}/")
    assert response.status_code == 200
    body = text(response)
    assert _hidden(body, also=list(CUSTOMERS.values()))
    # the sales community is open: every employee reads it, and so sees the counts
    assert "Leads given and taken" in body


@pytest.mark.parametrize("persona", UNINVOLVED)
def test_the_lead_listings_and_export_never_show_someone_elses_lead(client, w, persona):
    c = logged_in(client, getattr(w, persona))
    for show in ("waiting", "received", "given"):
        response = c.get("/leads/", {"show": show})
        assert response.status_code == 200
        assert _hidden(text(response), also=[CUSTOMERS["new"]])
    assert _hidden(c.get("/leads/export.csv").content.decode())
    assert _hidden(text(c.get("/leads/ledger/")), also=[CUSTOMERS["new"]])


@pytest.mark.parametrize(
    ("persona", "show"),
    [
        ("giver", "given"),
        ("receiver", "received"),
        ("receiver", "waiting"),
        ("earlier", "received"),
        ("editor", "all"),
    ],
)
def test_the_people_involved_see_the_lead_in_their_list(client, w, persona, show):
    response = logged_in(client, getattr(w, persona)).get("/leads/", {"show": show})
    assert response.status_code == 200
    assert CUSTOMER_WORD in text(response)
    assert NEED_WORD in text(response)


def test_emails_about_a_lead_go_only_to_the_people_involved(
    client, w, django_capture_on_commit_callbacks
):
    lead = w.leads["new"]
    involved = {w.giver.user.email, w.receiver.user.email, w.spare.user.email}
    with django_capture_on_commit_callbacks(execute=True):
        c = logged_in(client, w.receiver)
        c.post(f"/leads/{lead.pk}/forward/", {"forward-to": "spare"})
        client.logout()
        c = logged_in(client, w.spare)
        c.post(f"/leads/{lead.pk}/accept/")
        c.post(f"/leads/{lead.pk}/won/", {"won-value": "5"})
    assert reload(lead).status == "won"
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients
    assert recipients <= involved
    for message in mail.outbox:
        assert CUSTOMER_WORD in message.subject + message.body  # it is about this lead
    uninvolved = {getattr(w, p).user.email for p in ("member", "outsider", "third", "editor")}
    assert not recipients & uninvolved


# Ledgers: counts only, for the person and for readers of the lead community


@pytest.fixture
def private_sales(w):
    """The world with its sales community made private (members only read it, by invitation).

    "reader" is an ordinary member, "stranger" an employee who is not a member."""
    sales = reload(w.sales)
    sales.visibility, sales.joining = Visibility.PRIVATE, Joining.INVITATION
    sales.save_revision().publish()
    return SimpleNamespace(
        sales=sales,
        giver=w.giver,
        receiver=w.receiver,
        reader=w.member,
        stranger=w.outsider,
        admin=w.admin,
    )


@pytest.mark.parametrize(
    ("viewer", "profile", "shown"),
    [
        ("giver", "giver", True),  # one's own
        ("receiver", "giver", True),  # a reader of the (private) sales community
        ("reader", "giver", True),
        ("admin", "giver", True),
        ("stranger", "giver", False),  # may not read the sales community
        ("stranger", "receiver", False),
        ("stranger", "stranger", True),  # but sees their own
        ("reader", "stranger", True),
    ],
)
def test_the_ledger_on_a_profile_is_for_the_person_and_readers_of_the_sales_community(
    client, private_sales, viewer, profile, shown
):
    username = getattr(private_sales, profile).user.username
    response = logged_in(client, getattr(private_sales, viewer)).get(f"/people/{username}/")
    assert response.status_code == 200
    body = text(response)
    assert ("Leads given and taken" in body) is shown
    assert (response.context["ledger"] is not None) is shown
    assert _hidden(body, also=list(CUSTOMERS.values()))


def test_the_division_matrix_is_for_readers_of_the_sales_community(client, private_sales):
    assert not permissions.can_read(reload(private_sales.stranger.user), private_sales.sales)
    response = logged_in(client, private_sales.stranger).get("/leads/ledger/")
    assert response.status_code == 200
    assert "rows" not in response.context
    assert "Between divisions" not in text(response)
    client.logout()
    response = logged_in(client, private_sales.reader).get("/leads/ledger/")
    assert response.status_code == 200
    assert "Between divisions" in text(response)
    assert _hidden(text(response), also=list(CUSTOMERS.values()))


# The permission functions themselves

CAN_SEE = {
    # lead: personas who may see it
    "new": {"giver", "receiver", "earlier", "editor", "admin"},
    "declined": {"giver", "receiver", "earlier", "editor", "admin"},
    "contacted": {"giver", "receiver", "editor", "admin"},
    "editors_own": {"editor", "spare", "admin"},
    "elsewhere": {"third", "spare", "editor", "admin"},
}
EVERYONE = (
    "giver",
    "receiver",
    "earlier",
    "editor",
    "admin",
    "member",
    "outsider",
    "spare",
    "third",
)


def _user(w, persona):
    return reload(getattr(w, persona).user)  # no cached memberships


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("key", list(CAN_SEE))
def test_can_see_lead(w, key, persona):
    lead = reload(w.leads[key])
    assert permissions.can_see_lead(_user(w, persona), lead) is (persona in CAN_SEE[key])


@pytest.mark.parametrize("persona", EVERYONE)
def test_visible_leads_agrees_with_can_see_lead(w, persona):
    user = _user(w, persona)
    visible = set(permissions.visible_leads(user))
    assert visible == {lead for lead in Lead.objects.all() if permissions.can_see_lead(user, lead)}
    if persona in ("editor", "admin"):
        assert len(visible) == len(EVERY_LEAD)


def test_visible_leads_narrows_a_given_queryset(w):
    leads = Lead.objects.filter(status="new")
    found = permissions.visible_leads(_user(w, "giver"), leads)
    assert set(found) == {w.leads["new"]}


EXPORTABLE = {
    "giver": RELAYED | DIRECT,  # every lead they gave, whatever its state (the view filters)
    "receiver": {"accepted", "contacted", "won", "lost"},  # the ones they accepted
    "earlier": set(),
    "editor": EVERY_LEAD,
    "admin": EVERY_LEAD,
    "member": set(),
    "outsider": set(),
    "spare": {"elsewhere"},  # accepted from the third
    "third": {"elsewhere"},
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_exportable_leads(w, persona):
    found = {lead.pk for lead in permissions.exportable_leads(_user(w, persona))}
    assert found == {w.leads[key].pk for key in EXPORTABLE[persona]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("giver", False),
        ("receiver", False),
        ("member", False),
        ("outsider", False),
        ("editor", True),
        ("admin", True),
    ],
)
def test_is_lead_editor(w, persona, expected):
    assert permissions.is_lead_editor(_user(w, persona)) is expected


def test_an_inactive_editor_or_admin_is_no_lead_editor_and_sees_nothing(w):
    for persona in ("editor", "admin", "giver"):
        user = _user(w, persona)
        user.is_active = False
        assert not permissions.is_lead_editor(user)
        assert not permissions.can_see_lead(user, reload(w.leads["new"]))
        assert not permissions.visible_leads(user).exists()
        assert not permissions.exportable_leads(user).exists()
        assert not permissions.can_see_ledgers(user)


def test_an_anonymous_visitor_is_no_lead_editor_and_sees_nothing(w):
    anonymous = AnonymousUser()
    assert not permissions.is_lead_editor(anonymous)
    assert not permissions.can_see_lead(anonymous, w.leads["new"])
    assert not permissions.visible_leads(anonymous).exists()
    assert not permissions.can_see_ledgers(anonymous)
    assert not permissions.can_see_ledger(anonymous, w.giver.user)
    for action in ("route", "answer", "forward", "update", "withdraw", "thank"):
        assert not permissions._LEAD_ACTIONS[action](anonymous, w.leads["new"])


def test_an_anonymous_visitor_may_export_nothing(w):
    assert not permissions.exportable_leads(AnonymousUser()).exists()


def test_an_editor_of_another_community_is_no_lead_editor(w):
    other = make_community("Facility managers")
    add_member(other, w.outsider, role="editor")
    user = _user(w, "outsider")
    assert permissions.is_editor(user, other)
    assert not permissions.is_lead_editor(user)
    assert not permissions.can_see_lead(user, reload(w.leads["new"]))


def test_without_the_sales_community_only_admins_oversee_leads(w, settings):
    settings.LEADS_COMMUNITY = "no-such-community"
    assert permissions.lead_community() is None
    assert not permissions.is_lead_editor(_user(w, "editor"))
    assert permissions.is_lead_editor(_user(w, "admin"))
    assert not permissions.can_see_ledgers(_user(w, "member"))
    assert permissions.can_see_ledgers(_user(w, "admin"))
    # the people involved still see their own leads
    assert permissions.can_see_lead(_user(w, "giver"), reload(w.leads["new"]))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("giver", True), ("member", True), ("outsider", True), ("admin", True)],
)
def test_everyone_may_see_the_ledgers_of_an_open_sales_community(w, persona, expected):
    assert permissions.can_see_ledgers(_user(w, persona)) is expected


@pytest.mark.parametrize(
    ("persona", "ledgers", "own", "others"),
    [
        ("giver", True, True, True),
        ("reader", True, True, True),
        ("admin", True, True, True),
        ("stranger", False, True, False),
    ],
)
def test_can_see_ledgers_of_a_private_sales_community(private_sales, persona, ledgers, own, others):
    user = reload(getattr(private_sales, persona).user)
    assert permissions.can_see_ledgers(user) is ledgers
    assert permissions.can_see_ledger(user, user) is own
    assert permissions.can_see_ledger(user, private_sales.receiver.user) is others
