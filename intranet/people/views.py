from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from intranet import caching
from intranet.community import activity, permissions
from intranet.leads import ledger
from intranet.recognition import services as recognition

from . import services
from .forms import DirectoryFilterForm, ProfileForm
from .permissions import can_edit_profile, profile_for_change

PEOPLE_PER_PAGE = 24


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    # The filters and the people they find are the same for everyone: the template caches
    # them by the query until anyone's profile changes; people are read only on a miss.
    cached = {"fragments": caching.stamp(caching.SITE), "results_key": sorted(request.GET.lists())}
    if form.is_bound and not form.is_valid():
        context = {"form": form, "page": None, **cached}
        return render(request, "people/directory.html", context, status=400)
    filters = form.filters() if form.is_bound else {}
    found = services.directory(**filters).prefetch_related("expertise")
    paginator = Paginator(found, PEOPLE_PER_PAGE)
    page = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), **cached}
    return render(request, "people/directory.html", context)


def profile(request, username):
    person = services.profile_for_page(username)
    if person is None:
        raise Http404
    viewer = services.profile_for_page(request.user.username) if request.user.is_active else None
    context = {
        "person": person,
        "in_common": services.in_common(viewer, person) if viewer else None,
        "can_edit": can_edit_profile(request.user, person),
        "following": activity.is_following(request.user, person=person.user),
        "completed_paths": completed_paths(request.user, person.user),
        "standing": recognition.standing(person.user),
        "ledger": ledger.person(person.user)
        if permissions.can_see_ledger(request.user, person.user)
        else None,
    }
    return render(request, "people/profile.html", context)


def completed_paths(viewer, user):
    """The learning paths `user` completed that the viewer may see: recognition on the profile."""
    from intranet.learning.models import Enrolment

    return (
        Enrolment.objects.filter(user=user, completed_at__isnull=False)
        .filter(path__in=permissions.visible_paths(viewer).values("pk"))
        .select_related("path")
        .order_by("-completed_at")
    )


def edit_my_profile(request):
    return edit_profile(request, request.user.username)


def edit_profile(request, username):
    person = profile_for_change(request.user, username)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=person)
        if form.is_valid():
            with transaction.atomic():
                form.save(uploaded_by=request.user)
            messages.success(request, _("Profile saved."))
            return redirect(person.get_absolute_url())
        status = 400
    else:
        form, status = ProfileForm(instance=person), 200
    return render(
        request, "people/edit_profile.html", {"form": form, "person": person}, status=status
    )
