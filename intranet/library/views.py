from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.community import permissions
from intranet.i18n import sources

from . import services
from .forms import LibraryItemForm, ReuseForm, VersionForm
from .models import LibraryFile, LibraryItemPage, LibraryPage


def _library_for(request, library_id, may):
    """The library if the user may read its community (else 404) and `may` holds (else 403)."""
    library = LibraryPage.objects.live().filter(pk=library_id).first()
    if library is None:
        raise Http404
    community = permissions.community_for(request.user, library.get_parent().pk, "read")
    if not may(request.user, community):
        raise PermissionDenied
    return library, community


def _item_for(request, item_id):
    item = (
        sources(LibraryItemPage.objects.live())
        .select_related("community")
        .filter(pk=item_id)
        .first()
    )
    if item is None or item.community is None:
        raise Http404
    permissions.community_for(request.user, item.community_id, "read")
    return item


def upload_item(request, library_id):
    library, community = _library_for(request, library_id, permissions.can_contribute)
    if request.method == "POST":
        form = LibraryItemForm(request.POST, request.FILES, library=library)
        if form.is_valid():
            item = services.add_item(
                library, request.user, form.cleaned_data, form.cleaned_data["file"]
            )
            messages.success(request, _("“%(title)s” is in the library.") % {"title": item.title})
            return redirect(item.url)
        status = 400
    else:
        form, status = LibraryItemForm(library=library), 200
    context = {"form": form, "library": library, "community": community}
    return render(request, "library/upload_form.html", context, status=status)


@require_POST
def upload_version(request, item_id):
    item = _item_for(request, item_id)
    community = item.community
    if not permissions.can_edit_owned(request.user, community, item.owner_id):
        raise PermissionDenied
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"item": item, "form": form, "community": community}
        return render(request, "library/item_form.html", context, status=400)
    services.add_version(item, form.cleaned_data["file"], request.user)
    messages.success(request, _("The new version is uploaded; earlier ones stay listed."))
    return redirect(item.url)


def download_file(request, file_id):
    library_file = LibraryFile.objects.select_related("item", "document").filter(pk=file_id).first()
    if library_file is None or not library_file.item.live:
        raise Http404
    _item_for(request, library_file.item_id)
    return FileResponse(
        library_file.document.file.open("rb"), as_attachment=True, filename=library_file.filename
    )


@require_POST
def reuse_item(request, item_id):
    item = _item_for(request, item_id)
    form = ReuseForm(request.POST)
    if not form.is_valid():
        context = {"item": item, "form": form, "community": item.community}
        return render(request, "library/item_form.html", context, status=400)
    services.record_reuse(item, request.user, form.cleaned_data["customer"])
    messages.success(request, _("Thanks: the owner will see that it helped."))
    return redirect(item.url)


def review_report(request, library_id):
    library, community = _library_for(request, library_id, permissions.is_editor)
    overdue = (
        LibraryItemPage.objects.live()
        .child_of(library)
        .filter(review_by__lt=timezone.localdate())
        .select_related("owner")
        .order_by("review_by")
    )
    context = {"library": library, "community": community, "overdue": overdue}
    return render(request, "library/review_report.html", context)
