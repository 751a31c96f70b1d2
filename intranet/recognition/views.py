from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules, services

LABELS = {
    "people": gettext_lazy("People"),
    "divisions": gettext_lazy("Divisions"),
    "locations": gettext_lazy("Locations"),
    "communities": gettext_lazy("Communities"),
    "month": gettext_lazy("This month"),
    "all": gettext_lazy("All time"),
}


def leaderboard(request):
    period = request.GET.get("period") or "month"
    if period not in services.PERIODS:
        return HttpResponseBadRequest(_("Unknown period."))
    boards = [
        (key, LABELS[key], services.leaderboard(request.user, key, period))
        for key in services.BOARDS
    ]
    return render(
        request,
        "recognition/leaderboard.html",
        {
            "period": period,
            "periods": {key: LABELS[key] for key in services.PERIODS},
            "boards": boards,
            "me": services.standing(request.user),
            "rules": rules.RULES,
            "badges": rules.BADGES,
        },
    )
