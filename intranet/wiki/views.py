"""Writing, history and curation of wiki pages; the pages themselves render through Wagtail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model

from intranet.community import permissions
from intranet.community.membership import community_collection
from intranet.i18n import sources

from . import diff, links, markup, services
from .forms import CompareForm, CurationForm, EditWikiPageForm, NewWikiPageForm, community_images
from .models import Watch, WikiIndexPage, WikiPage
from .pages import body_context

HISTORY_PER_PAGE = 50
PICKER_IMAGES = 24


def _wiki_for(request, wiki_id, action):
    wiki = sources(WikiIndexPage.objects.live()).filter(pk=wiki_id).first()
    if wiki is None:
        raise Http404
    community = permissions.community_for(request.user, wiki.get_parent().pk, action)
    return wiki, community


def _wiki_above(page):
    return WikiIndexPage.objects.ancestor_of(page).first()


def _preview(form, community, request, wiki):
    """The page as it would look, from the markup in the form."""
    draft = WikiPage(title=form.cleaned_data["title"], body=form.blocks)
    urls = links.urls_for_preview(community.pk, draft.body.raw_data, request)
    return body_context(draft, request, wiki.pk, urls)


def _store_image(form, community, user):
    """Keep an uploaded image in the community's collection; returns the markup that shows it."""
    upload = form.cleaned_data.get("image")
    if not upload:
        return None
    image = get_image_model()(
        title=upload.name.rsplit(".", 1)[0][:200] or _("Image"),
        file=upload,
        collection=community_collection(community),
        uploaded_by_user=user,
    )
    image.save()
    return f"![{markup.escape_text(image.title)}](image:{image.pk})"


def _editor(request, form, context, status):
    community = context["community"]
    images = community_images(community).order_by("-created_at")[:PICKER_IMAGES]
    context.update({"form": form, "picker_images": images, "help": markup.HELP})
    return render(request, "wiki/page_form.html", context, status=status)


def _after_image(request, form, community):
    """Re-show the editor with the uploaded image's markup at the end of the text."""
    snippet = _store_image(form, community, request.user)
    data = request.POST.copy()
    data["body"] = data.get("body", "").rstrip() + "\n\n" + snippet + "\n"
    messages.success(request, _("The image is uploaded and placed at the end of the text."))
    return data


def _before_saving(request, form, form_class, kwargs, context):
    """The editor again when the person uploaded an image or asked for a preview, else None."""
    community = context["community"]
    if "upload" in request.POST or form.cleaned_data.get("image"):
        if not form.cleaned_data.get("image"):
            form.add_error("image", _("Choose an image to upload."))
            return _editor(request, form, context, 400)
        data = _after_image(request, form, community)
        return _editor(request, form_class(data, **kwargs), context, 200)
    if "preview" in request.POST:
        context["preview"] = _preview(form, community, request, context["wiki"])
        return _editor(request, form, context, 200)
    return None


def create_page(request, wiki_id):
    wiki, community = _wiki_for(request, wiki_id, "contribute")
    context = {"community": community, "wiki": wiki, "preview": None}
    kwargs = {"user": request.user, "community": community, "wiki": wiki}
    if request.method == "POST":
        form = NewWikiPageForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            shown = _before_saving(request, form, NewWikiPageForm, kwargs, context)
            if shown is not None:
                return shown
            data = form.cleaned_data
            page = services.create_page(
                data["parent"],
                request.user,
                data["title"],
                form.blocks,
                data["summary"],
                watch=data["watch"],
            )
            messages.success(request, _("“%(title)s” is published.") % {"title": page.title})
            return redirect(page.url)
        return _editor(request, form, context, 400)
    initial = {"title": request.GET.get("title", "")[:200], "watch": True}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    return _editor(request, NewWikiPageForm(initial=initial, **kwargs), context, 200)


def edit_page(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "edit")
    community, wiki = page.community, _wiki_above(page)
    context = {"community": community, "wiki": wiki, "page": page, "preview": None}
    kwargs = {"user": request.user, "community": community, "page": page}
    if request.method == "POST":
        form = EditWikiPageForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            shown = _before_saving(request, form, EditWikiPageForm, kwargs, context)
            if shown is not None:
                return shown
            data = form.cleaned_data
            try:
                services.save_edit(
                    page.pk,
                    request.user,
                    data["base_revision"],
                    data["title"],
                    form.blocks,
                    data["summary"],
                    watch=data["watch"],
                )
            except services.EditConflict as conflict:
                return _conflict(request, form, context, conflict)
            messages.success(request, _("Your changes are published."))
            return redirect(page.url)
        return _editor(request, form, context, 400)
    initial = {
        "title": page.title,
        "body": markup.to_markup(page.body.raw_data),
        "base_revision": page.latest_revision_id,
        "watch": True,
    }
    return _editor(request, EditWikiPageForm(initial=initial, **kwargs), context, 200)


def _conflict(request, form, context, conflict):
    """Someone saved meanwhile: show what changed since, keep the person's text (HTTP 409)."""
    current = conflict.page
    base = current.revisions.filter(pk=conflict.base_revision).first()
    old_lines = diff.visible_lines(*_title_and_blocks(base)) if base else []
    new_lines = diff.visible_lines(current.title, current.body.raw_data)
    data = request.POST.copy()
    data["base_revision"] = current.latest_revision_id  # the next save merges onto the latest
    form = EditWikiPageForm(data, user=request.user, community=current.community, page=current)
    context.update(
        {
            "conflict": {
                "rows": diff.compare(old_lines, new_lines),
                "latest": current.latest_revision,
                "current_markup": markup.to_markup(current.body.raw_data),
            }
        }
    )
    return _editor(request, form, context, 409)


