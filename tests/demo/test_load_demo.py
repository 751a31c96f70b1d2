import tomllib
from io import StringIO

import pytest
from django.core.management import call_command

from intranet.demo.loader import FIXTURE, LOGINS, PASSWORD
from intranet.people.models import Profile, User
from intranet.taxonomy.models import Customer, Division, Location, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_builds_the_company_it_promises(loaded):
    data = tomllib.loads(FIXTURE.read_text())
    assert Division.objects.sources().count() == 3
    assert Location.objects.count() >= 5
    assert Customer.objects.count() == len(data["customers"])
    assert Product.objects.sources().count() == len(data["products"])
    assert User.objects.count() == len(data["people"]) >= 30
    assert Profile.objects.filter(photo__isnull=True).count() == 0
    assert "people" in loaded and "36/36" in loaded


def test_the_demo_logins_work_with_the_documented_password(client, loaded):
    for username in LOGINS:
        assert client.login(username=username, password=PASSWORD), username
        assert username in loaded
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert not User.objects.get(username="rep").has_perm("wagtailadmin.access_admin")


def test_running_it_again_keeps_existing_data(loaded):
    rep = Profile.objects.get(user__username="rep")
    rep.title = "Changed by the rep"
    rep.save()
    User.objects.filter(username="sponsor").update(first_name="Renamed")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Profile.objects.get(user__username="rep").title == "Changed by the rep"
    assert User.objects.get(username="sponsor").first_name == "Renamed"
    assert User.objects.count() == len(tomllib.loads(FIXTURE.read_text())["people"])


def test_rep_and_sponsor_share_a_location_and_tags_across_divisions(loaded):
    rep = Profile.objects.get(user__username="rep")
    sponsor = Profile.objects.get(user__username="sponsor")
    assert rep.location == sponsor.location
    assert rep.division != sponsor.division
    assert {"healthcare"} <= set(sponsor.expertise.names()) & set(rep.expertise.names())


def test_the_onboarding_path_has_newcomer_part_way_with_a_mentor(loaded):
    from intranet.learning.models import Enrolment, LearningPathPage, ModuleSource, Status, Step

    path = LearningPathPage.objects.get(slug="new-sales-rep-onboarding", locale__language_code="en")
    assert path.live and path.community.slug == "sales" and path.onboarding
    steps = Step.objects.filter(path=path)
    assert steps.count() >= 6
    assert set(steps.values_list("tier", flat=True)) == {"formal", "transfer", "exchange"}
    kinds = set(
        ModuleSource.objects.filter(module__learning_path=path).values_list(
            "page__content_type__model", flat=True
        )
    )
    assert {"postpage", "wikipage"} <= kinds

    newcomer = Enrolment.objects.get(path=path, user__username="newcomer")
    done = newcomer.progress.filter(status=Status.DONE).count()
    assert 0 < done < steps.count() and newcomer.completed_at is None
    assert newcomer.mentor.username == "thomas.richter"
    assert newcomer.progress.filter(status=Status.REQUESTED).exists()
    assert Enrolment.objects.get(path=path, user__username="aylin.demir").completed_at


def test_the_leads_trade_well_between_facility_and_secure_and_poorly_from_technical(loaded):
    from intranet.leads import ledger
    from intranet.leads.models import Lead, Status
    from intranet.recognition import services as recognition

    assert set(Lead.objects.values_list("status", flat=True)) == set(Status.values)
    assert Lead.objects.filter(thanked_at__isnull=False).count() >= 3
    divisions, rows = ledger.matrix()
    cell = {
        (source.slug, target.slug): found
        for source, cells in rows
        for target, found in zip(divisions, cells, strict=True)
    }
    for pair in [("facility", "secure"), ("secure", "facility")]:
        assert cell[pair].given >= 3 and cell[pair].acceptance == 100, pair
        assert cell[pair].median_hours_to_accept < 6, pair
    assert cell[("technical", "facility")].given >= 3
    assert cell[("technical", "facility")].accepted == 0
    assert cell[("facility", "technical")].given == 0
    owed = ledger.owed(User.objects.get(username="rep"))
    assert [person.username for person, _count in owed] == ["mikael.strand"]
    assert recognition.from_scratch() == recognition.current()
    assert recognition.leaderboard(User.objects.get(username="rep"), "divisions", "all")
