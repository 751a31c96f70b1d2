"""The search page and its suggestions; which backend answers is not their concern."""

import math
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from intranet.community import permissions
from intranet.community.models import CommunityPage
from intranet.library.models import DocumentType, Outcome
from intranet.people.models import User

from . import backends, log
from .forms import SearchForm, language_choices
from .models import Kind, SearchFacet

PER_PAGE = 20
FACET_TITLES = {
    "kind": _("Type"),
    "community": _("Community"),
    "customer": _("Customer"),
    "product": _("Product or service"),
    "tag": _("Tag"),
    "document_type": _("Document type"),
    "outcome": _("Outcome"),
    "language": _("Language"),
    "author": _("Author"),
    "year": _("Year"),
}
CHOICE_LABELS = {
    "kind": dict(Kind.choices),
    "document_type": dict(DocumentType.choices),
    "outcome": dict(Outcome.choices),
}


FACET_VALUES = 12  # values listed under each facet, the most frequent first


def _labels(facets, hits):
    """Display names for facet values and hits, in one query per kind of name."""
    community_ids = {v for v, _n in facets.get("community", [])} | {
        str(hit.community_id) for hit in hits if hit.community_id
    }
    author_ids = {v for v, _n in facets.get("author", [])} | {
        str(hit.author_id) for hit in hits if hit.author_id
    }
    labels = {name: dict(choices) for name, choices in CHOICE_LABELS.items()}
    labels["language"] = dict(language_choices())  # named in the interface language
    labels["community"] = {
        str(pk): title
        for pk, title in CommunityPage.objects.filter(pk__in=community_ids).values_list(
            "pk", "title"
        )
    }
    labels["author"] = {str(user.pk): str(user) for user in User.objects.filter(pk__in=author_ids)}
    wanted = {
        (name, value)
        for name in ("customer", "product", "tag")
        for value, _n in facets.get(name, [])
    }
    rows = (
        SearchFacet.objects.filter(
            name__in=("customer", "product", "tag"), value__in={v for _n, v in wanted}
        )
        .values_list("name", "value", "label")
        .distinct()
    )
    for name, value, label in rows:
        labels.setdefault(name, {})[value] = label
    return labels


def _url(params, **changes):
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/search.html", {"form": form}, status=400)
    data = form.cleaned_data
    filters = form.filters()
    if not (data["q"] or filters):
        return render(request, "search/search.html", {"form": form, "searched": False})
    params = {
        "q": data["q"],
        "sort": data["sort"] if data["sort"] != "relevance" else "",
        **filters,
    }
    keys = permissions.search_keys(request.user)
    asked = max(data["page"] or 1, 1)
    query = backends.Query(
        text=data["q"], keys=keys, filters=filters, sort=data["sort"], limit=PER_PAGE
    )
    query.offset = (asked - 1) * PER_PAGE
    results = backends.search(query)
    if data["q"] and asked == 1:
        log.record(data["q"], found=results.total > 0)
    pages = max(math.ceil(results.total / PER_PAGE), 1)
    if asked > pages:  # past the end: show the last page rather than nothing
        query.offset = (pages - 1) * PER_PAGE
        results = backends.search(query)
        asked = pages
    # Each facet lists its most frequent values: only those (and the hits) need names.
    shown = {name: values[:FACET_VALUES] for name, values in results.facets.items()}
    labels = _labels(shown, results.hits)
    facets = [
        {
            "name": name,
            "title": FACET_TITLES[name],
            "selected": filters.get(name),
            "selected_label": labels.get(name, {}).get(filters.get(name), filters.get(name)),
            "clear_url": _url(params, **{name: "", "page": ""}),
            "values": [
                {
                    "label": labels.get(name, {}).get(value, value),
                    "count": count,
                    "url": _url(params, **{name: value, "page": ""}),
                }
                for value, count in shown.get(name, [])
            ],
        }
        for name in SearchForm.FACETS
        if shown.get(name) or filters.get(name)
    ]
    hits = [
        {
            "hit": hit,
            "kind": CHOICE_LABELS["kind"].get(hit.kind, hit.kind),
            "community": labels["community"].get(str(hit.community_id)),
            "author": labels["author"].get(str(hit.author_id)),
            "language": (
                labels["language"].get(hit.language, hit.language)
                if hit.language and hit.language != translation.get_language()
                else ""
            ),
        }
        for hit in results.hits
    ]
    context = {
        "form": form,
        "query": data["q"],
        "results": results,
        "hits": hits,
        "facets": facets,
        "page": asked,
        "pages": pages,
        "previous_url": _url(params, page=asked - 1) if asked > 1 else None,
        "next_url": _url(params, page=asked + 1) if asked < pages else None,
        "sort_urls": {
            "relevance": _url(params, sort="", page=""),
            "date": _url(params, sort="date", page=""),
        },
        "searched": bool(data["q"] or filters),
        "promotions": log.promotions(data["q"], request.user) if asked == 1 else [],
        "did_you_mean": backends.did_you_mean(data["q"], keys) if results.total == 0 else "",
        "can_see_report": permissions.is_any_editor(request.user),
    }
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    """Suggestions as you type, from what the user may see."""
    text = request.GET.get("q", "")[: backends.MAX_QUERY]
    found = backends.autocomplete(text, permissions.search_keys(request.user))
    return JsonResponse(
        {
            "suggestions": [
                {
                    "kind": s.kind,
                    "label": s.label,
                    "url": s.url or "/search/" + _url({}, **{s.kind: s.value}),
                }
                for s in found
            ]
        }
    )


def search_report(request):
    """For editors: what people search for, and what finds nothing."""
    if not permissions.is_any_editor(request.user):
        raise PermissionDenied
    frequent, empty = log.report()
    context = {"frequent": frequent, "empty": empty, "days": log.REPORT_DAYS}
    return render(request, "search/report.html", context)
