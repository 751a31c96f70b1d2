from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from intranet import caching
from intranet.i18n import is_translation, source_locale_id
from intranet.pages import OneAddress, route_by_address
from intranet.people import services as people


class HomePage(OneAddress, Page):
    """The logged-in landing page: who you are, and where to go next."""

    welcome = RichTextField(
        _("welcome"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short note shown to everyone above their profile summary."),
    )

    content_panels = [*Page.content_panels, FieldPanel("welcome")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["community.CommunityIndexPage", "learning.LearningIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Every address is found in the source-language tree, whatever language is active:
        Wagtail starts at the home page's translation, which holds only translated text."""
        if is_translation(self):
            source = HomePage.objects.filter(
                translation_key=self.translation_key, locale_id=source_locale_id()
            ).first()
            if source is not None:
                return source.route(request, path_components)
        if not path_components:
            return super().route(request, path_components)
        return route_by_address(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from intranet.community import activity, permissions
        from intranet.community.models import PostKind
        from intranet.leads import ledger
        from intranet.leads import services as leads
        from intranet.learning import pages as learning
        from intranet.learning import services as learning_services

        user = request.user
        context = super().get_context(request, *args, **kwargs)
        mine = [pk for pk, found in permissions.memberships(user).items() if found.is_active]
        # Cached fragments (see the template): about the reader, about everyone, and what
        # happened since the reader's last visit; the values behind them are read on a miss.
        since = activity.visit_home(user)
        context["fragments_mine"] = caching.stamp(caching.SITE, caching.person(user.pk))
        context["fragments_site"] = caching.stamp(caching.SITE)
        context["fragments_since"] = "{}.{}".format(
            since.timestamp() if since else "",
            caching.stamp(caching.ACTIVITY, caching.SITE, caching.person(user.pk)),
        )
        context["me"] = SimpleLazyObject(lambda: people.profile_for_page(user.username))
        context["newest_colleagues"] = people.newest_colleagues(limit=6)
        context["my_communities"] = permissions.readable_communities(user).filter(pk__in=mine)
        context["must_read"] = (
            permissions.visible_posts(user)
            .filter(kind=PostKind.NEWS, must_read=True, community__in=mine)
            .exclude(read_receipts__user=user)
            .select_related("community")
            .order_by("-first_published_at")[:5]
        )
        context["learning"] = learning.continue_learning(user)
        context["signoffs_waiting"] = learning_services.pending_signoffs(user).count()
        context["leads_waiting"] = leads.waiting(user).count()
        context["owed"] = ledger.owed(user, limit=1)
        context["since_last_visit"] = SimpleLazyObject(
            lambda: activity.since_last_visit(user, since)[:15]
        )
        return context
