import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.people import services
from tests.builders import image_upload, make_division, make_location, make_person


def names(response):
    return [profile.user.username for profile in response.context["page"].object_list]


def test_it_lists_active_people(rep_client, sponsor, outsider):
    outsider.user.is_active = False
    outsider.user.save()
    response = rep_client.get("/people/")
    assert response.status_code == 200
    assert names(response) == ["sponsor", "rep"]  # Anders before Rep


def test_it_filters_by_expertise_tag(rep_client, sponsor, outsider):
    response = rep_client.get("/people/?expertise=public-tenders")
    assert names(response) == ["sponsor"]


def test_it_filters_by_division_location_and_function(rep_client, sponsor, outsider):
    assert names(rep_client.get("/people/?division=secure")) == ["sponsor"]
    assert names(rep_client.get("/people/?location=gothenburg")) == ["sponsor", "rep"]
    assert names(rep_client.get("/people/?job_function=service-technician")) == ["outsider"]


def test_filters_combine(rep_client, sponsor, outsider):
    response = rep_client.get("/people/?location=gothenburg&expertise=healthcare&division=facility")
    assert names(response) == ["rep"]


def test_it_searches_names_titles_bios_and_expertise(rep_client, sponsor, outsider):
    sponsor.bio = "Twenty years of selling guarding to hospitals."
    sponsor.save()
    assert names(rep_client.get("/people/?q=hospitals")) == ["sponsor"]
    assert names(rep_client.get("/people/?q=ANDERS")) == ["sponsor"]
    assert names(rep_client.get("/people/?q=hvac")) == ["outsider"]
    assert names(rep_client.get("/people/?q=anders+hvac")) == []


def test_a_tag_shared_by_expertise_and_search_lists_each_person_once(rep_client, sponsor):
    sponsor.expertise.add("health tech")
    assert names(rep_client.get("/people/?q=health")) == ["sponsor", "rep"]


@pytest.mark.parametrize(
    "query",
    [
        "division=nowhere",
        "expertise=no-such-tag",
        "location=nowhere",
        "job_function=1&division=x",
        "q=" + "x" * 101,
    ],
)
def test_unknown_filter_values_get_a_400_with_the_form(rep_client, sponsor, query):
    response = rep_client.get(f"/people/?{query}")
    assert response.status_code == 400
    assert "Check the filters" in response.content.decode()


def test_it_paginates_and_keeps_the_filters(rep_client, db):
    location = make_location("Malmo")
    for number in range(30):
        make_person(f"malmo{number:02}", location=location)
    response = rep_client.get("/people/?location=malmo&page=2")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 2 and len(page.object_list) == 30 - 24
    assert 'href="?location=malmo&amp;page=1"' in response.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(rep_client, sponsor):
    assert rep_client.get("/people/?page=999").context["page"].number == 1
    assert rep_client.get("/people/?page=abc").status_code == 200


def test_expertise_choices_count_people(db, rep, sponsor, outsider):
    counts = {tag.slug: tag.num_people for tag in services.expertise_tags()}
    assert counts == {"healthcare": 2, "retail": 1, "public-tenders": 1, "hvac": 1}


def _make_people(count, start, division, location):
    for number in range(start, start + count):
        person = make_person(
            f"bulk{number:03}",
            division=division,
            location=location,
            expertise=["pricing", f"skill-{number % 7}"],
        )
        services.save_photo(person, image_upload(f"bulk{number}.png"))


def _directory_queries(client):
    client.get("/people/")  # renditions are made on first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/")
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_number_of_people(rep_client):
    division, location = make_division("Secure"), make_location("Hamburg")
    _make_people(9, 0, division, location)  # 10 with the rep
    with_ten = _directory_queries(rep_client)
    _make_people(90, 9, division, location)
    with_hundred = _directory_queries(rep_client)
    assert with_hundred == with_ten
