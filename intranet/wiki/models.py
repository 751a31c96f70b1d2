"""A community's wiki: a tree of pages members edit, with links, backlinks and curators."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from intranet.i18n import is_translation
from intranet.pages import KeepsStateOnRestore, OneAddress, community_id_above

from .blocks import WikiBlock


def title_key(title):
    """How `[[links]]` match titles: case, spacing and underscores do not matter."""
    return re.sub(r"[\s_]+", " ", title or "").strip().casefold()[:255]


class WikiIndexPage(OneAddress, Page):
    """A community's wiki: its tree of pages, recent changes, and where new pages start."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.CommunityPage"]
    subpage_types = ["wiki.WikiPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("wiki")

    @property
    def community(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_read(request.user, self.community):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        context.update(pages.index_context(self, request))
        return context


class WikiAdminForm(WagtailAdminPageForm):
    """The admin's edit form starts with an empty summary: each revision says what it changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "edit_summary" in self.fields and not self.is_bound:
            self.initial["edit_summary"] = ""


class WikiPage(OneAddress, KeepsStateOnRestore, Page):
    """One page of a community's wiki."""

    body = StreamField(WikiBlock(), blank=True, verbose_name=_("body"))
    community = models.ForeignKey(
        "community.CommunityPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,  # Wagtail deletes pages through its tree, never by cascade
        related_name="wiki_pages",
    )
    title_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    edit_summary = models.CharField(
        _("summary of the change"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the page's history, for example “Added the 2026 prices”."),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_wiki_pages",
        help_text=_("Keeps the page accurate and reviews it by the review date."),
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, editable=False)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("edit_summary"),
        MultiFieldPanel([FieldPanel("curator"), FieldPanel("review_by")], heading=_("Curation")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.FilterField("community"),
    ]
    base_form_class = WikiAdminForm
    parent_page_types = ["wiki.WikiIndexPage", "wiki.WikiPage"]
    subpage_types = ["wiki.WikiPage"]

    # Curation is the page's state, not its content: restoring a revision keeps it.
    STATE_FIELDS = ("community", "curator", "review_by", "last_reviewed_at", "last_reviewed_by")
    # A translator translates the page, not the note its last editor left.
    override_translatable_fields = [
        *OneAddress.override_translatable_fields,
        SynchronizedField("edit_summary"),
    ]

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        indexes = [models.Index(fields=["community", "title_key"])]

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if is_translation(self):  # a translation's title may match another language's
            return
        community_id = self.community_id or community_id_above(self)
        twin = WikiPage.objects.filter(community_id=community_id, title_key=title_key(self.title))
        if community_id and twin.exclude(pk=self.pk).exists():
            raise ValidationError({"title": _("This wiki already has a page with this title.")})

    def get_template(self, request, *args, **kwargs):
        return "wiki/wiki_page.html"

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_read_wiki(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        context.update(pages.page_context(self, request, context["content"]))
        return context


class WikiLink(models.Model):
    """A `[[link]]` from one wiki page to a title; the target is None while no page has it."""

    source = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="outgoing_links")
    target_key = models.CharField(max_length=255)
    target_title = models.CharField(max_length=255)  # as first written, to offer creating it
    target = models.ForeignKey(
        WikiPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="backlinks"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target_key"], name="one_link_per_title")
        ]
        indexes = [models.Index(fields=["target_key"])]


class Watch(models.Model):
    """Someone wants to hear when a wiki page changes."""

    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wiki_watches"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="watch_page_once")]
