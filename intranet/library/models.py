"""The proposal library: each community's tagged files that reps find, reuse and improve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from intranet.pages import OneAddress
from intranet.taxonomy.models import Industry


class DocumentType(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    QUOTATION = "quotation", _("Quotation")
    SPECIFICATION = "specification", _("Specification")
    BLUEPRINT = "blueprint", _("Blueprint")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    PENDING = "pending", _("Pending")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Region(models.TextChoices):
    SWEDEN = "sweden", _("Sweden")
    GERMANY = "germany", _("Germany")
    FRANCE = "france", _("France")
    NORDICS = "nordics", _("Other Nordic countries")
    EUROPE = "europe", _("Rest of Europe")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SWEDISH = "sv", _("Swedish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")


class LibraryPage(OneAddress, Page):
    """A community's library: faceted browse over its items."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.CommunityPage"]
    subpage_types = ["library.LibraryItemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("library")

    @property
    def community(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("filter_errors"):
            response.status_code = 400  # an unknown facet value: say so, list nothing
        return response

    def get_context(self, request, *args, **kwargs):
        from . import browse

        context = super().get_context(request, *args, **kwargs)
        context.update(browse.context(self, request))
        return context


class LibraryTag(TaggedItemBase):
    content_object = ParentalKey(
        "library.LibraryItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LibraryItemPage(OneAddress, Page):
    """A proposal, quotation, specification, blueprint or presentation, with its files."""

    summary = models.TextField(_("summary"), max_length=2000)
    community = models.ForeignKey(
        "community.CommunityPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,  # Wagtail deletes pages through its tree, never by cascade
        related_name="library_items",
    )
    document_type = models.CharField(
        _("document type"), max_length=16, choices=DocumentType.choices
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    customers = ParentalManyToManyField(
        "taxonomy.Customer", verbose_name=_("customers"), blank=True, related_name="library_items"
    )
    products = ParentalManyToManyField(
        "taxonomy.Product", verbose_name=_("products"), blank=True, related_name="library_items"
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    document_date = models.DateField(_("date of the document"))
    review_by = models.DateField(_("review by"), null=True, blank=True)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derivatives",
    )
    tags = ClusterTaggableManager(through=LibraryTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("document_type"),
        FieldPanel("outcome"),
        FieldPanel("customers"),
        FieldPanel("products"),
        FieldPanel("industry"),
        FieldPanel("region"),
        FieldPanel("language"),
        FieldPanel("document_date"),
        FieldPanel("review_by"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("community"),
        index.FilterField("document_type"),
        index.FilterField("outcome"),
    ]
    parent_page_types = ["library.LibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [models.Index(fields=["community", "document_type", "outcome"])]

    def get_template(self, request, *args, **kwargs):
        return "library/library_item_page.html"

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        from intranet.community import permissions

        if self.community is None or not permissions.can_read(request.user, self.community):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import browse

        context = super().get_context(request, *args, **kwargs)
        context.update(browse.item_context(self, request))
        return context


class LibraryFile(models.Model):
    """One version of an item's file; earlier versions stay listed with their dates."""

    item = models.ForeignKey(LibraryItemPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    preview = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="one_file_per_version")
        ]


class Reuse(models.Model):
    """Someone reused an item, for a customer of theirs."""

    item = models.ForeignKey(LibraryItemPage, on_delete=models.CASCADE, related_name="reuses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_reuses"
    )
    customer = models.ForeignKey(
        "taxonomy.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
