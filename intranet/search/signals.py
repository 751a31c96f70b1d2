"""Content changes that the search index follows, each through a background task.

A translation's entry depends on its source page (documents.py), so whatever changes a source
page's entry updates the entries of its translations too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from intranet.community.models import Comment, CommunityPage, PostPage
from intranet.i18n import is_translation
from intranet.learning.models import LearningPathPage, ModulePage
from intranet.library.models import LibraryFile, LibraryItemPage
from intranet.people.models import Profile, ProfileExpertise, ProfileInterest, User
from intranet.wiki.models import WikiPage

from . import documents, index, tasks
from .models import SearchEntry

PAGES = (PostPage, LibraryItemPage, WikiPage, LearningPathPage, ModulePage)


def _enqueue(task, *args):
    if not index.is_paused():
        task.enqueue(*args)


def _update(obj):
    _enqueue(tasks.update_entry, obj._meta.label, obj.pk)


def _update_with_translations(model, pages):
    """Pages of `model` (a queryset) and their translations."""
    family = model.objects.filter(translation_key__in=pages.values("translation_key"))
    for pk in family.values_list("pk", flat=True):
        _enqueue(tasks.update_entry, model._meta.label, pk)


def _update_subtree(page):
    """The page and every indexed page below it, with their translations: their URLs and
    communities follow it."""
    for model in PAGES:
        _update_with_translations(model, model.objects.descendant_of(page, inclusive=True))


def _translations(page):
    """The pks of a source page's translations (none for a translation)."""
    if is_translation(page):
        return []
    translations = type(page).objects.filter(translation_key=page.translation_key)
    return list(translations.exclude(pk=page.pk).values_list("pk", flat=True))


def _update_translations(page):
    """The translations of a source page that changed or was unpublished."""
    for pk in _translations(page):
        _enqueue(tasks.update_entry, type(page)._meta.label, pk)


for _model in PAGES:

    @receiver(page_published, sender=_model, weak=False)
    def _published(sender, instance, **kwargs):
        if is_translation(instance):
            _update(instance)  # its address is its source's: no slug of its own to follow
        elif SearchEntry.objects.filter(key=documents.key_of(instance)).exclude(url=instance.url):
            _update_subtree(instance)  # a new slug moved every page below it too
        else:
            _update(instance)
            _update_translations(instance)  # their facets and access are the source's

    @receiver(page_unpublished, sender=_model, weak=False)
    def _unpublished(sender, instance, **kwargs):
        _enqueue(tasks.remove_entry, documents.key_of(instance))
        _update_translations(instance)

    @receiver(post_page_move, sender=_model, weak=False)
    def _moved(sender, instance, **kwargs):
        _update_subtree(instance)

    @receiver(post_delete, sender=_model, weak=False)
    def _deleted(sender, instance, **kwargs):
        _enqueue(tasks.remove_entry, documents.key_of(instance))
        for pk in _translations(instance):  # without their source they are not findable
            _enqueue(tasks.remove_entry, documents.key_of(type(instance)(pk=pk)))


@receiver(page_published, sender=LearningPathPage)
@receiver(page_unpublished, sender=LearningPathPage)
def follow_path_modules(sender, instance, **kwargs):
    """A path's modules (and their translations) are findable while the path is: they follow
    it when it changes."""
    if not is_translation(instance):
        _update_with_translations(ModulePage, ModulePage.objects.child_of(instance))


@receiver(page_published, sender=CommunityPage)
@receiver(page_unpublished, sender=CommunityPage)
def rekey_community(sender, instance, **kwargs):
    _enqueue(tasks.rekey_community, instance.pk)


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def follow_comments(sender, instance, **kwargs):
    """Comments are found through their post."""
    _enqueue(tasks.update_entry, PostPage._meta.label, instance.post_id)


@receiver(post_save, sender=LibraryFile)
def follow_new_versions(sender, instance, created, **kwargs):
    if created:
        _enqueue(tasks.update_entry, LibraryItemPage._meta.label, instance.item_id)


@receiver(post_save, sender=Profile)
def follow_profiles(sender, instance, **kwargs):
    _update(instance)


@receiver(post_save, sender=User)
def follow_people(sender, instance, **kwargs):
    if Profile.objects.filter(pk=instance.pk).exists():
        _enqueue(tasks.update_entry, Profile._meta.label, instance.pk)


@receiver(post_save, sender=ProfileExpertise)
@receiver(post_delete, sender=ProfileExpertise)
@receiver(post_save, sender=ProfileInterest)
@receiver(post_delete, sender=ProfileInterest)
def follow_profile_tags(sender, instance, **kwargs):
    _enqueue(tasks.update_entry, Profile._meta.label, instance.content_object_id)
