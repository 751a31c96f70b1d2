"""Load the Norrvik Group demo company from fixtures/demo/company.toml.

Idempotent: everything is looked up by its slug or username first, and what already exists
is left as it is, so running the loader again never overwrites anyone's changes.
"""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale

from intranet.home.models import HomePage
from intranet.people import services as people
from intranet.people.models import User
from intranet.search import index as search_index
from intranet.taxonomy.models import Customer, Division, JobFunction, Location, Product

from .avatars import avatar
from .communities import CommunityLoader
from .leads import LeadLoader
from .learning import LearningLoader
from .library import LibraryLoader
from .translations import TranslationLoader
from .wiki import WikiLoader

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "company.toml"
PASSWORD = "demo"  # noqa: S105 - the documented password of every demo login
LOGINS = ["admin", "editor", "sponsor", "rep", "newcomer"]


class DemoLoader:
    def __init__(self, progress=lambda step, done, total: None, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.data = tomllib.load(f)
        self.locale = Locale.get_default()

    def run(self):
        with transaction.atomic():
            divisions = self._terms("divisions", Division)
            locations = self._terms("locations", Location, extra=("country", "address"))
            functions = self._terms("job_functions", JobFunction)
            self._terms("customers", Customer, extra=("industry",), transform=_industry)
            self._products(divisions)
            self._home_page()
        with search_index.paused():  # one rebuild at the end beats thousands of small updates
            created = {
                "people": self._people(divisions, locations, functions),
                "communities": CommunityLoader(self.progress).run(),
                "library items": LibraryLoader(self.progress).run(),
                "wiki pages": WikiLoader(self.progress).run(),
                "learning paths": LearningLoader(self.progress).run(),
                "leads": LeadLoader(self.progress).run(),
            }
        if any(created.values()):
            search_index.rebuild(lambda step, *counts: self.progress(f"index {step}", *counts))
        created["Swedish translations"] = TranslationLoader(self.progress).run()
        return created

    def _terms(self, key, model, extra=(), transform=lambda row: row):
        terms = {}
        rows = self.data[key]
        for done, row in enumerate(rows, 1):
            row = transform(row)
            defaults = {"name": row["name"], "description": row.get("description", "")}
            defaults.update({name: row[name] for name in extra})
            terms[row["slug"]], _ = model.objects.get_or_create(
                slug=row["slug"], locale=self.locale, defaults=defaults
            )
            self.progress(key.replace("_", " "), done, len(rows))
        return terms

    def _products(self, divisions):
        rows = self.data["products"]
        for done, row in enumerate(rows, 1):
            Product.objects.get_or_create(
                slug=row["slug"],
                locale=self.locale,
                defaults={
                    "name": row["name"],
                    "description": row.get("description", ""),
                    "division": divisions[row["division"]],
                },
            )
            self.progress("products", done, len(rows))

    def _home_page(self):
        home = HomePage.objects.first()
        if home and not home.welcome:
            company = self.data["company"]
            home.welcome = (
                f"<p><b>{company['name']}</b>: {company['tagline']} Guild connects everyone who "
                "does the same job, whichever division pays them.</p>"
            )
            home.save_revision().publish()

    def _people(self, divisions, locations, functions):
        rows = self.data["people"]
        existing = set(
            User.objects.filter(username__in=[r["username"] for r in rows]).values_list(
                "username", flat=True
            )
        )
        editors = Group.objects.get(name="Editors")
        created = 0
        for done, row in enumerate(rows, 1):
            if row["username"] not in existing:
                with transaction.atomic():
                    self._person(row, divisions, locations, functions, editors)
                created += 1
            self.progress("people", done, len(rows))
        return created

    def _person(self, row, divisions, locations, functions, editors):
        superuser = row["role"] == "superuser"
        profile = people.create_person(
            row["username"],
            password=PASSWORD,
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            is_staff=superuser,
            is_superuser=superuser,
            title=row["title"],
            phone=row["phone"],
            bio=row["bio"],
            division=divisions[row["division"]],
            location=locations[row["location"]],
            started_on=datetime.date.fromisoformat(row["started"]),
            job_functions=[functions[slug] for slug in row["job_functions"]],
            expertise=row["expertise"],
            interests=row["interests"],
            languages=row["languages"],
        )
        if row["role"] == "editor":
            profile.user.groups.add(editors)
        people.save_photo(profile, avatar(row["username"], profile.initials))


def _industry(row):
    return {**row, "industry": row["industry"].lower().replace(" ", "-")}
