from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from intranet.people import services as people


class HomePage(Page):
    """The logged-in landing page: who you are, and where to go next."""

    welcome = RichTextField(
        _("welcome"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short note shown to everyone above their profile summary."),
    )

    content_panels = [*Page.content_panels, FieldPanel("welcome")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["community.CommunityIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["me"] = people.profile_for_page(request.user.username)
        context["newest_colleagues"] = people.newest_colleagues(limit=6)
        return context
