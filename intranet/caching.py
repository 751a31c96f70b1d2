"""Fragment caching that never goes stale and never crosses a permission boundary.

A cached fragment's key names everything that changes it:

- **stamps**, one per source of data the fragment shows: `community:<id>` changes whenever
  anything inside that community changes (pages, comments, votes, members, activity), and
  `site` whenever something every page may show changes (people's names and photos,
  taxonomy, translated titles). A change writes a new stamp after its transaction commits,
  so the next reader misses the cache and renders afresh; no entry is ever deleted;
- **who may see it**: a fragment is only rendered after the permissions module let the
  reader in, and holds only what every such reader sees; a fragment about one reader (their
  profile, their feed) carries their id and their `person:<id>` stamp, which changes with
  their memberships and follows;
- the language, and whatever else the template passes to `{% cache %}` (a page number).

Stamps live in the cache itself, which must therefore be shared by every worker: Redis when
REDIS_URL is set, otherwise a file cache on local disk (settings.base). The receivers that
write stamps are all in this module, so one place says what invalidates what.
"""

import hashlib
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

FRAGMENT_SECONDS = 600
STAMP_KEY = "stamp:{scope}"


def community(pk):
    return f"community:{pk}"


def person(pk):
    """What one person follows and belongs to, which decides what they see."""
    return f"person:{pk}"


def inbox(pk):
    """One person's notifications."""
    return f"inbox:{pk}"


SITE = "site"
LEADS = "leads"
ACTIVITY = "activity"


def stamp(*scopes):
    """The current stamps of `scopes`, joined: one cache round trip."""
    keys = [STAMP_KEY.format(scope=scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return ".".join(str(found[key]) for key in keys)


def reader(request):
    """Who a per-reader fragment is for: the person, and the CSRF secret the forms in it
    carry (it changes at each login, and a form from an older session would be refused)."""
    get_token(request)
    secret = request.META.get("CSRF_COOKIE", "")
    return f"{request.user.pk}.{hashlib.sha256(secret.encode()).hexdigest()[:16]}"


def bump(*scopes):
    """Give `scopes` new stamps now and again once the current transaction commits: a reader
    who renders between the two, from data not yet committed, caches under a stamp that the
    second write retires."""
    scopes = [scope for scope in scopes if scope]

    def write():
        now = time.time_ns()
        cache.set_many({STAMP_KEY.format(scope=scope): now for scope in scopes}, None)

    if scopes:
        write()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(write)


# What invalidates what ---------------------------------------------------------------------


def _community_of_page(page):
    from intranet.community.models import CommunityPage
    from intranet.pages import community_id_above

    if isinstance(page, CommunityPage):
        return community(page.pk)
    found = community_id_above(page)
    return community(found) if found else None


def _names_everywhere(page):
    """Community titles and translated titles show on pages all over the site."""
    from intranet.community.models import CommunityPage
    from intranet.i18n import is_translation

    return isinstance(page, CommunityPage) or is_translation(page)


def _page_changed(sender, instance, **kwargs):
    # Activity about a page is listed only while the page is live. A page outside every
    # community (a site-wide learning path) has only the site-wide stamp.
    found = _community_of_page(instance)
    bump(found, ACTIVITY, SITE if found is None or _names_everywhere(instance) else None)


def _page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # Moving changes who may read the page (it follows its community), so both communities.
    bump(
        _community_of_page(parent_page_before),
        _community_of_page(parent_page_after),
        ACTIVITY,
        SITE,
    )


def _through_post(sender, instance, **kwargs):
    from intranet.community.models import Comment, PostPage

    if isinstance(instance, Comment):
        found = PostPage.objects.filter(pk=instance.post_id)
    else:  # a vote: its comment may be going too, so no instance.comment here
        found = PostPage.objects.filter(comments__pk=instance.comment_id)
    community_id = found.values_list("community_id", flat=True).first()
    bump(community(community_id) if community_id else None)


def _in_community(sender, instance, **kwargs):
    bump(community(instance.community_id) if instance.community_id else None)


def _through_item(sender, instance, **kwargs):
    from intranet.library.models import LibraryItemPage

    found = LibraryItemPage.objects.filter(pk=instance.item_id)
    community_id = found.values_list("community_id", flat=True).first()
    bump(community(community_id) if community_id else None)


def _activity(sender, instance, **kwargs):
    bump(community(instance.community_id) if instance.community_id else None, ACTIVITY)


def _membership(sender, instance, **kwargs):
    # A member's own pages list their communities; the community lists its members.
    bump(community(instance.community_id), person(instance.user_id))


def _follow(sender, instance, **kwargs):
    bump(person(instance.follower_id))


def _site_changed(sender, instance=None, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # logging in changes nothing anyone sees
    bump(SITE)


def _profile_changed(sender, instance, **kwargs):
    # Also sent for tags (a tag's profiles changed): then only the site-wide stamp.
    user_id = getattr(instance, "user_id", None)
    bump(SITE, person(user_id) if user_id else None)


def _notification(sender, instance, **kwargs):
    bump(inbox(instance.recipient_id))


def _leads_changed(sender, instance, **kwargs):
    bump(LEADS)


def connect():
    from intranet.community.models import (
        Activity,
        BestComment,
        Comment,
        Follow,
        HelpfulVote,
        Membership,
    )
    from intranet.leads.models import Handoff, Lead
    from intranet.library.models import LibraryFile, LibraryItemPage, Reuse
    from intranet.notifications.models import Notification
    from intranet.people.models import Profile
    from intranet.taxonomy.models import Customer, Division, JobFunction, Location, Product, TagName

    for signal in (page_published, page_unpublished):
        signal.connect(_page_changed, dispatch_uid=f"caching-{signal}")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="caching-page-deleted")
    post_page_move.connect(_page_moved, dispatch_uid="caching-page-moved")
    receivers = [
        *((model, _through_post) for model in (Comment, HelpfulVote)),
        *((model, _in_community) for model in (BestComment, LibraryItemPage)),
        *((model, _through_item) for model in (LibraryFile, Reuse)),
        (Activity, _activity),
        (Membership, _membership),
        (Follow, _follow),
        (Profile, _profile_changed),
        (Notification, _notification),
        *((model, _leads_changed) for model in (Lead, Handoff)),
        *(
            (model, _site_changed)
            for model in (get_user_model(), TagName, Division, Location, JobFunction)
        ),
        *((model, _site_changed) for model in (Customer, Product)),
    ]
    for model, receiver in receivers:
        uid = f"caching-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    for through in (Profile.job_functions.through, Profile.expertise.through):
        m2m_changed.connect(_profile_changed, sender=through, dispatch_uid=f"caching-{through}")
    # Who may use the admin: a person's groups and permissions, and each group's permissions.
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_site_changed, sender=through, dispatch_uid=f"caching-{through}")
