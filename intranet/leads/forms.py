from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale

from intranet.forms import SingleValues
from intranet.taxonomy.models import Customer, Division, Location, Product

from .models import Lead, Urgency


def _terms(model):
    return model.objects.filter(locale=Locale.get_default())


class LeadForm(SingleValues, forms.ModelForm):
    """Everything a colleague needs to act on the lead; short enough to fill in on a phone."""

    class Meta:
        model = Lead
        fields = [
            "division",
            "product",
            "customer",
            "proposed_customer",
            "location",
            "site",
            "need",
            "urgency",
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "need": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "urgency": forms.RadioSelect,
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        labels = {"customer": _("Customer"), "location": _("Nearest office")}
        help_texts = {
            "need": _("What the customer needs, in a few lines."),
            "product": _("Leave empty if you are not sure."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = _terms(Division)
        self.fields["product"].queryset = _terms(Product).select_related("division")
        self.fields["customer"].queryset = _terms(Customer)
        self.fields["customer"].required = False
        self.fields["customer"].empty_label = _("A customer not in the list")
        self.fields["location"].queryset = _terms(Location)
        self.fields["urgency"].choices = Urgency.choices
        self.fields["product"].label_from_instance = lambda p: (
            f"{p} ({p.division})" if p.division_id else str(p)
        )

    def clean_proposed_customer(self):
        return " ".join(self.cleaned_data["proposed_customer"].split())

    def clean(self):
        data = super().clean()
        customer, proposed = data.get("customer"), data.get("proposed_customer")
        if customer is None and not proposed and "customer" not in self.errors:
            self.add_error("proposed_customer", _("Choose the customer or name a new one."))
        if customer is not None and proposed:
            self.add_error(
                "proposed_customer", _("Leave this empty when you chose a customer from the list.")
            )
        product, division = data.get("product"), data.get("division")
        if product and division and product.division_id and product.division_id != division.pk:
            self.add_error(
                "product",
                _("%(product)s is a service of %(division)s.")
                % {"product": product.name, "division": product.division.name},
            )
        return data


def find_person(text):
    """The active person with this username or email (case ignored), or None."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(username__iexact=text) | Q(email__iexact=text))
        .first()
    )


class PersonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        person = find_person(text)
        if person is None:
            raise forms.ValidationError(_("Nobody is called %(name)s.") % {"name": text})
        return person


class RouteForm(SingleValues, forms.Form):
    """Pick one of the suggestions, or name anyone else."""

    receiver = forms.ChoiceField(label=_("Pass it to"), widget=forms.RadioSelect, required=False)
    someone_else = PersonField(
        label=_("Someone else"), required=False, help_text=_("Their username or email address.")
    )

    def __init__(self, lead, suggestions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead = lead
        self.suggested = {str(s.user_id): s.user for s in suggestions}
        self.fields["receiver"].choices = [(key, str(u)) for key, u in self.suggested.items()]

    def clean(self):
        data = super().clean()
        picked, other = data.get("receiver"), data.get("someone_else")
        if picked and other:
            raise forms.ValidationError(_("Choose one person: a suggestion or someone else."))
        person = other or self.suggested.get(picked or "")
        if person is None:
            if not self.errors:
                raise forms.ValidationError(_("Choose who gets the lead."))
            return data
        if person.pk == self.lead.giver_id:
            raise forms.ValidationError(_("Pass the lead to someone other than yourself."))
        data["person"] = person
        return data


class ForwardForm(SingleValues, forms.Form):
    to = PersonField(label=_("Forward to"), help_text=_("Their username or email address."))
    note = forms.CharField(
        label=_("Note for them"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, lead, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead = lead

    def clean_to(self):
        person = self.cleaned_data["to"]
        if person.pk == self.lead.giver_id:
            raise forms.ValidationError(_("The lead came from them; decline it instead."))
        if person.pk == self.lead.receiver_id:
            raise forms.ValidationError(_("They already have the lead."))
        return person


class ReasonForm(SingleValues, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(SingleValues, forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("free text", "Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(SingleValues, forms.Form):
    value = forms.DecimalField(
        label=_("Value of the business"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        help_text=_("Optional, yearly value in %(currency)s."),
    )
    note = forms.CharField(
        label=pgettext_lazy("free text", "Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, currency="EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = self.fields["value"].help_text % {"currency": currency}


class ThanksForm(SingleValues, forms.Form):
    message = forms.CharField(
        label=_("Your thanks"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
