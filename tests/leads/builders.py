"""Building leads for tests through the site's own services."""

import datetime

from django.utils import timezone

from intranet.leads import services
from intranet.leads.models import Lead
from tests.builders import add_member, make_community, make_division, make_location, make_person
from tests.library.builders import make_customer


def sales_community(**fields):
    """The lead relay's community: slug "sales" (settings.LEADS_COMMUNITY), open to all."""
    return make_community("Sales", **fields)


def seller(username, division, location, community=None, role="member"):
    """A person of `division` at `location`, member of the sales community if given."""
    person = make_person(
        username, division=make_division(division), location=make_location(location)
    )
    if community is not None:
        add_member(community, person, role=role)
    return person


def lead_data(division="Secure", location="Gothenburg", customer=None, **fields):
    """Cleaned data for services.record (model instances, not form strings)."""
    return {
        "division": make_division(division),
        "location": make_location(location),
        "customer": customer,
        "proposed_customer": "" if customer else fields.pop("proposed_customer", "Nordhamn AB"),
        "need": "They need night guards at the new warehouse.",
        "urgency": "normal",
        **fields,
    }


def form_data(division, location, customer=None, **fields):
    """What the lead form posts."""
    data = {
        "division": division.pk,
        "location": location.pk,
        "customer": customer.pk if customer else "",
        "proposed_customer": "" if customer else "Nordhamn AB",
        "need": "They need night guards at the new warehouse.",
        "urgency": "normal",
    }
    data.update(fields)
    return data


def make_lead(giver, receiver=None, *, status="new", customer=None, **fields):
    """A lead from `giver` (a profile), passed to `receiver` (a profile) and moved on to
    `status` (unrouted, new, accepted, contacted, won, lost, declined, withdrawn)."""
    lead = services.record(giver.user, lead_data(customer=customer, **fields))
    if status == "unrouted":
        return lead
    if status == "withdrawn" and receiver is None:
        return services.withdraw(lead, giver.user, "No longer needed.")
    services.route(lead, receiver.user, giver.user)
    if status == "declined":
        services.decline(lead, receiver.user, "Not our area.")
    elif status == "withdrawn":
        services.withdraw(lead, giver.user, "No longer needed.")
    elif status in ("accepted", "contacted", "won", "lost"):
        services.accept(lead, receiver.user)
        if status == "contacted":
            services.contacted(lead, receiver.user)
        elif status in ("won", "lost"):
            services.close(lead, receiver.user, status, value=None)
    lead.refresh_from_db()
    return lead


def age(lead, hours):
    """Pretend the lead reached its receiver `hours` ago."""
    when = timezone.now() - datetime.timedelta(hours=hours)
    Lead.objects.filter(pk=lead.pk).update(routed_at=when)
    lead.handoffs.filter(ended_at=None).update(routed_at=when)
    lead.refresh_from_db()
    return lead


__all__ = ["make_customer"]
