"""What the community home page shows: news, posts, questions, people and activity."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from intranet import caching
from intranet.leads import ledger
from intranet.people import services as people
from intranet.people.models import ProfileExpertise, ProfileInterest

from . import activity, discussion, permissions
from .models import Membership, PostKind, PostPage, ReadReceipt, Role, Status

POSTS_PER_PAGE = 10


def posts_for_listing(posts):
    return (
        posts.live()
        .select_related("owner", "owner__profile")
        .prefetch_related("tags")
        .annotate(
            num_comments=Count(
                "comments", filter=Q(comments__deleted_at__isnull=True), distinct=True
            ),
            answered=Count("comments", filter=Q(comments__accepted=True), distinct=True),
        )
        .order_by("-first_published_at", "-pk")
    )


def _member_profiles(community):
    members = Membership.objects.filter(community=community, status=Status.ACTIVE)
    return people.directory().filter(user__in=members.values("user"))


def people_to_meet(community, profile, limit=6):
    """Members of other divisions who share expertise or interests with `profile`."""
    if profile is None:
        return []
    mine = [tag.pk for tag in [*profile.expertise.all(), *profile.interests.all()]]
    if not mine:
        return []

    def shared(through):
        return Coalesce(
            Subquery(
                through.objects.filter(content_object=OuterRef("pk"), tag__in=mine)
                .values("content_object")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    candidates = _member_profiles(community).exclude(pk=profile.pk)
    if profile.division_id:
        candidates = candidates.exclude(division_id=profile.division_id)
    return list(
        candidates.annotate(shared=shared(ProfileExpertise) + shared(ProfileInterest))
        .filter(shared__gt=0)
        .order_by("-shared", "user__first_name")[:limit]
    )


def context(community, request):
    user = request.user
    found = permissions.membership(user, community)
    flags = {
        "membership": found,
        "can_join": permissions.can_join(user, community),
        "can_request": permissions.can_request(user, community),
        "can_leave": permissions.can_leave(user, community),
        "can_manage": permissions.can_manage_members(user, community),
        "following": activity.is_following(user, community=community),
    }
    if not permissions.can_read(user, community):
        return flags
    # What every reader of the community sees is cached in fragments (see the template and
    # intranet/caching.py); the values behind them are computed only when a fragment renders.
    posts = community.posts.all()
    news = posts_for_listing(posts.filter(kind=PostKind.NEWS))
    page_number = request.GET.get("page", "1")
    unread = (
        posts.live()
        .filter(kind=PostKind.NEWS, must_read=True)
        .exclude(pk__in=ReadReceipt.objects.filter(user=user).values("post"))
        .order_by("-first_published_at", "-pk")
    )
    return {
        **flags,
        "fragments": caching.stamp(caching.community(community.pk), caching.SITE),
        "page_number": page_number if page_number.isdigit() else "1",
        "news": news[:3],
        "unread_must_read": unread[:5] if found and found.is_active else [],
        "posts_page": SimpleLazyObject(
            lambda: Paginator(posts_for_listing(posts), POSTS_PER_PAGE).get_page(page_number)
        ),
        "open_questions": posts_for_listing(posts.filter(kind=PostKind.QUESTION))
        .exclude(comments__accepted=True)
        .prefetch_related(None)[:5],  # titles and comment counts only
        "best": SimpleLazyObject(lambda: discussion.best_comment(community)),
        "sponsors": _member_profiles(community).filter(
            user__memberships__community=community, user__memberships__role=Role.SPONSOR
        ),
        "newest_members": _member_profiles(community)
        .order_by("-user__memberships__created_at")
        .filter(user__memberships__community=community)
        .prefetch_related(None)[:8],  # names and divisions only
        "people_to_meet": SimpleLazyObject(
            lambda: people_to_meet(community, people.profile_for_page(user.username))
        ),
        "stream": SimpleLazyObject(lambda: activity.community_stream(user, community)),
        "sections": community.get_children().live().not_type(PostPage).specific(),
        "can_post": permissions.can_contribute(user, community),
        "can_edit_news": permissions.can_publish(user, community),
        **_lead_relay(user, community),
    }


def _lead_relay(user, community):
    """The lead community shows the division-by-division give and take in leads."""
    if community.slug != settings.LEADS_COMMUNITY or not permissions.can_see_ledgers(user):
        return {}
    relay = SimpleLazyObject(ledger.matrix)
    return {
        "lead_relay": caching.stamp(caching.LEADS),
        "lead_divisions": SimpleLazyObject(lambda: relay[0]),
        "lead_rows": SimpleLazyObject(lambda: relay[1]),
    }
