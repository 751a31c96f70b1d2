from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from intranet.community.models import CommunityPage
from intranet.pages import add_section_once, ancestor_id, translation_without_structure

from .models import LibraryItemPage, LibraryPage


@receiver(page_published, sender=CommunityPage)
def give_every_community_a_library(sender, instance, **kwargs):
    add_section_once(instance, LibraryPage, "Library", "library")


@receiver(pre_save, sender=LibraryItemPage)
def keep_item_in_its_community(sender, instance, raw=False, **kwargs):
    """The community is the library's parent; copies and old revisions may carry another."""
    if not raw and not translation_without_structure(instance, "community"):
        instance.community_id = ancestor_id(instance, 2) or instance.community_id


@receiver(post_page_move, sender=LibraryItemPage)
def move_item_with_its_community(sender, instance, parent_page_after, **kwargs):
    LibraryItemPage.objects.filter(pk=instance.pk).update(
        community_id=parent_page_after.get_parent().pk
    )
