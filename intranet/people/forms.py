from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField

from intranet import i18n
from intranet.taxonomy.models import Division, JobFunction, Location

from . import services
from .models import Language, Profile

MAX_TAGS = 15
MAX_TAG_LENGTH = 50


class TagChoiceField(forms.ModelChoiceField):
    """A tag among those in the queryset, listed with how many people claim it.

    A chosen slug is checked without the counts: counting every tag's people to check one
    would cost a scan of everyone's expertise (the counts are only needed to list them)."""

    def label_from_instance(self, obj):
        return f"{obj} ({obj.num_people})"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            found = self.queryset.model.objects.get(**{self.to_field_name or "pk": value})
        except (ValueError, TypeError, self.queryset.model.DoesNotExist):
            found = None
        if found is None or not self.queryset.filter(pk=found.pk).exists():
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


def slug_filter(label, queryset, empty_label, field_class=forms.ModelChoiceField):
    """An optional choice that reads and writes a term's slug, so filtered URLs stay readable.

    A translated term shares its slug with its source; the source language's row stands for
    them all, so a slug always names one term.
    """
    if queryset is not None and hasattr(queryset.model, "locale"):
        queryset = queryset.filter(locale__language_code=settings.LANGUAGE_CODE)
    return field_class(
        label=label,
        queryset=queryset,
        to_field_name="slug",
        required=False,
        empty_label=empty_label,
    )


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string so a filtered view can be shared."""

    q = forms.CharField(label=_("Name, title or about"), max_length=100, required=False)
    expertise = slug_filter(_("Expertise"), None, _("Any expertise"), TagChoiceField)
    division = slug_filter(_("Division"), Division.objects.all(), _("Any division"))
    location = slug_filter(_("Location"), Location.objects.all(), _("Any location"))
    job_function = slug_filter(_("Job function"), JobFunction.objects.all(), _("Any function"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = services.expertise_tags()

    def filters(self):
        """Keyword arguments for services.directory(); call after is_valid()."""
        data = self.cleaned_data
        return {
            "text": data["q"],
            "expertise": data["expertise"],
            "division": data["division"],
            "location": data["location"],
            "job_function": data["job_function"],
        }


def validate_tags(tags):
    if len(tags) > MAX_TAGS:
        raise forms.ValidationError(
            ngettext("Use at most %(max)d tag.", "Use at most %(max)d tags.", MAX_TAGS),
            params={"max": MAX_TAGS},
        )
    too_long = [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]
    if too_long:
        raise forms.ValidationError(
            _("Keep each tag under %(max)d characters."), params={"max": MAX_TAG_LENGTH + 1}
        )
    return [tag.lower() for tag in tags]


class PhotoField(WagtailImageField):
    """Wagtail's checks (type by content, size, pixel count), then a full decode.

    A file whose header promises pixels it does not contain passes the header checks but makes
    Pillow raise later, in the form or when a rendition is made; decoding it here, after the
    pixel limit has bounded the cost, turns that into a form error.
    """

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
            f.seek(0)
            with PILImage.open(f) as image:
                image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise forms.ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc
        finally:
            f.seek(0)


def interface_languages():
    return [(code, name.capitalize()) for code, name in i18n.language_names().items()]


class ProfileForm(forms.ModelForm):
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[
            RegexValidator(r"^\+?[0-9 ()\-]{4,39}$", _("Use digits, spaces, +, - and brackets."))
        ],
    )

    class Meta:
        model = Profile
        fields = [
            "title",
            "phone",
            "division",
            "location",
            "job_functions",
            "bio",
            "expertise",
            "interests",
            "languages",
        ]
        widgets = {
            "job_functions": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form so that the upload limits follow the settings.
        self.fields["photo_upload"] = PhotoField(label=_("New photo"), required=False)
        self.fields["interface_language"] = forms.ChoiceField(
            label=_("Language of Guild"),
            help_text=_("Menus, buttons and emails use it; pages translated into it open in it."),
            choices=[("", _("As my browser asks")), *interface_languages()],
            required=False,
            initial=self.instance.user.language if self.instance.pk else "",
        )
        self.fields["languages"].queryset = Language.objects.all()
        for name in ("expertise", "interests"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_expertise(self):
        return validate_tags(self.cleaned_data["expertise"])

    def clean_interests(self):
        return validate_tags(self.cleaned_data["interests"])

    def save(self, *, uploaded_by=None):
        profile = super().save()
        if self.cleaned_data.get("interface_language") != profile.user.language:
            i18n.choose_language(profile.user, self.cleaned_data.get("interface_language", ""))
        if self.cleaned_data.get("photo_upload"):
            services.save_photo(profile, self.cleaned_data["photo_upload"], uploaded_by=uploaded_by)
        elif self.cleaned_data.get("remove_photo") and profile.photo is not None:
            photo = profile.photo
            profile.photo = None
            profile.save(update_fields=["photo", "updated_at"])
            photo.delete()
        return profile
