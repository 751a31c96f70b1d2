"""Creating, editing, restoring and curating wiki pages; the views check permission first.

Every change is a Wagtail revision, published at once, carrying its author and an edit summary
(the page's `edit_summary` field, which each revision keeps). An edit names the revision it
started from; if the page moved on meanwhile, `save_edit` refuses it with `EditConflict`.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from intranet.notifications.models import Verb
from intranet.notifications.services import notify
from intranet.pages import unique_child_slug
from intranet.people.models import User

from .models import Watch, WikiIndexPage, WikiPage

REVIEW_EVERY = datetime.timedelta(days=180)


class TitleTaken(Exception):
    """Another page of the wiki has the title now."""


class EditConflict(Exception):
    """Someone else saved the page after the edit started."""

    def __init__(self, page, base_revision):
        super().__init__(f"{page} changed after revision {base_revision}")
        self.page = page
        self.base_revision = base_revision


def wiki_of(community):
    return WikiIndexPage.objects.child_of(community).live().first()


def publish(page, user, summary):
    """Save the page as a new revision by `user` with `summary`, and publish it at once."""
    page.edit_summary = (summary or "")[:200]
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return revision


@transaction.atomic
def create_page(parent, author, title, blocks, summary="", watch=True, slug=None):
    """Publish a new page under the wiki or one of its pages; the author becomes its curator."""
    page = WikiPage(
        title=title,
        slug=slug or unique_child_slug(parent, title, "page"),
        owner=author,
        body=blocks,
        curator=author,
        review_by=timezone.localdate() + REVIEW_EVERY,
    )
    parent.add_child(instance=page)
    publish(page, author, summary or _("Created the page"))
    if watch:
        Watch.objects.get_or_create(page=page, user=author)
    return page


@transaction.atomic
def save_edit(page_id, editor, base_revision_id, title, blocks, summary="", watch=True):
    """Publish an edit made from `base_revision_id`, or raise EditConflict if it is stale."""
    page = WikiPage.objects.select_for_update().get(pk=page_id)
    if page.latest_revision_id != base_revision_id:
        raise EditConflict(page, base_revision_id)
    page.title = title
    page.body = keep_block_ids(page.body.raw_data, blocks)
    publish(page, editor, summary)
    if watch:
        Watch.objects.get_or_create(page=page, user=editor)
    return page


def keep_block_ids(old, new):
    """`new` blocks with the ids of the `old` blocks they continue: the same block unchanged,
    else the block of the same type at the same place. wagtail-localize files translations under
    a block's id, so a paragraph nobody touched keeps its translation after an edit."""
    unused = {block["id"]: block for block in old if block.get("id")}
    kept = [dict(block) for block in new]
    for block in kept:
        same = next(
            (
                pk
                for pk, was in unused.items()
                if was["type"] == block["type"] and was["value"] == block["value"]
            ),
            None,
        )
        if same is not None:
            block["id"] = unused.pop(same)["id"]
    for position, block in enumerate(kept):
        if "id" in block or position >= len(old):
            continue
        was = old[position]
        if was.get("id") in unused and was["type"] == block["type"]:
            block["id"] = unused.pop(was["id"])["id"]
    return kept


@transaction.atomic
def restore(page, revision, by):
    """Publish an earlier revision's title and body again, as a new revision.

    Raises TitleTaken when another page of the wiki has taken the old title meanwhile.
    """
    old = revision.as_object()
    page = WikiPage.objects.select_for_update().get(pk=page.pk)
    twins = WikiPage.objects.filter(community_id=page.community_id, title_key=old.title_key)
    if twins.exclude(pk=page.pk).exists():
        raise TitleTaken(old.title)
    page.title = old.title
    page.body = old.body.raw_data
    when = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
    from .signals import publishing

    with publishing(verb=Verb.WIKI_RESTORED):
        publish(page, by, _("Restored the version of %(when)s") % {"when": when})
    return page


@transaction.atomic
def set_lock(page, by, locked):
    page.locked = locked
    page.locked_by = by if locked else None
    page.locked_at = timezone.now() if locked else None
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    log(instance=page, action="wagtail.lock" if locked else "wagtail.unlock", user=by)


def mark_reviewed(page, by):
    """The curator or an editor checked the page: it is good for another review period."""
    page.last_reviewed_at = timezone.now()
    page.last_reviewed_by = by
    page.review_by = timezone.localdate() + REVIEW_EVERY
    page.save(update_fields=["last_reviewed_at", "last_reviewed_by", "review_by"])


def set_curation(page, curator, review_by):
    page.curator = curator
    page.review_by = review_by
    page.save(update_fields=["curator", "review_by"])


def toggle_watch(page, user):
    """Start or stop watching; returns whether the user now watches the page."""
    removed, _count = Watch.objects.filter(page=page, user=user).delete()
    if removed:
        return False
    Watch.objects.create(page=page, user=user)
    return True


def notify_watchers(page, actor, verb=Verb.WIKI_CHANGED):
    """Tell everyone watching the page, who may still read it, that it changed."""
    from intranet.community import permissions

    watchers = User.objects.filter(wiki_watches__page=page)
    return notify(
        permissions.readers(page.community, watchers),
        actor=actor,
        verb=verb,
        subject=page.title,
        detail=page.edit_summary,
        url=page.url,
        community=page.community,
    )


def stale_pages(wiki):
    """Pages of the wiki past their review date, and pages nobody curates."""
    pages = WikiPage.objects.live().descendant_of(wiki).select_related("curator")
    today = timezone.localdate()
    overdue = pages.filter(review_by__lt=today).order_by("review_by", "title")
    uncurated = pages.filter(Q(curator__isnull=True) | Q(curator__is_active=False))
    return overdue, uncurated.order_by("title")


def needs_attention(wiki):
    """How many pages the stale report lists (a page in both lists counts once)."""
    overdue, uncurated = stale_pages(wiki)
    return (overdue | uncurated).distinct().count()
