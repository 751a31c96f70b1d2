"""Recording leads, passing them on and answering them; the ledger and the CRM export.

Every view asks the permissions module first: someone who may not see a lead gets a 404,
someone who sees it but may not do the action a 403, and an action the lead's state does not
allow (it was accepted meanwhile, say) a 409 with the lead's current state.
"""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intranet.community import permissions
from intranet.converters import parse_id
from intranet.csv import safe_cell

from . import ledger, services
from .forms import ForwardForm, LeadForm, NoteForm, OutcomeForm, ReasonForm, RouteForm, ThanksForm
from .models import Status
from .routing import describe

PER_PAGE = 25
LISTS = {
    "waiting": gettext_lazy("Waiting for you"),
    "received": gettext_lazy("Passed to you"),
    "given": gettext_lazy("Passed on by you"),
    "all": gettext_lazy("All leads"),
}


def _listing(user, show):
    leads = permissions.visible_leads(user).select_related(
        "giver", "receiver", "customer", "division", "location", "accepted_by"
    )
    if show == "waiting":
        return leads.filter(pk__in=services.waiting(user).values("pk"))
    if show == "received":
        return leads.filter(handoffs__receiver=user).distinct()
    if show == "given":
        return leads.filter(giver=user)
    return leads


def index(request):
    user = request.user
    show = request.GET.get("show") or "waiting"
    if show not in LISTS or (show == "all" and not permissions.is_lead_editor(user)):
        return HttpResponseBadRequest(_("Unknown list."))
    page = Paginator(_listing(user, show), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "leads/index.html",
        {
            "show": show,
            "lists": [
                (key, label)
                for key, label in LISTS.items()
                if key != "all" or permissions.is_lead_editor(user)
            ],
            "leads_page": page,
            "waiting": _listing(user, "waiting").count(),
            "owed": ledger.owed(user),
        },
    )


def new(request):
    if request.method == "POST":
        form = LeadForm(request.POST)
        if form.is_valid():
            lead = services.record(request.user, form.cleaned_data)
            messages.success(request, _("Lead saved. Now choose who should get it."))
            return redirect(lead)
        status = 400
    else:
        initial = {}
        division = parse_id(request.GET.get("division", ""))
        if division is not None:
            initial["division"] = division
        form, status = LeadForm(initial=initial), 200
    return render(request, "leads/new.html", {"form": form}, status=status)


def _forms(request, lead, suggestions, bound=None):
    """The forms for the actions this person may take on the lead in its current state."""
    user = request.user
    forms = {}
    if suggestions is not None:
        forms["route"] = RouteForm(lead, suggestions)
    if permissions.can_answer_lead(user, lead) and lead.status == Status.NEW:
        forms["accept"] = True
        forms["decline"] = ReasonForm(prefix="decline")
    if permissions.can_forward_lead(user, lead) and services.allowed(lead, "forward"):
        forms["forward"] = ForwardForm(lead, prefix="forward")
    if permissions.can_update_lead(user, lead):
        if services.allowed(lead, "contacted"):
            forms["contacted"] = NoteForm(prefix="contacted")
        if services.allowed(lead, "won"):
            forms["won"] = OutcomeForm(prefix="won", currency=_currency())
            forms["lost"] = OutcomeForm(prefix="lost", currency=_currency())
    if permissions.can_withdraw_lead(user, lead) and services.allowed(lead, "withdraw"):
        forms["withdraw"] = NoteForm(prefix="withdraw")
    if (
        permissions.can_thank_for_lead(user, lead)
        and lead.status in services.THANKABLE
        and lead.thanked_at is None
    ):
        forms["thank"] = ThanksForm(prefix="thank")
    if bound:
        forms.update(bound)
    return forms


def _currency():
    return settings.LEADS_CURRENCY


def _routable_suggestions(user, lead):
    """The suggestions to choose from, if this person may route the lead now; else None."""
    if permissions.can_route_lead(user, lead) and services.allowed(lead, "route"):
        return list(services.suggestions(lead))
    return None


def _render(request, lead, bound=None, status=200):
    suggestions = _routable_suggestions(request.user, lead)
    context = {
        "lead": lead,
        "forms": _forms(request, lead, suggestions, bound),
        "suggestions": [(s, [describe(r) for r in s.reasons]) for s in suggestions or []],
        "events": lead.events.select_related("actor", "target"),
    }
    return render(request, "leads/detail.html", context, status=status)


def detail(request, lead_id):
    return _render(request, permissions.lead_for(request.user, lead_id))


def _conflict(request, lead):
    messages.error(request, _("That is no longer possible: the lead has moved on meanwhile."))
    lead.refresh_from_db()
    return _render(request, lead, status=409)


