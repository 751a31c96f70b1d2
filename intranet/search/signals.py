"""Content changes that the search index follows, each through a background task."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from intranet.community.models import Comment, CommunityPage, PostPage
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


def _update_subtree(page):
    """The page and every indexed page below it: their URLs and communities follow it."""
    for model in PAGES:
        for pk in model.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True):
            _enqueue(tasks.update_entry, model._meta.label, pk)


for _model in PAGES:

    @receiver(page_published, sender=_model, weak=False)
    def _published(sender, instance, **kwargs):
        if SearchEntry.objects.filter(key=documents.key_of(instance)).exclude(url=instance.url):
            _update_subtree(instance)  # a new slug moved every page below it too
        else:
            _update(instance)

    @receiver(page_unpublished, sender=_model, weak=False)
    def _unpublished(sender, instance, **kwargs):
        _enqueue(tasks.remove_entry, documents.key_of(instance))

    @receiver(post_page_move, sender=_model, weak=False)
    def _moved(sender, instance, **kwargs):
        _update_subtree(instance)

    @receiver(post_delete, sender=_model, weak=False)
    def _deleted(sender, instance, **kwargs):
        _enqueue(tasks.remove_entry, documents.key_of(instance))


@receiver(page_published, sender=LearningPathPage)
@receiver(page_unpublished, sender=LearningPathPage)
def follow_path_modules(sender, instance, **kwargs):
    """A path's modules are findable while the path is: they follow it when it changes."""
    for pk in ModulePage.objects.child_of(instance).values_list("pk", flat=True):
        _enqueue(tasks.update_entry, ModulePage._meta.label, pk)


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
