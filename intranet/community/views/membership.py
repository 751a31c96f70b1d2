from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import membership, permissions
from ..forms import ExceptionForm, InviteForm, RequestForm, RoleForm
from ..models import Membership, Status

MEMBERS_PER_PAGE = 50


def _managed_membership(request, community_id, membership_id):
    """A membership of a community the user manages: 404 if unseen, 403 if not theirs to manage."""
    community = permissions.community_for(request.user, community_id, "manage")
    found = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if found is None:
        raise Http404
    return community, found


@require_POST
def join(request, community_id):
    community = permissions.community_for(request.user, community_id, "join")
    membership.join(request.user, community)
    messages.success(request, _("Welcome to %(community)s.") % {"community": community.title})
    return redirect(community.url)


@require_POST
def leave(request, community_id):
    community = permissions.community_for(request.user, community_id, "leave")
    membership.leave(request.user, community)
    messages.success(request, _("You have left %(community)s.") % {"community": community.title})
    return redirect(community.url if permissions.can_know(request.user, community) else "/")


def request_membership(request, community_id):
    community = permissions.community_for(request.user, community_id, "request")
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            membership.request_to_join(request.user, community, form.cleaned_data["message"])
            messages.success(request, _("Your request is with the community's editors."))
            return redirect(community.url)
        status = 400
    else:
        form, status = RequestForm(), 200
    context = {"community": community, "form": form}
    return render(request, "community/request_form.html", context, status=status)


@require_POST
def answer_invitation(request, community_id):
    community = permissions.community_for(request.user, community_id, "know")
    found = permissions.membership(request.user, community)
    if found is None or found.status != Status.INVITED:
        raise Http404
    if request.POST.get("answer") == "accept":
        membership.accept_invitation(found)
        messages.success(request, _("Welcome to %(community)s.") % {"community": community.title})
        return redirect(community.url)
    membership.decline(found)
    return redirect("/")


def members(request, community_id):
    community = permissions.community_for(request.user, community_id, "read")
    return _members_page(request, community)


def _members_page(request, community, invite_form=None, status=200):
    active = (
        Membership.objects.filter(community=community, status=Status.ACTIVE)
        .select_related(
            "user", "user__profile", "user__profile__division", "user__profile__location"
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )
    can_manage = permissions.can_manage_members(request.user, community)
    context = {
        "community": community,
        "members": Paginator(active, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "can_manage": can_manage,
        "pending": Membership.objects.filter(community=community)
        .exclude(status=Status.ACTIVE)
        .select_related("user")
        if can_manage
        else [],
        "invite_form": (invite_form or InviteForm()) if can_manage else None,
        "role_form": RoleForm(),
        "exception_form": ExceptionForm(),
    }
    return render(request, "community/members.html", context, status=status)


def exceptions(request, community_id):
    community = permissions.community_for(request.user, community_id, "manage")
    context = {"community": community, "exceptions": membership.exceptions(community)}
    return render(request, "community/exceptions.html", context)


@require_POST
def invite(request, community_id):
    community = permissions.community_for(request.user, community_id, "manage")
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, community, invite_form=form, status=400)
    invitee = form.cleaned_data["username"]
    found = membership.invite(request.user, community, invitee)
    if found.is_active:
        messages.success(request, _("%(name)s is a member.") % {"name": invitee})
    else:
        messages.success(request, _("%(name)s is invited.") % {"name": invitee})
    return redirect("community:members", community.pk)


@require_POST
def decide_request(request, community_id, membership_id):
    community, found = _managed_membership(request, community_id, membership_id)
    if found.status != Status.REQUESTED:
        raise Http404
    if request.POST.get("decision") == "approve":
        membership.approve(found)
        messages.success(request, _("%(name)s is now a member.") % {"name": found.user})
    else:
        membership.decline(found)
        messages.success(request, _("The request is declined."))
    return redirect("community:members", community.pk)


@require_POST
def set_role(request, community_id, membership_id):
    community, found = _managed_membership(request, community_id, membership_id)
    if found.is_active and not permissions.can_change_role(request.user, found):
        raise PermissionDenied
    form = RoleForm(request.POST)
    if not form.is_valid() or not found.is_active:
        messages.error(request, _("Choose a role for an active member."))
        return _members_page(request, community, status=400)
    membership.set_role(found, form.cleaned_data["role"])
    return redirect("community:members", community.pk)


@require_POST
def grant_exception(request, community_id, membership_id):
    community, found = _managed_membership(request, community_id, membership_id)
    form = ExceptionForm(request.POST)
    if not form.is_valid() or not found.is_active:
        messages.error(request, _("Choose what the member may do."))
        return _members_page(request, community, status=400)
    membership.grant_exception(found, form.cleaned_data["participation"])
    messages.success(request, _("The exception for %(name)s is saved.") % {"name": found.user})
    return redirect("community:exceptions", community.pk)
