from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from intranet.html import html_to_text
from intranet.pages import OneAddress

from .community import CommunityPage


class PostKind(models.TextChoices):
    BLOG = "blog", _("Blog entry")
    NEWS = "news", pgettext_lazy("kind of post", "News")
    MEETING = "meeting", _("Customer meeting notes")
    QUESTION = "question", _("Question")


class PostTag(TaggedItemBase):
    content_object = ParentalKey(
        "community.PostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PostPage(OneAddress, Page):
    """A blog entry, news item, customer-meeting note or question in a community."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=PostKind.choices, default=PostKind.BLOG
    )
    body = RichTextField(
        _("text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "blockquote", "code"],
    )
    community = models.ForeignKey(
        CommunityPage,
        null=True,
        on_delete=models.SET_NULL,  # Wagtail deletes pages through its tree, never by cascade
        related_name="posts",
        editable=False,
        help_text=_("The community this post lives in; kept in step with the page tree."),
    )
    customers = ParentalManyToManyField(
        "taxonomy.Customer", verbose_name=_("customers"), blank=True, related_name="posts"
    )
    products = ParentalManyToManyField(
        "taxonomy.Product", verbose_name=_("products"), blank=True, related_name="posts"
    )
    tags = ClusterTaggableManager(through=PostTag, blank=True, verbose_name=_("tags"))
    must_read = models.BooleanField(
        _("must read"), default=False, help_text=_("News that every member should read.")
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("customers"),
        FieldPanel("products"),
        FieldPanel("tags"),
        FieldPanel("must_read"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("community"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["community.CommunityPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["community", "kind"])]

    def clean(self):
        super().clean()
        if self.kind != PostKind.NEWS and self.must_read:
            raise ValidationError({"must_read": _("Only news can be a must-read.")})

    @property
    def excerpt(self):
        text = html_to_text(self.body)
        return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + "…"

    @property
    def is_question(self):
        return self.kind == PostKind.QUESTION

    def get_template(self, request, *args, **kwargs):
        return "community/post_page.html"

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_read_post(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from intranet.community import discussion

        context = super().get_context(request, *args, **kwargs)
        context.update(discussion.post_context(self, request))
        return context


class ReadReceipt(models.Model):
    """Someone opened a must-read news item."""

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="read_receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="read_once")]
