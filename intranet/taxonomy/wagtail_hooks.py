from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Customer, Division, JobFunction, Location, Product, TagName


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class DivisionViewSet(TermViewSet):
    model = Division
    icon = "group"


class LocationViewSet(TermViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "country", "slug"]


class JobFunctionViewSet(TermViewSet):
    model = JobFunction
    icon = "user"


class CustomerViewSet(TermViewSet):
    model = Customer
    icon = "pick"
    list_display = ["name", "industry", "slug"]
    list_filter = ["industry"]


class ProductViewSet(TermViewSet):
    model = Product
    icon = "tag"
    list_display = ["name", "division", "slug"]
    list_filter = ["division"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (DivisionViewSet, LocationViewSet, JobFunctionViewSet, CustomerViewSet, ProductViewSet)


register_snippet(TaxonomyGroup)


class TagNameViewSet(ModelViewSet):
    """Free tags in other languages: one tag, several names."""

    model = TagName
    icon = "tag"
    menu_label = _("Tag names")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["tag", "language", "name"]
    list_filter = ["language"]
    search_fields = ["name", "tag__name"]
    panels = [
        FieldPanel("tag"),
        FieldPanel("language", widget=forms.Select(choices=settings.LANGUAGES)),
        FieldPanel("name"),
    ]


@hooks.register("register_admin_viewset")
def register_tag_names():
    return TagNameViewSet("tag_names")
