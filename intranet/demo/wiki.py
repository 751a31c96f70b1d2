"""The demo's Sales Community wiki, from fixtures/demo/wiki.toml, with its history.

Each page is written revision by revision through the same services the editor uses, so links,
backlinks and watchers come out as they would in real use; the revisions are then dated as the
fixture says. A page whose slug already exists under its parent is left alone.
"""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from intranet.i18n import sources
from intranet.notifications.models import Notification
from intranet.people.models import User
from intranet.wiki import markup, services
from intranet.wiki.models import WikiPage

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "wiki.toml"


class WikiLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.pages = tomllib.load(f)["pages"]
        self.users = {user.username: user for user in User.objects.all()}

    def run(self):
        from intranet.community.models import CommunityPage

        wiki = services.wiki_of(sources(CommunityPage.objects.all()).get(slug="sales"))
        by_slug, created = {}, 0
        for done, row in enumerate(self.pages, 1):
            parent = by_slug[row["parent"]] if row["parent"] else wiki
            page = WikiPage.objects.child_of(parent).filter(slug=row["slug"]).first()
            if page is None:
                with transaction.atomic():
                    page = self._page(parent, row)
                created += 1
            by_slug[row["slug"]] = page
            self.progress("wiki", done, len(self.pages))
        return created

    def _page(self, parent, row):
        started = timezone.now()
        first, *later = row["revisions"]
        page = services.create_page(
            parent,
            self.users[first["author"]],
            row["title"],
            markup.to_blocks(first["body"]).blocks,
            first["summary"],
            slug=row["slug"],
        )
        for revision in later:
            services.save_edit(
                page.pk,
                self.users[revision["author"]],
                WikiPage.objects.get(pk=page.pk).latest_revision_id,
                row["title"],
                markup.to_blocks(revision["body"]).blocks,
                revision["summary"],
            )
        self._date(page, row, started)
        return page

    def _date(self, page, row, started):
        """Give the revisions, the page and what it notified the dates the fixture names."""
        now = timezone.now()
        revisions = list(page.revisions.order_by("created_at", "pk"))
        for revision, wanted in zip(revisions, row["revisions"], strict=False):
            when = now - datetime.timedelta(days=wanted["days_ago"], hours=2)
            Revision.objects.filter(pk=revision.pk).update(created_at=when)
        first = now - datetime.timedelta(days=row["revisions"][0]["days_ago"], hours=2)
        last = now - datetime.timedelta(days=row["revisions"][-1]["days_ago"], hours=2)
        curator = self.users.get(row.get("curator") or "")
        WikiPage.objects.filter(pk=page.pk).update(
            first_published_at=first,
            last_published_at=last,
            latest_revision_created_at=last,
            curator=curator,
            review_by=datetime.date.fromisoformat(row["review_by"]),
        )
        Notification.objects.filter(url=page.url, created_at__gte=started).update(created_at=last)
