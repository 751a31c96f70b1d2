"""People: the user account and the profile that says who someone is and what they know."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


class User(AbstractUser):
    """The account. Who someone is lives on their Profile."""

    # The interface language someone chose (a code from settings.LANGUAGES); empty follows
    # the browser. Kept on the account, which every request loads anyway.
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("people:profile", args=[self.username])


class Language(models.Model):
    """A language someone speaks, by ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=8, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.code


class ProfileExpertise(TaggedItemBase):
    content_object = models.ForeignKey("Profile", on_delete=models.CASCADE)


class ProfileInterest(TaggedItemBase):
    content_object = models.ForeignKey("Profile", on_delete=models.CASCADE)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    division = models.ForeignKey(
        "taxonomy.Division",
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    location = models.ForeignKey(
        "taxonomy.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    job_functions = models.ManyToManyField(
        "taxonomy.JobFunction", verbose_name=_("job functions"), blank=True, related_name="profiles"
    )
    bio = models.TextField(_("about me"), max_length=1500, blank=True)
    expertise = TaggableManager(
        verbose_name=_("expertise"),
        through=ProfileExpertise,
        blank=True,
        related_name="expert_profiles",
        help_text=_("What colleagues can ask you about, separated by commas."),
    )
    interests = TaggableManager(
        verbose_name=_("interests"),
        through=ProfileInterest,
        blank=True,
        related_name="interested_profiles",
        help_text=_("What you want to learn more about, separated by commas."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="profiles"
    )
    started_on = models.DateField(_("started at the company"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return self.user.get_absolute_url()

    @property
    def initials(self):
        """Up to two letters, shown in place of a missing photo."""
        parts = [self.user.first_name, self.user.last_name]
        letters = "".join(part[0] for part in parts if part)
        return (letters or self.user.username[:2]).upper()
