from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from intranet.i18n import attach_translations
from intranet.pages import OneAddress

from .policy import PRESETS, Joining, Participation, Role, Status, Visibility


class CommunityIndexPage(OneAddress, Page):
    """/communities/: every community the user may know about."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("community index")

    def get_context(self, request, *args, **kwargs):
        from intranet.community import permissions

        context = super().get_context(request, *args, **kwargs)
        context["communities"] = attach_translations(
            permissions.listed_communities(request.user).select_related("cover_image")
        )
        context["my_memberships"] = permissions.memberships(request.user)
        return context


class CommunityPageForm(WagtailAdminPageForm):
    preset = forms.ChoiceField(
        label=_("Apply a policy preset"),
        required=False,
        choices=[("", _("Keep the settings below"))]
        + [(key, preset["label"]) for key, preset in PRESETS.items()],
    )

    def clean(self):
        cleaned = super().clean()
        preset = PRESETS.get(cleaned.get("preset") or "")
        if preset:
            for axis in ("visibility", "joining", "participation"):
                cleaned[axis] = preset[axis]
        return cleaned


class CommunityPage(OneAddress, Page):
    """A community of everyone who does one job, across divisions and locations."""

    job_functions = ParentalManyToManyField(
        "taxonomy.JobFunction",
        verbose_name=_("job functions"),
        blank=True,
        related_name="communities",
        help_text=_("People whose profile has one of these functions become members."),
    )
    description = models.TextField(_("description"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.OPEN
    )
    joining = models.CharField(
        _("joining"), max_length=16, choices=Joining.choices, default=Joining.SELF
    )
    participation = models.PositiveSmallIntegerField(
        _("what members may do"), choices=Participation.choices, default=Participation.CONTRIBUTE
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the community's files and images are kept."),
    )

    base_form_class = CommunityPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldPanel("job_functions", widget=forms.CheckboxSelectMultiple),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("preset"),
                FieldPanel("visibility"),
                FieldPanel("joining"),
                FieldPanel("participation"),
            ],
            heading=_("Policy"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["community.CommunityIndexPage"]
    subpage_types = [
        "community.PostPage",
        "library.LibraryPage",
        "wiki.WikiIndexPage",
        "learning.LearningIndexPage",
    ]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def route(self, request, path_components):
        self.guard_route(request, path_components)
        return super().route(request, path_components)

    def guard_route(self, request, path_components):
        """Hide the community from those who may not know of it, its content from non-readers."""
        from intranet.community import permissions

        if not permissions.can_know(request.user, self):
            raise Http404
        if path_components and not permissions.can_read(request.user, self):
            raise Http404

    @property
    def is_restricted(self):
        return self.visibility != Visibility.OPEN

    def get_template(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_read(request.user, self):
            return "community/community_landing.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from intranet.community import home

        context = super().get_context(request, *args, **kwargs)
        context.update(home.context(self, request))
        return context


class Membership(models.Model):
    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    automatic = models.BooleanField(
        _("through job function"),
        default=False,
        help_text=_("Held only because of the person's job function; ends when that changes."),
    )
    participation = models.PositiveSmallIntegerField(
        _("exception to the policy"),
        choices=Participation.choices,
        null=True,
        blank=True,
        help_text=_("Empty: the community's policy applies."),
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_person")
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} in {self.community}: {self.get_role_display()}"

    @property
    def is_active(self):
        return self.status == Status.ACTIVE
