"""The demo's communities, posts and discussions, from fixtures/demo/communities.toml.

A community whose slug already exists is left alone, so loading twice changes nothing.
"""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intranet.community import discussion, membership, posts
from intranet.community.models import (
    PRESETS,
    Activity,
    Comment,
    CommunityIndexPage,
    CommunityPage,
    Follow,
    HelpfulVote,
    PostPage,
    ReadReceipt,
    Role,
)
from intranet.i18n import sources
from intranet.people.models import User
from intranet.taxonomy.models import Customer, JobFunction, Product

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "communities.toml"


class CommunityLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.data = tomllib.load(f)
        self.users = {user.username: user for user in User.objects.all()}
        self.now = timezone.now()

    def run(self):
        index = sources(CommunityIndexPage.objects.all()).get()
        existing = set(index.get_children().values_list("slug", flat=True))
        created = {}
        rows = self.data["communities"]
        for done, row in enumerate(rows, 1):
            if row["slug"] not in existing:
                with transaction.atomic():
                    created[row["slug"]] = self._community(index, row)
            self.progress("communities", done, len(rows))
        post_rows = [row for row in self.data["posts"] if row["community"] in created]
        for done, row in enumerate(post_rows, 1):
            with transaction.atomic():
                self._post(created[row["community"]], row)
            self.progress("posts", done, len(post_rows))
        return len(created)

    def _when(self, days_ago, hours=0):
        return self.now - datetime.timedelta(days=days_ago, hours=hours)

    def _community(self, index, row):
        policy = PRESETS[row["preset"]]
        community = CommunityPage(
            title=row["title"],
            slug=row["slug"],
            description=row["description"],
            visibility=policy["visibility"],
            joining=policy["joining"],
            participation=policy["participation"],
        )
        index.add_child(instance=community)
        community.job_functions.set(JobFunction.objects.filter(slug__in=row["job_functions"]))
        community.save_revision().publish()  # mirrors into Wagtail and adds members by function
        for username in row["members"]:
            membership.join(self.users[username], community)
        for role, usernames in ((Role.SPONSOR, row["sponsors"]), (Role.EDITOR, row["editors"])):
            for username in usernames:
                membership.set_role(membership.join(self.users[username], community), role)
        # The demo's story starts weeks ago: joining is not this minute's news.
        Activity.objects.filter(community=community).update(created_at=self._when(30))
        # Members follow their community, so their home page says what happened in it.
        Follow.objects.bulk_create(
            [
                Follow(follower_id=m.user_id, community=community)
                for m in community.memberships.all()
            ],
            ignore_conflicts=True,
        )
        return community

    def _post(self, community, row):
        author = self.users[row["author"]]
        post = posts.create_post(
            community,
            author,
            {
                "kind": row["kind"],
                "title": row["title"],
                "body": row["body"],
                "customers": list(Customer.objects.filter(slug__in=row.get("customers", []))),
                "products": list(Product.objects.filter(slug__in=row.get("products", []))),
                "tags": row.get("tags", []),
                "must_read": row.get("must_read", False),
            },
        )
        posted = self._when(row["days_ago"], hours=3)
        PostPage.objects.filter(pk=post.pk).update(
            first_published_at=posted, last_published_at=posted, latest_revision_created_at=posted
        )
        self._backdate(post, posted)
        for username in row.get("read_by", []):
            ReadReceipt.objects.create(post=post, user=self.users[username])
        for comment_row in row.get("comments", []):
            comment = self._comment(post, comment_row)
            for reply_row in comment_row.get("replies", []):
                self._comment(post, reply_row, parent=comment)

    def _comment(self, post, row, parent=None):
        comment = discussion.add_comment(post, self.users[row["author"]], row["body"], parent)
        written = self._when(row["days_ago"], hours=1)
        Comment.objects.filter(pk=comment.pk).update(created_at=written)
        HelpfulVote.objects.bulk_create(
            [HelpfulVote(comment=comment, user=self.users[name]) for name in row.get("helpful", [])]
        )
        comment.post = post
        if row.get("accepted"):
            discussion.accept_answer(comment)
        if row.get("best"):
            sponsor = self.users["sponsor"]
            discussion.pick_best(comment, sponsor)
        self._backdate(post, written)
        return comment

    def _backdate(self, post, when):
        """Activity recorded while loading happened when the story says it did."""
        Activity.objects.filter(post=post, created_at__gte=self.now).update(created_at=when)
