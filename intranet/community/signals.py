from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from intranet.i18n import is_translation
from intranet.pages import ancestor_id, translation_without_structure
from intranet.people.models import Profile

from . import membership
from .models import Activity, CommunityPage, PostPage


@receiver(m2m_changed, sender=Profile.job_functions.through)
def follow_job_function_changes(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        membership.sync_person(instance.user)


@receiver(page_published, sender=CommunityPage)
def mirror_published_community(sender, instance, **kwargs):
    if is_translation(instance):
        return
    membership.mirror_to_wagtail(instance)
    membership.sync_community(instance)


@receiver(pre_save, sender=PostPage)
def keep_post_in_its_community(sender, instance, raw=False, **kwargs):
    """The community is the parent page; a copy or an old revision may carry another one."""
    if not raw and not translation_without_structure(instance, "community"):
        instance.community_id = ancestor_id(instance, 1) or instance.community_id


@receiver(post_page_move, sender=PostPage)
def move_post_with_its_activity(sender, instance, parent_page_after, **kwargs):
    # Moving saves a plain Page, so pre_save above never sees it; who may read follows the tree.
    PostPage.objects.filter(pk=instance.pk).update(community_id=parent_page_after.pk)
    Activity.objects.filter(post_id=instance.pk).update(community_id=parent_page_after.pk)
