"""What the library and item pages show: facets with counts, sorted lists, related items."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from intranet import caching
from intranet.community import permissions
from intranet.people.forms import slug_filter
from intranet.taxonomy.models import Customer, Industry, Product

from .forms import ReuseForm, VersionForm
from .models import DocumentType, Language, LibraryFile, LibraryItemPage, Outcome, Region

ITEMS_PER_PAGE = 20
PREVIEW_FILTER = "max-240x320"
SORTS = {
    "newest": ["-document_date", "-pk"],
    "reused": ["-num_reuses", "-document_date", "-pk"],
    "title": ["title", "pk"],
}


def _choice(label, choices):
    return forms.ChoiceField(label=label, choices=[("", _("Any")), *list(choices)], required=False)


class LibraryFilterForm(forms.Form):
    """The library's facets, read from the query string so a filtered view can be shared."""

    customer = slug_filter(_("Customer"), Customer.objects.all(), _("Any"))
    product = slug_filter(_("Product"), Product.objects.all(), _("Any"))
    industry = _choice(_("Industry"), Industry.choices)
    region = _choice(_("Region"), Region.choices)
    document_type = _choice(_("Document type"), DocumentType.choices)
    outcome = _choice(_("Outcome"), Outcome.choices)
    language = _choice(_("Language"), Language.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("newest", _("Newest")), ("reused", _("Most reused")), ("title", _("Title"))],
    )


# How each facet filters the items, and how its counts are grouped.
FACETS = {
    "customer": ("customers", "customers__slug", "customers__name"),
    "product": ("products", "products__slug", "products__name"),
    "industry": ("industry", "industry", None),
    "region": ("region", "region", None),
    "document_type": ("document_type", "document_type", None),
    "outcome": ("outcome", "outcome", None),
    "language": ("language", "language", None),
    "year": ("document_date__year", "year", None),
}


def _filtered(items, filters, skip=None):
    for name, value in filters.items():
        if name != skip and value not in (None, ""):
            items = items.filter(**{FACETS[name][0]: value})
    return items


def _counts(items, name):
    """[(value, label, count)] for one facet, over the items the other filters leave."""
    _, key, label_key = FACETS[name]
    if name == "year":
        items = items.annotate(year=ExtractYear("document_date"))
    rows = items.filter(**{f"{key}__isnull": False}).values(
        key, *([label_key] if label_key else [])
    )
    rows = rows.annotate(n=Count("pk", distinct=True)).order_by(key)
    choices = (
        dict(LibraryFilterForm.base_fields[name].choices)
        if not label_key and name != "year"
        else {}
    )
    return [
        (row[key], row[label_key] if label_key else choices.get(row[key], row[key]), row["n"])
        for row in rows
    ]


def _chosen(data, name):
    """(value, label) of the facet's chosen value, written as its counts write them, or None."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if hasattr(value, "slug"):
        return value.slug, value.name
    if name == "year":
        return value, value
    return value, dict(LibraryFilterForm.base_fields[name].choices)[value]


def _facet_counts(items, filters, data, name):
    """[(value, label, count)] for one facet, with the other filters applied.

    A chosen value that the other filters leave no item for is kept, at 0, so that the form still
    shows it selected rather than dropping it silently from the next search.
    """
    counts = _counts(_filtered(items, filters, skip=name), name)
    chosen = _chosen(data, name)
    if chosen is not None and all(value != chosen[0] for value, _, _ in counts):
        counts = sorted([*counts, (*chosen, 0)], key=lambda row: row[0])
    return counts


def _listed(items):
    previews = get_image_model().objects.prefetch_renditions(PREVIEW_FILTER)
    files = LibraryFile.objects.select_related("document").prefetch_related(
        Prefetch("preview", queryset=previews)
    )
    return items.annotate(num_reuses=Count("reuses", distinct=True)).prefetch_related(
        Prefetch("files", queryset=files), "customers", "products", "tags"
    )


def context(library, request):
    items = LibraryItemPage.objects.live().child_of(library)
    community = library.community
    form = LibraryFilterForm(request.GET or None)
    # Facets and results are the same for every reader of the community: the template caches
    # them by the community's stamp and the whole query; they are counted only on a miss.
    cached = {
        "fragments": caching.stamp(caching.community(community.pk), caching.SITE),
        "results_key": sorted(request.GET.lists()),
    }
    if form.is_bound and not form.is_valid():
        # Show every facet unfiltered, so the person can correct the filters from the page.
        facets = SimpleLazyObject(
            lambda: [(name, form[name].label, _counts(items, name), "") for name in FACETS]
        )
        return {
            "form": form,
            "facets": facets,
            "filter_errors": True,
            "items_page": None,
            **cached,
        }
    data = form.cleaned_data if form.is_bound else {}
    filters = {name: data.get(name) for name in FACETS}
    filters = {
        name: (value.pk if hasattr(value, "pk") else value) for name, value in filters.items()
    }
    facets = SimpleLazyObject(
        lambda: [
            (
                name,
                form[name].label,
                _facet_counts(items, filters, data, name),
                request.GET.get(name, ""),
            )
            for name in FACETS
        ]
    )
    sort = data.get("sort") or "newest"
    listed = _listed(_filtered(items, filters)).order_by(*SORTS[sort])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        **cached,
        "facets": facets,
        "items_page": SimpleLazyObject(
            lambda: Paginator(listed, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        ),
        "query": query.urlencode(),
        "most_reused": items.annotate(num_reuses=Count("reuses", distinct=True))
        .filter(num_reuses__gt=0)
        .order_by("-num_reuses", "title")[:5],
        "community": community,
        "can_upload": permissions.can_contribute(request.user, community),
        "can_review": permissions.is_editor(request.user, community),
    }


def related_items(item, limit=5):
    """Items of the same community that share its customers, products or industry, best first."""
    customers = list(item.customers.values_list("pk", flat=True))
    products = list(item.products.values_list("pk", flat=True))
    score = (
        Count("customers", filter=Q(customers__in=customers), distinct=True)
        + Count("products", filter=Q(products__in=products), distinct=True)
        + Case(
            When(industry=item.industry, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return (
        LibraryItemPage.objects.live()
        .filter(community=item.community_id)
        .exclude(pk=item.pk)
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "-document_date")[:limit]
    )


def item_context(item, request):
    user = request.user
    community = item.community
    return {
        "community": community,
        "files": item.files.select_related("document", "uploaded_by", "preview"),
        "reuses": item.reuses.select_related("user", "customer")[:10],
        "reuse_count": item.reuses.count(),
        "derived_from": item.derived_from if item.derived_from and item.derived_from.live else None,
        "derivatives": item.derivatives.live().order_by("-document_date"),
        "related": related_items(item),
        "can_reuse": permissions.can_read(user, community),
        "can_add_version": permissions.can_edit_owned(user, community, item.owner_id),
        "reuse_form": ReuseForm(),
        "version_form": VersionForm(),
    }
