from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from intranet.people.forms import validate_tags
from intranet.taxonomy.models import Customer, Industry, Product

from .files import KINDS, check_upload
from .models import DocumentType, Language, LibraryItemPage, Outcome, Region


class UploadField(forms.FileField):
    """A file checked by its content, its size and its extension before anything is saved."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload, settings.LIBRARY_MAX_UPLOAD_BYTES)
        return upload


def upload_field(label):
    return UploadField(
        label=label,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or an image."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in KINDS)}),
    )


class LibraryItemForm(forms.Form):
    file = upload_field(_("File"))
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is, for whom, and what a colleague could reuse from it."),
    )
    document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    customers = forms.ModelMultipleChoiceField(
        label=_("Customers"),
        queryset=Customer.objects.sources(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Products and services"),
        queryset=Product.objects.sources(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    document_date = forms.DateField(
        label=_("Date of the document"), widget=forms.DateInput(attrs={"type": "date"})
    )
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When someone should check that it is still right."),
    )
    derived_from = forms.ModelChoiceField(
        label=_("Adapted from"),
        queryset=LibraryItemPage.objects.none(),
        required=False,
        empty_label=_("Nothing: this is new"),
    )
    tags = TagField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))

    def __init__(self, *args, library=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["derived_from"].queryset = (
            LibraryItemPage.objects.live().child_of(library).order_by("title")
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the item a title."))
        return title

    def clean_tags(self):
        return validate_tags(self.cleaned_data["tags"])


class VersionForm(forms.Form):
    file = upload_field(_("New version"))


class ReuseForm(forms.Form):
    customer = forms.ModelChoiceField(
        label=_("For which customer?"),
        queryset=Customer.objects.sources(),
        required=False,
        empty_label=_("Not for a particular customer"),
    )
