from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Customer, Division, JobFunction, Location, Product


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
