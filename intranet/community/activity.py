"""Activity streams: a community's, and a person's "since your last visit" from what they follow."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from . import permissions
from .models import Activity, Follow, HomeVisit

# A new visit starts after this long away; reloading the home page keeps showing the same news.
VISIT_GAP = datetime.timedelta(minutes=30)
FIRST_VISIT_WINDOW = datetime.timedelta(days=14)


@dataclass
class Entry:
    """One line of a feed: consecutive events of one kind by one person collapse into one."""

    actor: object
    verb: str
    community: object
    latest: datetime.datetime
    posts: list = field(default_factory=list)
    count: int = 0


def collapse(activities):
    entries, index = [], {}
    for activity in activities:
        key = (activity.actor_id, activity.verb, activity.community_id)
        entry = index.get(key)
        if entry is None:
            entry = index[key] = Entry(
                activity.actor, activity.verb, activity.community, activity.created_at
            )
            entries.append(entry)
        entry.count += 1
        if activity.post is not None and activity.post not in entry.posts and len(entry.posts) < 3:
            entry.posts.append(activity.post)
    return entries


# What a line of a feed shows: who, what, where, and links (a page's link needs its url_path).
_FEED_COLUMNS = (
    "actor_id",
    "verb",
    "community_id",
    "post_id",
    "created_at",
    "actor__username",
    "actor__first_name",
    "actor__last_name",
    *(f"{page}__{name}" for page in ("community", "post") for name in ("title", "url_path")),
)


def _with_related(activities):
    return activities.select_related("actor", "community", "post").only(*_FEED_COLUMNS)


def community_stream(user, community, limit=20):
    activities = permissions.visible_activities(user, Activity.objects.filter(community=community))
    return collapse(_with_related(activities)[:limit])


def visit_home(user, now=None):
    """Record a home page visit; returns when the previous visit was (None: never)."""
    now = now or timezone.now()
    visit = HomeVisit.objects.filter(user=user).first()
    if visit is None:
        HomeVisit.objects.create(user=user, previous_at=None, last_at=now)
        return None
    if now - visit.last_at > VISIT_GAP:
        visit.previous_at, visit.last_at = visit.last_at, now
        visit.save(update_fields=["previous_at", "last_at"])
    return visit.previous_at


def since_last_visit(user, since, limit=200):
    """What happened in what the user follows since `since`, collapsed, only what they may see."""
    since = since or timezone.now() - FIRST_VISIT_WINDOW
    follows = Follow.objects.filter(follower=user)
    followed = (
        Q(community__in=follows.filter(community__isnull=False).values("community"))
        | Q(actor__in=follows.filter(person__isnull=False).values("person"))
        | Q(post__tagged_items__tag__in=follows.filter(tag__isnull=False).values("tag"))
    )
    activities = (
        permissions.visible_activities(user)
        .filter(followed, created_at__gt=since)
        .exclude(actor=user)
        .distinct()
    )
    return collapse(_with_related(activities)[:limit])


def is_following(user, **target):
    return Follow.objects.filter(follower=user, **target).exists()