def _title_and_blocks(revision):
    page = revision.as_object()
    return page.title, page.body.raw_data


def page_history(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "read")
    revisions = (
        page.revisions.select_related("user", "user__profile")
        .defer("content")
        .annotate(summary=KT("content__edit_summary"))
        .order_by("-created_at", "-pk")
    )
    history = Paginator(revisions, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "community": page.community,
        "wiki": _wiki_above(page),
        "history": history,
        "can_curate": permissions.can_curate_wiki(request.user, page),
    }
    return render(request, "wiki/history.html", context)


def _revision(page, revision_id):
    revision = page.revisions.select_related("user").filter(pk=revision_id).first()
    if revision is None:
        raise Http404
    return revision


def compare_revisions(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "read")
    form = CompareForm(request.GET)
    if not form.is_valid():
        context = {"page": page, "community": page.community, "form": form}
        return render(request, "wiki/compare.html", context, status=400)
    old = _revision(page, form.cleaned_data["old"])
    new = _revision(page, form.cleaned_data["new"])
    if (old.created_at, old.pk) > (new.created_at, new.pk):
        old, new = new, old
    rows = diff.compare(
        diff.visible_lines(*_title_and_blocks(old)), diff.visible_lines(*_title_and_blocks(new))
    )
    added, removed = diff.summary(rows)
    context = {
        "page": page,
        "community": page.community,
        "wiki": _wiki_above(page),
        "old": old,
        "new": new,
        "rows": rows,
        "added": added,
        "removed": removed,
        "can_curate": permissions.can_curate_wiki(request.user, page),
    }
    return render(request, "wiki/compare.html", context)


def view_revision(request, page_id, revision_id):
    page = permissions.wiki_page_for(request.user, page_id, "read")
    revision = _revision(page, revision_id)
    old = revision.as_object()
    wiki = _wiki_above(page)
    urls = links.urls_for_preview(page.community_id, old.body.raw_data, request)
    context = {
        "page": page,
        "old": old,
        "revision": revision,
        "community": page.community,
        "wiki": wiki,
        "can_curate": permissions.can_curate_wiki(request.user, page),
        **body_context(old, request, wiki.pk if wiki else None, urls),
    }
    return render(request, "wiki/revision.html", context)


@require_POST
def restore_revision(request, page_id, revision_id):
    page = permissions.wiki_page_for(request.user, page_id, "curate")
    revision = _revision(page, revision_id)
    if revision.pk == page.latest_revision_id:
        messages.info(request, _("This is already the current version."))
        return redirect(page.url)
    try:
        services.restore(page, revision, request.user)
    except services.TitleTaken as taken:
        messages.error(
            request,
            _("Another page is now called “%(title)s”: rename it first, then restore.")
            % {"title": taken},
        )
        return redirect("wiki:page_history", page.pk)
    messages.success(request, _("The earlier version is restored, as a new revision."))
    return redirect(page.url)


@require_POST
def toggle_lock(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "curate")
    services.set_lock(page, request.user, not page.locked)
    if page.locked:
        messages.success(request, _("The page is locked: only editors can change it."))
    else:
        messages.success(request, _("The page is unlocked: members can edit it again."))
    return redirect(page.url)


@require_POST
def toggle_watch(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "read")
    if services.toggle_watch(page, request.user):
        messages.success(request, _("You will be notified when this page changes."))
    else:
        messages.success(request, _("You no longer watch this page."))
    return redirect(page.url)


@require_POST
def mark_reviewed(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "review")
    services.mark_reviewed(page, request.user)
    messages.success(
        request,
        _("Marked as reviewed. The next review is due by %(date)s.") % {"date": page.review_by},
    )
    return redirect(page.url)


def edit_curation(request, page_id):
    page = permissions.wiki_page_for(request.user, page_id, "curate")
    community = page.community
    if request.method == "POST":
        form = CurationForm(request.POST, community=community)
        if form.is_valid():
            services.set_curation(
                page, form.cleaned_data["curator"], form.cleaned_data["review_by"]
            )
            messages.success(request, _("The curation is updated."))
            return redirect(page.url)
        status = 400
    else:
        initial = {"curator": page.curator_id, "review_by": page.review_by}
        form, status = CurationForm(initial=initial, community=community), 200
    context = {"page": page, "community": community, "wiki": _wiki_above(page), "form": form}
    return render(request, "wiki/curation_form.html", context, status=status)


def review_report(request, wiki_id):
    wiki, community = _wiki_for(request, wiki_id, "read")
    if not permissions.is_editor(request.user, community):
        raise PermissionDenied
    overdue, uncurated = services.stale_pages(wiki)
    context = {"wiki": wiki, "community": community, "overdue": overdue, "uncurated": uncurated}
    return render(request, "wiki/review_report.html", context)


def watched_pages(request):
    """The wiki pages the user watches, across communities they may still read."""
    watches = (
        Watch.objects.filter(
            user=request.user, page__in=permissions.visible_wiki_pages(request.user)
        )
        .select_related("page", "page__community")
        .order_by("page__title")
    )
    return render(request, "wiki/watched_pages.html", {"watches": watches})
