import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intranet.library.models import DocumentType, Language, Outcome

from .backends import MAX_QUERY, SORTS
from .models import Kind

SLUG = RegexValidator(re.compile(r"^[-\w]{1,100}$"), _("Unknown value."))
ID = RegexValidator(re.compile(r"^\d{1,18}$"), _("Unknown value."))
YEAR = RegexValidator(re.compile(r"^\d{4}$"), _("Unknown value."))


def language_choices():
    """(code, name in the interface language) of every language content can be in: the
    site's languages (pages and their translations) and the library's document languages."""
    codes = dict.fromkeys([*(code for code, _name in settings.LANGUAGES), *Language.values])
    return [(code, translation.get_language_info(code)["name_translated"]) for code in codes]


class SearchForm(forms.Form):
    """The query string of the search page; every facet is optional and checked."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=-(10**9), max_value=10**9)
    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    community = forms.CharField(required=False, validators=[ID])
    author = forms.CharField(required=False, validators=[ID])
    year = forms.CharField(required=False, validators=[YEAR])
    document_type = forms.ChoiceField(choices=DocumentType.choices, required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False)
    language = forms.ChoiceField(choices=language_choices, required=False)
    customer = forms.CharField(required=False, validators=[SLUG])
    product = forms.CharField(required=False, validators=[SLUG])
    tag = forms.CharField(required=False, validators=[SLUG])

    FACETS = (
        "kind",
        "community",
        "customer",
        "product",
        "tag",
        "document_type",
        "outcome",
        "language",
        "author",
        "year",
    )

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY]  # a longer query keeps its first words

    def clean_sort(self):
        return self.cleaned_data["sort"] if self.cleaned_data["sort"] in SORTS else "relevance"

    def filters(self):
        return {name: self.cleaned_data[name] for name in self.FACETS if self.cleaned_data[name]}
