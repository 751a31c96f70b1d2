"""Joining, leaving, invitations, roles and exceptions; and the Wagtail mirror of it all.

Views check permission first (permissions.community_for and friends); these functions do the
change, keep automatic memberships in step with job functions, and mirror membership into
Wagtail groups, page permissions and a view restriction, so that Wagtail's own serving and
admin enforce the same rule as a second line.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from intranet.i18n import sources
from intranet.people.models import Profile

from . import permissions
from .models import Activity, CommunityPage, Membership, Role, Status, Verb

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_FILE_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]
COMMUNITIES_COLLECTION = "Communities"


def member_group(community):
    return Group.objects.get_or_create(name=f"Community {community.pk}: members")[0]


def editor_group(community):
    return Group.objects.get_or_create(name=f"Community {community.pk}: editors")[0]


@transaction.atomic
def mirror_to_wagtail(community):
    """Groups, page permissions and view restriction that match the community's policy."""
    members, editors = member_group(community), editor_group(community)
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=community.page_ptr,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = community_collection(community)
    for app_label, codename in EDITOR_FILE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    _restrict(
        PageViewRestriction, community.is_restricted, [members, editors], page=community.page_ptr
    )
    _restrict(
        CollectionViewRestriction,
        community.is_restricted,
        [members, editors],
        collection=collection,
    )


def _restrict(model, restricted, groups, **target):
    """A groups-only view restriction on the page or collection when restricted, none otherwise."""
    existing = model.objects.filter(**target)
    if not restricted:
        existing.delete()
        return
    restriction = existing.first() or model.objects.create(restriction_type=model.GROUPS, **target)
    restriction.groups.set(groups)


def community_collection(community):
    """The community's own collection, under a shared "Communities" one; made on first use."""
    if community.collection_id is not None:
        return community.collection
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=COMMUNITIES_COLLECTION).first()
    parent = parent or root.add_child(name=COMMUNITIES_COLLECTION)
    collection = parent.add_child(name=community.title)
    CommunityPage.objects.filter(pk=community.pk).update(collection=collection)
    community.collection = collection
    return collection


def _mirror_membership(membership):
    members, editors = member_group(membership.community), editor_group(membership.community)
    user = membership.user
    if membership.is_active:
        user.groups.add(members)
    else:
        user.groups.remove(members)
    if membership.is_active and membership.role == Role.EDITOR:
        user.groups.add(editors)
    else:
        user.groups.remove(editors)
    permissions.forget(user)


def _save(membership):
    membership.save()
    _mirror_membership(membership)
    return membership


def _remove(membership):
    membership.delete()
    membership.status = Status.REQUESTED  # no longer active: take the groups away
    _mirror_membership(membership)


def join(user, community):
    found = Membership.objects.filter(community=community, user=user).first()
    membership = found or Membership(community=community, user=user)
    membership.status = Status.ACTIVE
    _save(membership)
    permissions.forget(user)  # a row found above holds another instance of the user
    Activity.objects.create(community=community, actor=user, verb=Verb.JOINED)
    return membership


def request_to_join(user, community, message=""):
    """Ask to join; someone who was already invited simply becomes a member."""
    invited = Membership.objects.filter(community=community, user=user, status=Status.INVITED)
    if invited.exists():
        found = accept_invitation(invited.get())
        permissions.forget(user)
        return found
    membership, _ = Membership.objects.get_or_create(
        community=community, user=user, defaults={"status": Status.REQUESTED}
    )
    membership.status, membership.message = Status.REQUESTED, message
    _save(membership)
    permissions.forget(user)  # an existing row holds another instance of the user
    return membership


def invite(by, community, invitee):
    """Invite someone; inviting an active member changes nothing."""
    membership, created = Membership.objects.get_or_create(
        community=community, user=invitee, defaults={"status": Status.INVITED, "invited_by": by}
    )
    if not created and membership.status == Status.REQUESTED:
        return approve(membership)
    return membership


def approve(membership):
    was_active = membership.is_active
    membership.status = Status.ACTIVE
    _save(membership)
    if not was_active:
        Activity.objects.create(
            community=membership.community, actor=membership.user, verb=Verb.JOINED
        )
    return membership


def accept_invitation(membership):
    return approve(membership)


def decline(membership):
    """Turn down a request or an invitation."""
    if not membership.is_active:
        _remove(membership)


def leave(user, community):
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is not None:
        _remove(membership)
    permissions.forget(user)  # the row holds another instance of the user


def set_role(membership, role):
    membership.role = role
    membership.automatic = False  # a role given by an editor outlives a change of function
    return _save(membership)


def grant_exception(membership, participation):
    """Give one member another participation level than the policy's (None removes it)."""
    membership.participation = participation
    membership.automatic = False
    return _save(membership)


def exceptions(community):
    """Every membership that departs from the community's policy."""
    return (
        Membership.objects.filter(
            community=community, status=Status.ACTIVE, participation__isnull=False
        )
        .exclude(participation=community.participation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


@transaction.atomic
def sync_person(user):
    """Make the user's automatic memberships match the job functions on their profile."""
    functions = Profile.objects.filter(user=user).values("job_functions")
    wanted = set(
        sources(CommunityPage.objects.filter(job_functions__in=functions)).values_list(
            "pk", flat=True
        )
    )
    existing = {
        m.community_id: m for m in Membership.objects.filter(user=user).select_related("community")
    }
    for community_id in wanted - {pk for pk, m in existing.items() if m.is_active}:
        membership = existing.get(community_id) or Membership(
            community_id=community_id, user=user, automatic=True
        )
        membership.status = Status.ACTIVE
        _save(membership)
    for community_id, membership in existing.items():
        if membership.automatic and community_id not in wanted:
            _remove(membership)


@transaction.atomic
def sync_community(community):
    """Make the community's automatic memberships match its job functions."""
    wanted = set(
        Profile.objects.filter(
            job_functions__in=community.job_functions.all(), user__is_active=True
        ).values_list("user_id", flat=True)
    )
    existing = {
        m.user_id: m
        for m in Membership.objects.filter(community=community).select_related("user", "community")
    }
    new_ids = wanted - {uid for uid, m in existing.items() if m.is_active}
    pending = [existing[uid] for uid in new_ids if uid in existing]
    for membership in pending:
        membership.status = Status.ACTIVE
        _save(membership)
    created = Membership.objects.bulk_create(
        [
            Membership(community=community, user_id=uid, automatic=True)
            for uid in new_ids
            if uid not in existing
        ]
    )
    member_group(community).user_set.add(*[m.user_id for m in created])
    for user_id, membership in existing.items():
        if membership.automatic and user_id not in wanted:
            _remove(membership)
