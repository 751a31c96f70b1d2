"""Small helpers for Guild's Wagtail pages that more than one app needs."""

from django.http import Http404
from django.utils.text import slugify
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from intranet.i18n import is_translation


def unique_child_slug(parent, title, fallback):
    """A slug from `title` that none of `parent`'s children uses yet."""
    base = slugify(title)[:70] or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def ancestor_id(page, levels):
    """The id of the page `levels` up the tree from an unsaved-or-saved page, or None."""
    if not page.path or page.depth <= levels:
        return None
    path = page.path[: -levels * page.steplen]
    return Page.objects.filter(path=path).values_list("pk", flat=True).first()


def community_id_above(page):
    """The id of the community a page sits in (None outside communities or the tree)."""
    from intranet.community.models import CommunityPage

    if not page.path:
        return None
    prefixes = [page.path[: depth * page.steplen] for depth in range(1, page.depth)]
    return CommunityPage.objects.filter(path__in=prefixes).values_list("pk", flat=True).first()


def translation_without_structure(page, *fields):
    """True for a translation, after clearing the fields that tie a page to its community.

    A translation only carries text: memberships, comments, progress and permissions stay on
    its source page (see intranet/i18n.py), so no query for a community's pages ever finds it.
    """
    if not is_translation(page):
        return False
    for name in fields:
        setattr(page, f"{name}_id", None)
    return True


class OneAddress:
    """A page mixin: translators translate the text, never the slug, so a page keeps one
    address in every language and links shared across countries keep working."""

    override_translatable_fields = [SynchronizedField("slug")]

    def serve_preview(self, request, mode_name):
        """A translation previews as its source page showing the translation's text: on its
        own it has no community, path or permissions to render with."""
        if is_translation(self):
            from intranet.i18n import source_of

            source = source_of(self)
            if source is not None:
                request.translation_preview = self
                return source.serve_preview(request, mode_name)
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        from intranet.i18n import reading

        context = super().get_context(request, *args, **kwargs)
        context.update(reading(self, request))
        return context


def route_by_address(home, request, path_components):
    """Route from `home` to the page its address names, reading every page on the way at once.

    Wagtail's own routing takes a query or two for each level of the tree. An address is the
    path of slugs below home, and every page stores that path (`url_path`), so one query finds
    the whole chain. Each page on the chain still has its say: a page class that guards what
    lies below it (a community hides itself and its content) defines `guard_route`, which is
    called as Wagtail's routing would reach it. The last page found routes what is left, so
    pages with routes of their own keep them.
    """
    addresses = [
        home.url_path + "".join(f"{slug}/" for slug in path_components[:depth])
        for depth in range(1, len(path_components) + 1)
    ]
    # `slug` is indexed and `url_path` is not: the slugs narrow the search to a few rows.
    chain = list(
        Page.objects.filter(slug__in=set(path_components), url_path__in=addresses)
        .filter(path__startswith=home.path)
        .order_by("depth")
    )
    if not chain:
        raise Http404
    parent = home
    for found, page in enumerate(chain):
        if hasattr(page.specific_class, "guard_route") or page is chain[-1]:
            page = chain[found] = page.specific
        page._cached_parent_obj = parent
        if page is not chain[-1] and hasattr(page, "guard_route"):
            page.guard_route(request, path_components[found + 1 :])
        parent = page
    return chain[-1].route(request, path_components[len(chain) :])


def add_section_once(parent, page_class, title, slug):
    """Publish a `page_class` child of `parent` (a community's library, its wiki) if none yet.

    A translated community gets its sections by translation, never by this."""
    if is_translation(parent):
        return
    if not page_class.objects.child_of(parent).exists():
        section = page_class(title=title, slug=slug, owner=parent.owner)
        parent.add_child(instance=section)
        section.save_revision().publish()


class KeepsStateOnRestore:
    """A page mixin: fields named in STATE_FIELDS are the page's state, not its content, so
    restoring or previewing an old revision keeps them as they are now."""

    STATE_FIELDS = ()

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.STATE_FIELDS:
            attname = self._meta.get_field(name).attname
            setattr(page, attname, getattr(self, attname))
        return page
