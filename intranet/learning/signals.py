"""Learning follows the rest of Guild: new communities get a learning section, a newcomer is
enrolled in their onboarding paths, and real activity completes participation goals."""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from intranet.community.models import Comment, CommunityPage, HelpfulVote, PostPage
from intranet.library.models import Reuse
from intranet.pages import (
    add_section_once,
    ancestor_id,
    community_id_above,
    translation_without_structure,
)
from intranet.people.models import Profile

from . import services
from .models import LearningIndexPage, LearningPathPage, ModulePage


@receiver(page_published, sender=CommunityPage)
def give_every_community_learning(sender, instance, **kwargs):
    add_section_once(instance, LearningIndexPage, "Learning", "learning")


@receiver(pre_save, sender=LearningPathPage)
def keep_path_in_its_community(sender, instance, raw=False, **kwargs):
    if translation_without_structure(instance, "community"):
        return
    if not raw and instance.path:
        instance.community_id = community_id_above(instance)


@receiver(pre_save, sender=ModulePage)
def keep_module_in_its_path(sender, instance, raw=False, **kwargs):
    if translation_without_structure(instance, "community", "learning_path"):
        return
    if not raw and instance.path:
        instance.community_id = community_id_above(instance)
        instance.learning_path_id = ancestor_id(instance, 1)


@receiver(post_page_move, sender=LearningPathPage)
def move_path_with_its_modules(sender, instance, **kwargs):
    # Moving saves a plain Page, so pre_save above never sees it.
    community_id = community_id_above(instance)
    LearningPathPage.objects.filter(pk=instance.pk).update(community_id=community_id)
    ModulePage.objects.descendant_of(instance).update(community_id=community_id)


@receiver(post_page_move, sender=ModulePage)
def move_module(sender, instance, parent_page_after, **kwargs):
    ModulePage.objects.filter(pk=instance.pk).update(
        community_id=community_id_above(instance), learning_path_id=parent_page_after.pk
    )


@receiver(pre_save, sender=Profile)
def remember_where_people_work(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        instance._learning_place = (
            Profile.objects.filter(pk=instance.pk).values_list("division_id", "location_id").first()
        )


@receiver(post_save, sender=Profile)
def enrol_new_people(sender, instance, created, raw=False, **kwargs):
    """New people, and people who move to another division or location (which onboarding
    paths may be for), are enrolled in the onboarding paths they match, once."""
    if raw:
        return
    before = getattr(instance, "_learning_place", None)
    if created or (before is not None and before != (instance.division_id, instance.location_id)):
        services.auto_enrol(instance.user)


@receiver(m2m_changed, sender=Profile.job_functions.through)
def enrol_after_function_change(sender, instance, action, reverse, raw=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        services.auto_enrol(instance.user)


# Participation goals


@receiver(page_published, sender=PostPage)
def post_published(sender, instance, **kwargs):
    services.activity(instance.owner)


@receiver(post_save, sender=Comment)
def comment_written(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.activity(instance.author)


@receiver(post_save, sender=HelpfulVote)
def vote_received(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.activity(instance.comment.author)


@receiver(post_save, sender=Reuse)
def item_reused(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.activity(instance.user)
