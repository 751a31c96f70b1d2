"""The query log behind the editors' report: counts per normalised query and day, no people."""

import datetime

from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from intranet.community import permissions

from .models import QueryLog

REPORT_DAYS = 30


def record(text, found):
    query = normalise_query_string(text)[:200]
    if not query:
        return
    row, _created = QueryLog.objects.get_or_create(query=query, date=timezone.localdate())
    QueryLog.objects.filter(pk=row.pk).update(
        searches=F("searches") + 1, without_results=F("without_results") + (0 if found else 1)
    )


def report(days=REPORT_DAYS, limit=25):
    """(most asked, most often without results) over the last `days` days."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    recent = QueryLog.objects.filter(date__gte=since).values("query")
    totals = recent.annotate(searches=Sum("searches"), empty=Sum("without_results"))
    frequent = totals.order_by("-searches", "query")[:limit]
    empty = totals.filter(empty__gt=0).order_by("-empty", "query")[:limit]
    return list(frequent), list(empty)


def promotions(text, user):
    """What editors promoted for this query (Wagtail's search promotions), less any page
    the user may not see."""
    query = normalise_query_string(text)
    if not query:
        return []
    found = list(
        SearchPromotion.objects.filter(query__query_string=query)
        .select_related("page")
        .order_by("sort_order")
    )
    shown = {page.pk for page in permissions.visible_pages(user, [p.page for p in found if p.page])}
    return [p for p in found if p.page is None or p.page.pk in shown]