# action name: (permission action, form factory, service call, message)
def _act(name):
    @require_POST
    def view(request, lead_id):
        permission, make_form, perform, done = ACTIONS[name]
        lead = permissions.lead_for(request.user, lead_id, permission)
        form = make_form(request, lead) if make_form else None
        if form is not None and not form.is_valid():
            return _render(request, lead, bound={name: form}, status=400)
        data = form.cleaned_data if form is not None else {}
        try:
            perform(lead, request.user, data)
        except services.IllegalMove:
            return _conflict(request, lead)
        messages.success(request, done)
        return redirect(lead)

    view.__name__ = name
    return view


ACTIONS = {
    "route": (
        "route",
        lambda r, lead: RouteForm(lead, services.suggestions(lead), r.POST),
        lambda lead, user, d: services.route(lead, d["person"], user),
        gettext_lazy("The lead is on its way. You will hear when they answer."),
    ),
    "accept": (
        "answer",
        None,
        lambda lead, user, d: services.accept(lead, user),
        gettext_lazy("You accepted the lead. The giver has been told."),
    ),
    "decline": (
        "answer",
        lambda r, lead: ReasonForm(r.POST, prefix="decline"),
        lambda lead, user, d: services.decline(lead, user, d["reason"]),
        gettext_lazy("You declined the lead. The giver can pass it to someone else."),
    ),
    "forward": (
        "forward",
        lambda r, lead: ForwardForm(lead, r.POST, prefix="forward"),
        lambda lead, user, d: services.forward(lead, d["to"], user, d["note"]),
        gettext_lazy("The lead was forwarded."),
    ),
    "contacted": (
        "update",
        lambda r, lead: NoteForm(r.POST, prefix="contacted"),
        lambda lead, user, d: services.contacted(lead, user, d["note"]),
        gettext_lazy("Noted: the customer has been contacted."),
    ),
    "won": (
        "update",
        lambda r, lead: OutcomeForm(r.POST, prefix="won", currency=_currency()),
        lambda lead, user, d: services.close(lead, user, "won", value=d["value"], note=d["note"]),
        gettext_lazy("Congratulations! The giver has been told."),
    ),
    "lost": (
        "update",
        lambda r, lead: OutcomeForm(r.POST, prefix="lost", currency=_currency()),
        lambda lead, user, d: services.close(lead, user, "lost", value=d["value"], note=d["note"]),
        gettext_lazy("Noted. The giver has been told."),
    ),
    "withdraw": (
        "withdraw",
        lambda r, lead: NoteForm(r.POST, prefix="withdraw"),
        lambda lead, user, d: services.withdraw(lead, user, d["note"]),
        gettext_lazy("The lead was withdrawn."),
    ),
    "thank": (
        "thank",
        lambda r, lead: ThanksForm(r.POST, prefix="thank"),
        lambda lead, user, d: services.thank(lead, user, d["message"]),
        gettext_lazy("Your thanks were sent."),
    ),
}
VIEWS = {name: _act(name) for name in ACTIONS}


def ledger_view(request):
    user = request.user
    community = permissions.lead_community()
    context = {"mine": ledger.person(user), "community": community}
    if permissions.can_see_ledgers(user):
        divisions, rows = ledger.matrix()
        context.update(divisions=divisions, rows=rows)
    return render(request, "leads/ledger.html", context)


EXPORTED = (Status.ACCEPTED, Status.CONTACTED, Status.WON)


def export(request):
    """Accepted and won leads as CSV for the CRM (every lead for lead editors)."""
    leads = (
        permissions.exportable_leads(request.user)
        .filter(status__in=EXPORTED)
        .select_related("giver", "accepted_by", "customer", "division", "location", "product")
        .order_by("pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="guild-leads-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
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
    )
    for lead in leads:
        writer.writerow(
            safe_cell(value)
            for value in [
                lead.pk,
                lead.status,
                lead.customer.name if lead.customer_id else "",
                lead.proposed_customer,
                lead.division.name,
                lead.product.name if lead.product_id else "",
                lead.location.name,
                lead.site,
                lead.need,
                lead.urgency,
                lead.contact_name,
                lead.contact_role,
                lead.contact_email,
                lead.contact_phone,
                lead.giver.get_full_name(),
                lead.giver.email,
                lead.accepted_by.get_full_name() if lead.accepted_by_id else "",
                lead.accepted_by.email if lead.accepted_by_id else "",
                timezone.localtime(lead.accepted_at).isoformat() if lead.accepted_at else "",
                lead.value if lead.value is not None else "",
                lead.currency,
            ]
        )
    return response
