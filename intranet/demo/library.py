"""The demo's proposal library, from fixtures/demo/library.toml, with real generated PDFs.

An item whose slug already exists in its library is left alone.
"""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from intranet.i18n import sources
from intranet.library import pdf, services
from intranet.library.models import LibraryFile, LibraryItemPage, Reuse
from intranet.people.models import User
from intranet.taxonomy.models import Customer, Product

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "library.toml"


class LibraryLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.items = tomllib.load(f)["items"]
        self.users = {user.username: user for user in User.objects.all()}
        self.customers = {c.slug: c for c in Customer.objects.all()}
        self.products = {p.slug: p for p in Product.objects.all()}

    def run(self):
        from intranet.community.models import CommunityPage

        communities = {c.slug: c for c in sources(CommunityPage.objects.all())}
        created = {}
        for done, row in enumerate(self.items, 1):
            library = services.library_of(communities[row["community"]])
            if not library.get_children().filter(slug=row["slug"]).exists():
                with transaction.atomic():
                    created[row["slug"]] = self._item(library, row, created)
            self.progress("library", done, len(self.items))
        return len(created)

    def _file(self, row, draft=False):
        title = row["title"] + (" (draft)" if draft else "")
        sections = row["sections"][:-1] if draft else row["sections"]
        return ContentFile(pdf.make_pdf(title, sections), name=f"{row['slug']}.pdf")

    def _item(self, library, row, created):
        owner = self.users[row["owner"]]
        data = {
            "title": row["title"],
            "summary": row["summary"],
            "document_type": row["document_type"],
            "outcome": row["outcome"],
            "industry": row["industry"],
            "region": row["region"],
            "language": row["language"],
            "document_date": datetime.date.fromisoformat(row["date"]),
            "review_by": datetime.date.fromisoformat(row["review_by"]),
            "derived_from": created.get(row.get("derived_from") or ""),
            "customers": [self.customers[slug] for slug in row["customers"]],
            "products": [self.products[slug] for slug in row["products"]],
            "tags": row["tags"],
        }
        versions = row.get("versions", 1)
        first = self._file(row, draft=versions > 1)
        item = services.add_item(library, owner, data, first, slug=row["slug"])
        if versions > 1:
            services.add_version(item, self._file(row), owner)
        dated = timezone.make_aware(
            datetime.datetime.combine(data["document_date"], datetime.time(10))
        )
        LibraryItemPage.objects.filter(pk=item.pk).update(first_published_at=dated)
        LibraryFile.objects.filter(item=item).update(uploaded_at=dated)
        for reuse in row.get("reused_by", []):
            Reuse.objects.create(
                item=item,
                user=self.users[reuse["user"]],
                customer=self.customers.get(reuse["customer"]),
            )
        return item
