"""The company's shared vocabulary: divisions, locations, job functions, customers, products.

Each term is a translatable snippet. Its slug and its translation key are stable, so a
product tagged in one language is the same product in every other.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index


class TermQuerySet(models.QuerySet):
    def sources(self):
        """The source-language rows: one per term, whatever languages it is translated into."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class Term(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)

    objects = TermQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        from .names import term_name

        return term_name(self)


def _slug_per_locale(model_name):
    return models.UniqueConstraint(
        fields=["slug", "locale"], name=f"taxonomy_{model_name}_unique_slug_per_locale"
    )


class Division(Term):
    class Meta(Term.Meta):
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [_slug_per_locale("division")]


class Location(Term):
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. SE.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [_slug_per_locale("location")]


class JobFunction(Term):
    class Meta(Term.Meta):
        verbose_name = _("job function")
        verbose_name_plural = _("job functions")
        constraints = [_slug_per_locale("jobfunction")]


class TagName(models.Model):
    """A free tag's name in another language: the tag stays one tag, so following it or
    filtering by it works whatever language it was typed in."""

    tag = models.ForeignKey(
        "taggit.Tag", verbose_name=_("tag"), on_delete=models.CASCADE, related_name="names"
    )
    language = models.CharField(_("language"), max_length=8)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("tag name")
        verbose_name_plural = _("tag names")
        ordering = ["tag__name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "language"], name="one_tag_name_per_language")
        ]

    def __str__(self):
        return f"{self.tag.name} ({self.language}): {self.name}"

    def clean(self):
        if self.language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": _("Choose one of the site's languages.")})


class Industry(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    HEALTHCARE = "healthcare", _("Healthcare")
    RETAIL = "retail", _("Retail")
    PUBLIC_SECTOR = "public-sector", _("Public sector")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    REAL_ESTATE = "real-estate", _("Real estate")
    EDUCATION = "education", _("Education")
    HOSPITALITY = "hospitality", _("Hospitality")
    OTHER = "other", _("Other")


class Customer(Term):
    industry = models.CharField(
        _("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER
    )

    class Meta(Term.Meta):
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [_slug_per_locale("customer")]


class Product(Term):
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text=_("The division that delivers this service."),
    )

    class Meta(Term.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [_slug_per_locale("product")]
