from intranet.people import services
from tests.builders import make_person


def test_it_shows_what_the_viewer_has_in_common(rep_client, sponsor):
    response = rep_client.get("/people/sponsor/")
    assert response.status_code == 200
    common = response.context["in_common"]
    assert [tag.name for tag in common.tags] == ["healthcare", "retail"]
    assert str(common.location) == "Gothenburg"
    assert common.division is None
    assert [str(f) for f in common.job_functions] == ["Sales representative"]
    assert sorted(lang.code for lang in common.languages) == ["en", "sv"]
    content = response.content.decode()
    assert "What you have in common" in content
    assert "You both work in Gothenburg." in content


def test_it_says_nothing_in_common_when_there_is_nothing(rep_client, outsider):
    response = rep_client.get("/people/outsider/")
    assert response.status_code == 200
    assert not response.context["in_common"]
    assert "What you have in common" not in response.content.decode()


def test_it_shows_no_in_common_section_on_your_own_profile(rep_client, rep):
    response = rep_client.get("/people/rep/")
    assert "What you have in common" not in response.content.decode()
    assert 'href="/people/me/edit/"' in response.content.decode()


def test_it_answers_404_for_unknown_and_inactive_people(rep_client, outsider):
    assert rep_client.get("/people/nobody/").status_code == 404
    outsider.user.is_active = False
    outsider.user.save()
    assert rep_client.get("/people/outsider/").status_code == 404


def test_it_escapes_what_people_write_about_themselves(rep_client, db):
    make_person("mallory", bio='<script>alert("x")</script>', title="<b>Boss</b>")
    content = rep_client.get("/people/mallory/").content.decode()
    assert "<script>alert" not in content and "&lt;script&gt;" in content
    assert "<b>Boss</b>" not in content


def test_in_common_counts_interests_on_either_side(db, rep, sponsor):
    common = services.in_common(sponsor, rep)
    assert {tag.name for tag in common.tags} == {"healthcare", "retail"}


def test_in_common_with_the_same_person_is_empty(db, rep):
    assert not services.in_common(rep, rep)
