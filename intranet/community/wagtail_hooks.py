from django.http import Http404
from wagtail import hooks

from . import permissions
from .models import CommunityPage


@hooks.register("before_serve_page", order=-10)
def serve_private_communities_own_landing(page, request, serve_args, serve_kwargs):
    """A private community's non-members see its landing page, not Wagtail's login redirect.

    CommunityPage.route has already answered 404 to anyone who may not know the community;
    Wagtail's view restriction (the second line) still guards everything below it.
    """
    if isinstance(page, CommunityPage) and not permissions.can_read(request.user, page):
        return page.serve(request, *serve_args, **serve_kwargs)
    return None


@hooks.register("before_serve_document", order=-10)
def serve_documents_only_to_readers(document, request):
    """Wagtail's document URLs answer like a missing file to anyone who may not read it."""
    if not permissions.visible_documents(request.user).filter(pk=document.pk).exists():
        raise Http404
