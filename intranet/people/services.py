"""What other apps and the demo loader may call to create and find people."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection

from .models import Language, Profile, User

PHOTO_FILTER = "fill-160x160"
THUMBNAIL_FILTER = "fill-96x96"
PEOPLE_COLLECTION = "People"


def people_collection():
    """The Wagtail collection that holds profile photos."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PEOPLE_COLLECTION).first()
    return existing or root.add_child(name=PEOPLE_COLLECTION)


def save_photo(profile, file, *, uploaded_by=None):
    """Store `file` as a Wagtail image and make it the profile's photo, replacing the old one."""
    old_photo = profile.photo
    image = get_image_model()(
        title=_("Photo of %(name)s") % {"name": profile.user},
        collection=people_collection(),
        uploaded_by_user=uploaded_by,
    )
    image.file = file
    image._set_image_file_metadata()
    image.save()
    profile.photo = image
    profile.save(update_fields=["photo", "updated_at"])
    if old_photo is not None:
        old_photo.delete()
    return image


def languages_for(codes):
    """The Language rows for these ISO codes, created on first use."""
    return [Language.objects.get_or_create(code=code)[0] for code in codes]


@transaction.atomic
def create_person(username, *, password=None, email="", first_name="", last_name="", **profile):
    """Create a user and fill in their profile; the keyword arguments are Profile fields."""
    job_functions = profile.pop("job_functions", [])
    expertise = profile.pop("expertise", [])
    interests = profile.pop("interests", [])
    languages = profile.pop("languages", [])
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    for flag in ("is_staff", "is_superuser"):
        if flag in profile:
            setattr(user, flag, profile.pop(flag))
    user.save()
    person = user.profile
    for name, value in profile.items():
        setattr(person, name, value)
    person.save()
    person.job_functions.set(job_functions)
    person.expertise.set(expertise)
    person.interests.set(interests)
    person.languages.set(languages_for(languages))
    return person


def directory(*, text="", expertise=None, division=None, location=None, job_function=None):
    """Active people's profiles matching every given filter, ready to list as person cards
    without extra queries (cards that show expertise prefetch it too)."""
    profiles = Profile.objects.filter(user__is_active=True)
    for word in text.split():
        profiles = profiles.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(title__icontains=word)
            | Q(bio__icontains=word)
            | Q(expertise__name__icontains=word)
        )
    if expertise is not None:
        profiles = profiles.filter(expertise=expertise)
    if division is not None:
        profiles = profiles.filter(division=division)
    if location is not None:
        profiles = profiles.filter(location=location)
    if job_function is not None:
        profiles = profiles.filter(job_functions=job_function)
    if text:
        profiles = profiles.distinct()
    return (
        profiles.select_related("user", "division", "location")
        .prefetch_related(
            Prefetch(
                "photo", queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL_FILTER)
            ),
        )
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def expertise_tags():
    """Tags that active people claim as expertise, each with `num_people`, most common first."""
    return (
        Tag.objects.filter(people_profileexpertise_items__content_object__user__is_active=True)
        .annotate(num_people=Count("people_profileexpertise_items"))
        .order_by("-num_people", "name")
    )


def profile_for_page(username):
    """An active person's profile with everything the profile page shows, or None."""
    return (
        Profile.objects.filter(user__username=username, user__is_active=True)
        .select_related("user", "division", "location")
        .prefetch_related(
            Prefetch("photo", queryset=get_image_model().objects.prefetch_renditions(PHOTO_FILTER)),
            "job_functions",
            "expertise",
            "interests",
            "languages",
        )
        .first()
    )


@dataclass
class InCommon:
    """What two people share: the small surprise that starts a conversation."""

    tags: list = field(default_factory=list)
    location: object = None
    division: object = None
    job_functions: list = field(default_factory=list)
    languages: list = field(default_factory=list)

    def __bool__(self):
        return bool(
            self.tags or self.location or self.division or self.job_functions or self.languages
        )


def in_common(viewer, other):
    """What `viewer` shares with `other` (two Profiles); empty when they are the same person."""
    if viewer.pk == other.pk:
        return InCommon()

    def tags_of(profile):
        return {tag.pk: tag for tag in [*profile.expertise.all(), *profile.interests.all()]}

    viewer_tags, other_tags = tags_of(viewer), tags_of(other)
    viewer_functions = {f.pk for f in viewer.job_functions.all()}
    viewer_languages = {lang.pk for lang in viewer.languages.all()}
    return InCommon(
        tags=sorted((other_tags[pk] for pk in viewer_tags.keys() & other_tags.keys()), key=str),
        location=other.location
        if other.location_id and other.location_id == viewer.location_id
        else None,
        division=other.division
        if other.division_id and other.division_id == viewer.division_id
        else None,
        job_functions=[f for f in other.job_functions.all() if f.pk in viewer_functions],
        languages=[lang for lang in other.languages.all() if lang.pk in viewer_languages],
    )


def newest_colleagues(limit):
    """The people who joined most recently, for the home page."""
    return directory().filter(started_on__isnull=False).order_by("-started_on")[:limit]
