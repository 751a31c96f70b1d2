"""Finding an item in the library: facets with counts, filters in the URL, sorting and reuse.

The facet tests build a small and a large library from the same recipe, then compare what the
page shows with counts worked out here in Python: each facet counts the live items that pass
every OTHER active filter, so choosing a value in one facet narrows the counts of the others.
"""

import datetime
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.utils.text import slugify

from intranet.library import services
from intranet.library.browse import ITEMS_PER_PAGE
from intranet.library.models import Reuse
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, login, text
from tests.library.builders import make_customer, make_item, make_product, reuse

pytestmark = pytest.mark.django_db

SIZES = {"small": 12, "large": 30}
CUSTOMERS = ["Solberga Hospital", "Kvarnby Handel", "Nordhamn Port"]
PRODUCTS = ["Manned guarding", "Key holding", "Alarm monitoring"]
OUTCOMES = ["won", "lost", "pending", "not_applicable"]
TYPES = ["proposal", "quotation", "specification", "blueprint", "presentation"]
REGIONS = ["sweden", "germany", "nordics"]
INDUSTRIES = ["healthcare", "retail"]
FACETS = ["customer", "product", "industry", "region", "document_type", "outcome", "language"]


def _spec(number):
    """The metadata of item `number`: values cycle at different rates so they combine."""
    products = [PRODUCTS[number % 3]] + ([PRODUCTS[(number + 1) % 3]] if number % 5 == 0 else [])
    return {
        "title": f"Library item {number:02d}",
        "customer": [] if number % 4 == 3 else [CUSTOMERS[number % 3]],
        "product": products,
        "outcome": OUTCOMES[(number // 2) % 4],
        "document_type": TYPES[number % 5],
        "region": REGIONS[(number // 3) % 3],
        "industry": INDUSTRIES[number % 2],
        "language": "sv" if number % 5 == 0 else "en",
        "year": 2021 + number % 4,
        "live": number % 7 != 6,
    }


def _build_library(title, size, owner, terms):
    community = make_community(title)
    add_member(community, owner)
    specs = [_spec(number) for number in range(size)]
    for spec in specs:
        item = make_item(
            community,
            owner,
            file="docx",
            title=spec["title"],
            customers=[terms[name] for name in spec["customer"]],
            products=[terms[name] for name in spec["product"]],
            outcome=spec["outcome"],
            document_type=spec["document_type"],
            region=spec["region"],
            industry=spec["industry"],
            language=spec["language"],
            document_date=datetime.date(spec["year"], 1 + len(spec["title"]) % 12, 15),
        )
        if not spec["live"]:
            item.unpublish()
    # Only unpublished items use this product, so no facet may show it.
    hidden = make_item(community, owner, file="docx", products=[terms["Drone patrol"]])
    hidden.unpublish()
    return SimpleNamespace(library=services.library_of(community), specs=specs)


def _build_world():
    owner = make_person("owner")
    names = [*CUSTOMERS]
    terms = {name: make_customer(name) for name in names}
    terms.update({name: make_product(name) for name in [*PRODUCTS, "Drone patrol"]})
    libraries = {
        size: _build_library(f"The {size} library", count, owner, terms)
        for size, count in SIZES.items()
    }
    # Another community's items share every term; no count of these libraries includes them.
    elsewhere = make_community("Elsewhere")
    add_member(elsewhere, owner)
    for number in range(3):
        spec = _spec(number)
        make_item(
            elsewhere,
            owner,
            file="docx",
            customers=[terms[name] for name in spec["customer"]],
            products=[terms[name] for name in spec["product"]],
        )
    return SimpleNamespace(owner=owner.user, libraries=libraries, terms=terms)


world = built_once(_build_world)


# Counting in Python what the page should show


def _value(spec, name):
    """The facet values of one item spec, as the query string writes them."""
    if name in ("customer", "product"):
        return [slugify(term) for term in spec[name]]
    return [str(spec[name])]


def _passes(spec, filters, skip=None):
    return spec["live"] and all(
        value in _value(spec, name)
        for name, value in filters.items()
        if name != skip and name != "sort"
    )


def expected_facets(specs, filters):
    """{facet: {value: count}} over the live specs that pass the other facets' filters.

    A chosen value stays among its facet's values, at 0 if the other filters leave no item.
    """
    facets = {
        name: Counter(
            value
            for spec in specs
            if _passes(spec, filters, skip=name)
            for value in _value(spec, name)
        )
        for name in [*FACETS, "year"]
    }
    for name, value in filters.items():
        if name in facets:
            facets[name].setdefault(value, 0)
    return {name: dict(counts) for name, counts in facets.items()}


def expected_titles(specs, filters):
    return {spec["title"] for spec in specs if _passes(spec, filters)}


def shown_facets(response):
    return {
        name: {str(value): count for value, _label, count in counts}
        for name, _label, counts, _selected in response.context["facets"]
    }


def listed_titles(response):
    return {item.title for item in response.context["items_page"].paginator.object_list}


FILTERS = [
    {},
    {"product": "manned-guarding"},
    {"product": "manned-guarding", "outcome": "won"},
    {"product": "key-holding", "outcome": "lost", "language": "en"},
    {"customer": "solberga-hospital", "year": "2022"},
    {"year": "2023"},
    {"customer": "kvarnby-handel", "product": "alarm-monitoring", "region": "sweden"},
    {"industry": "retail", "document_type": "quotation", "outcome": "pending"},
    {"customer": "nordhamn-port", "product": "manned-guarding", "year": "2021"},
]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none"
)
def test_it_counts_each_facet_with_the_other_filters_applied(client, world, size, filters):
    found = world.libraries[size]

    response = login(client, world.owner).get(found.library.url, filters)

    assert response.status_code == 200
    assert shown_facets(response) == expected_facets(found.specs, filters)
    assert listed_titles(response) == expected_titles(found.specs, filters)
    assert response.context["items_page"].paginator.count == len(
        expected_titles(found.specs, filters)
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_a_second_filter_narrows_the_list_and_the_counts(client, world, size):
    found = world.libraries[size]
    client = login(client, world.owner)

    by_product = client.get(found.library.url, {"product": "manned-guarding"})
    by_both = client.get(found.library.url, {"product": "manned-guarding", "outcome": "won"})

    assert listed_titles(by_both) < listed_titles(by_product)
    assert listed_titles(by_both) == {
        spec["title"]
        for spec in found.specs
        if spec["live"] and "Manned guarding" in spec["product"] and spec["outcome"] == "won"
    }
    # The outcome facet counts what the product filter leaves, whatever outcome is chosen.
    assert shown_facets(by_both)["outcome"] == shown_facets(by_product)["outcome"]
    products_of_won = shown_facets(by_both)["product"]
    assert sum(products_of_won.values()) < sum(shown_facets(by_product)["product"].values())


@pytest.mark.parametrize("size", list(SIZES))
def test_the_page_shows_counts_and_the_chosen_values(client, world, size):
    found = world.libraries[size]
    filters = {"product": "manned-guarding", "outcome": "won"}

    page = text(login(client, world.owner).get(found.library.url, filters))

    counts = expected_facets(found.specs, filters)
    won = counts["outcome"]["won"]
    assert f'<option value="won" selected>Won ({won})</option>' in page
    guarding = counts["product"]["manned-guarding"]
    assert f'<option value="manned-guarding" selected>Manned guarding ({guarding})</option>' in page
    for year, count in counts["year"].items():
        assert f'<option value="{year}">{year} ({count})</option>' in page
    assert f"{len(expected_titles(found.specs, filters))} document" in page


def test_the_year_facet_filters_by_the_documents_year(client, world):
    found = world.libraries["large"]
    response = login(client, world.owner).get(found.library.url, {"year": "2022"})
    items = response.context["items_page"].paginator.object_list
    assert items
    assert {item.document_date.year for item in items} == {2022}
    assert set(shown_facets(response)["year"]) == {"2021", "2022", "2023", "2024"}


@pytest.mark.parametrize("size", list(SIZES))
def test_unpublished_items_are_never_counted_nor_listed(client, world, size):
    found = world.libraries[size]
    response = login(client, world.owner).get(found.library.url)

    unpublished = {spec["title"] for spec in found.specs if not spec["live"]}
    assert unpublished  # the recipe unpublishes one item in seven
    assert not unpublished & listed_titles(response)
    assert "drone-patrol" not in shown_facets(response)["product"]
    assert "Drone patrol" not in text(response)
    live = [spec for spec in found.specs if spec["live"]]
    assert sum(shown_facets(response)["outcome"].values()) == len(live)


def test_another_communitys_items_are_not_counted(client, world):
    found = world.libraries["small"]
    response = login(client, world.owner).get(found.library.url)
    live = [spec for spec in found.specs if spec["live"]]
    customers = shown_facets(response)["customer"]
    assert sum(customers.values()) == sum(len(spec["customer"]) for spec in live)


@pytest.mark.parametrize(
    "query",
    [
        {"customer": "nope"},
        {"product": "nope"},
        {"year": "abc"},
        {"year": "1800"},
        {"outcome": "maybe"},
        {"region": "mars"},
        {"industry": "piracy"},
        {"document_type": "memo"},
        {"language": "xx"},
        {"sort": "random"},
        {"product": "manned-guarding", "customer": "nope"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_an_unknown_value_answers_400_and_lists_nothing(client, world, query):
    found = world.libraries["small"]

    response = login(client, world.owner).get(found.library.url, query)

    page = text(response)
    assert response.status_code == 400
    assert response.context["items_page"] is None
    assert "One of the filters has a value we do not know." in page
    assert "Check the filters" in page
    for spec in found.specs:
        assert spec["title"] not in page


def test_pagination_links_keep_the_filters(client, world):
    found = world.libraries["large"]
    filters = {"language": "en", "sort": "title"}
    titles = expected_titles(found.specs, filters)
    assert len(titles) > ITEMS_PER_PAGE
    client = login(client, world.owner)

    first = client.get(found.library.url, filters)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', text(first)).group(1)
    second = client.get(found.library.url + next_link.replace("&amp;", "&"))

    assert next_link == "?language=en&amp;sort=title&amp;page=2"
    assert second.status_code == 200
    shown = [item.title for item in first.context["items_page"]]
    shown += [item.title for item in second.context["items_page"]]
    assert shown == sorted(titles)
    previous = re.search(r'<a rel="prev" href="([^"]+)"', text(second)).group(1)
    assert previous == "?language=en&amp;sort=title&amp;page=1"
    assert '<option value="en" selected>' in text(second)


def test_a_filter_with_no_matches_keeps_its_value_selected(client, world):
    """Kvarnby's items never use manned guarding: nothing is listed, yet both choices show."""
    found = world.libraries["small"]
    filters = {"customer": "kvarnby-handel", "product": "manned-guarding"}
    assert not expected_titles(found.specs, filters)

    response = login(client, world.owner).get(found.library.url, filters)

    page = text(response)
    assert response.status_code == 200
    assert "Nothing matches these filters." in page
    assert '<option value="kvarnby-handel" selected>Kvarnby Handel (0)</option>' in page
    assert '<option value="manned-guarding" selected>Manned guarding (0)</option>' in page


# Sorting and reuse


def _build_shelf():
    """A library with four items, dated apart, that nobody has reused yet."""
    community = make_community("Shelf")
    owner, reader = make_person("sharer"), make_person("reader")
    add_member(community, owner)
    items = {
        title: make_item(community, owner, file="docx", title=title, document_date=date)
        for title, date in [
            ("Bravo", datetime.date(2024, 5, 1)),
            ("Alpha", datetime.date(2022, 5, 1)),
            ("Delta", datetime.date(2025, 5, 1)),
            ("Charlie", datetime.date(2023, 5, 1)),
        ]
    }
    return SimpleNamespace(
        library=services.library_of(community),
        owner=owner.user,
        reader=reader.user,
        customer=make_customer("Solberga Hospital"),
        **{title.lower(): item for title, item in items.items()},
    )


shelf = built_once(_build_shelf)


def listed(response):
    return [item.title for item in response.context["items_page"]]


def test_it_records_a_reuse_without_a_customer(client, shelf):
    response = login(client, shelf.reader).post(f"/library/items/{shelf.alpha.pk}/reuse/", {})

    assert response.status_code == 302
    assert response["Location"] == shelf.alpha.url
    found = Reuse.objects.get(item=shelf.alpha)
    assert (found.user, found.customer) == (shelf.reader, None)


def test_it_records_a_reuse_for_a_customer_and_the_count_goes_up(client, shelf):
    client = login(client, shelf.reader)
    reuse(shelf.alpha, shelf.owner)
    assert "Reused once" in text(client.get(shelf.alpha.url))

    response = client.post(
        f"/library/items/{shelf.alpha.pk}/reuse/", {"customer": shelf.customer.pk}
    )

    assert response.status_code == 302
    newest = Reuse.objects.filter(item=shelf.alpha).first()
    assert (newest.user, newest.customer) == (shelf.reader, shelf.customer)
    page = text(client.get(shelf.alpha.url))
    assert "Reused 2 times" in page
    assert "Reader Tester</a> for Solberga Hospital" in page
    assert "reused 2 times" in text(client.get(shelf.library.url))


def test_the_same_person_may_reuse_an_item_again(client, shelf):
    client = login(client, shelf.reader)
    for _ in range(2):
        client.post(f"/library/items/{shelf.alpha.pk}/reuse/", {"customer": shelf.customer.pk})
    assert Reuse.objects.filter(item=shelf.alpha, user=shelf.reader).count() == 2


def test_an_unknown_customer_is_refused_and_nothing_recorded(client, shelf):
    response = login(client, shelf.reader).post(
        f"/library/items/{shelf.alpha.pk}/reuse/", {"customer": "999999"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.context["form"].errors["customer"][0]
    assert "Nothing has been saved." in text(response)
    assert not Reuse.objects.exists()


def test_the_list_is_newest_first_by_default_and_sorts_by_title(client, shelf):
    client = login(client, shelf.reader)
    assert listed(client.get(shelf.library.url)) == ["Delta", "Bravo", "Charlie", "Alpha"]
    assert listed(client.get(shelf.library.url, {"sort": "title"})) == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
    ]


def test_sort_by_reused_orders_by_the_number_of_reuses(client, shelf):
    reuse(shelf.charlie, shelf.reader, times=3)
    reuse(shelf.alpha, shelf.reader, shelf.customer, times=2)
    reuse(shelf.alpha, shelf.owner)
    reuse(shelf.delta, shelf.owner)

    response = login(client, shelf.reader).get(shelf.library.url, {"sort": "reused"})

    # Alpha and Charlie tie on three; the newer document comes first. Bravo has none.
    assert listed(response) == ["Charlie", "Alpha", "Delta", "Bravo"]
    assert [item.num_reuses for item in response.context["items_page"]] == [3, 3, 1, 0]


def test_most_reused_orders_by_count_and_leaves_out_the_unused(client, shelf):
    reuse(shelf.bravo, shelf.reader, times=1)
    reuse(shelf.delta, shelf.reader, times=4)
    reuse(shelf.alpha, shelf.reader, times=2)

    response = login(client, shelf.reader).get(shelf.library.url)

    assert [item.title for item in response.context["most_reused"]] == ["Delta", "Alpha", "Bravo"]
    section = text(response).split('id="reused-heading"')[1]
    assert section.index("Delta") < section.index("Alpha") < section.index("Bravo")
    assert "Charlie" not in section
    assert "(reused 4 times)" in section and "(reused once)" in section


def test_most_reused_shows_five_at_most(client, shelf):
    owner = shelf.owner
    community = shelf.library.community
    for number in range(6):
        item = make_item(community, owner, file="docx", title=f"Popular {number}")
        reuse(item, shelf.reader, times=number + 1)

    response = login(client, shelf.reader).get(shelf.library.url)

    titles = [item.title for item in response.context["most_reused"]]
    assert titles == ["Popular 5", "Popular 4", "Popular 3", "Popular 2", "Popular 1"]


def test_nothing_reused_hides_most_reused(client, shelf):
    page = text(login(client, shelf.reader).get(shelf.library.url))
    assert 'id="reused-heading"' not in page


def test_a_bad_filter_still_shows_the_facets_to_correct_it(client, db):
    from tests.builders import add_member, make_community, make_person
    from tests.community.helpers import login, text
    from tests.library.builders import make_item

    owner = make_person("filter-owner")
    community = make_community("Filtered")
    add_member(community, owner)
    item = make_item(community, owner, file="docx")
    library = item.get_parent()
    response = login(client, owner).get(library.url + "?outcome=maybe")
    assert response.status_code == 400
    assert 'name="customer"' in text(response) and 'name="outcome"' in text(response)


def test_a_translated_customer_keeps_the_filter_working(client, db):
    from wagtail.models import Locale

    from intranet.taxonomy.models import Customer
    from tests.builders import add_member, make_community, make_person
    from tests.community.helpers import login
    from tests.library.builders import make_item

    owner = make_person("translator")
    community = make_community("Translated")
    add_member(community, owner)
    customer = Customer.objects.create(
        name="Solberga", slug="solberga", locale=Locale.get_default()
    )
    customer.copy_for_translation(Locale.objects.get(language_code="sv")).save()
    item = make_item(community, owner, file="docx", customers=[customer])
    response = login(client, owner).get(item.get_parent().url + "?customer=solberga")
    assert response.status_code == 200
    assert response.context["items_page"].paginator.count == 1
