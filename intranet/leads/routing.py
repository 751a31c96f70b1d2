"""Who should get a lead: suggestions, best first, each with the reasons that earned it.

The weights are here and nowhere else. Knowing the customer counts only from posts and
library items the giver may read, so a suggestion never reveals a closed community's content.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intranet.community import permissions
from intranet.community.models import Status as MemberStatus
from intranet.library.models import LibraryItemPage

from .models import TAKEN, Lead

LIMIT = 5

WEIGHTS = {
    "local": 50,  # the target division, at the lead's location
    "country": 25,  # the target division, elsewhere in the same country
    "division": 10,  # the target division, anywhere
    "past_receiver": 30,  # took an earlier lead for this customer
    "wrote": 20,  # wrote posts or meeting notes about the customer
    "library": 20,  # owns library items for the customer
    "partner": 15,  # has exchanged leads with the giver before
}


def describe(reason):
    """A stored reason, as a sentence in the reader's language."""
    code, n, name = reason.get("code"), reason.get("n", 0), reason.get("name", "")
    if code == "local":
        return _("Works for %(name)s at this location") % {"name": name}
    if code == "country":
        return _("Works for %(name)s in the same country") % {"name": name}
    if code == "division":
        return _("Works for %(name)s") % {"name": name}
    if code == "past_receiver":
        return ngettext(
            "Took an earlier lead for %(name)s", "Took %(n)s earlier leads for %(name)s", n
        ) % {"n": n, "name": name}
    if code == "wrote":
        return ngettext("Wrote a post about %(name)s", "Wrote %(n)s posts about %(name)s", n) % {
            "n": n,
            "name": name,
        }
    if code == "library":
        return ngettext(
            "Has a library item for %(name)s", "Has %(n)s library items for %(name)s", n
        ) % {"n": n, "name": name}
    if code == "partner":
        return ngettext(
            "You have exchanged a lead before", "You have exchanged %(n)s leads before", n
        ) % {"n": n}
    return ""


@dataclass
class Candidate:
    user: object
    score: int = 0
    reasons: list = field(default_factory=list)


def candidates(lead, giver, limit=LIMIT):
    """The best receivers for the lead, as Candidates; a fixed number of queries."""
    found = defaultdict(lambda: {"score": 0, "reasons": []})

    def add(user_id, code, n=0, name=""):
        entry = found[user_id]
        entry["score"] += WEIGHTS[code]
        entry["reasons"].append({"code": code, "n": n, "name": name})

    people = get_user_model().objects.filter(is_active=True).exclude(pk=giver.pk)
    division = lead.division
    sellers = people.filter(profile__division=division)
    community = permissions.lead_community()
    if community is not None:  # the receivers are the people who sell: its members
        sellers = sellers.filter(
            memberships__community=community, memberships__status=MemberStatus.ACTIVE
        )
    here = sellers.filter(profile__location=lead.location)
    for user_id in here.values_list("pk", flat=True)[: limit * 4]:
        add(user_id, "local", name=division.name)
    country = lead.location.country
    if country:
        near = sellers.filter(profile__location__country=country).exclude(
            profile__location=lead.location
        )
        for user_id in near.values_list("pk", flat=True)[: limit * 4]:
            add(user_id, "country", name=division.name)
    if len(found) < limit:
        anywhere = sellers.exclude(pk__in=list(found))
        for user_id in anywhere.values_list("pk", flat=True)[:limit]:
            add(user_id, "division", name=division.name)

    if lead.customer_id:
        name = lead.customer.name
        took = (
            Lead.objects.filter(customer=lead.customer, status__in=TAKEN)
            .exclude(pk=lead.pk)
            .exclude(accepted_by=giver)
            .order_by()
            .values("accepted_by")
            .annotate(n=Count("pk"))
        )
        for row in took:
            add(row["accepted_by"], "past_receiver", row["n"], name)
        posts = permissions.visible_posts(giver).filter(customers=lead.customer)
        for row in posts.order_by().values("owner").annotate(n=Count("pk")):
            if row["owner"] and row["owner"] != giver.pk:
                add(row["owner"], "wrote", row["n"], name)
        items = LibraryItemPage.objects.live().filter(
            customers=lead.customer,
            community__in=permissions.readable_communities(giver).values("pk"),
        )
        for row in items.order_by().values("owner").annotate(n=Count("pk")):
            if row["owner"] and row["owner"] != giver.pk:
                add(row["owner"], "library", row["n"], name)

    exchanged = defaultdict(int)
    past = Lead.objects.filter(status__in=TAKEN).filter(Q(giver=giver) | Q(accepted_by=giver))
    for giver_id, taker_id in past.values_list("giver", "accepted_by"):
        exchanged[taker_id if giver_id == giver.pk else giver_id] += 1
    for user_id, n in exchanged.items():
        if user_id and user_id != giver.pk:
            add(user_id, "partner", n)

    users = {u.pk: u for u in people.filter(pk__in=found.keys()).select_related("profile")}
    ranked = [
        Candidate(users[user_id], entry["score"], entry["reasons"])
        for user_id, entry in found.items()
        if user_id in users
    ]
    ranked.sort(key=lambda c: (-c.score, c.user.get_full_name().lower(), c.user.pk))
    return ranked[:limit]
