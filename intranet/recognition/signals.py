"""Keeping awards in step when their records change outside the services: publishing or
unpublishing a post or library item, and records deleted (with a page, say)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from intranet.community.models import PostPage
from intranet.library.models import LibraryItemPage, Reuse

from . import services
from .models import Award
from .rules import RULES


@receiver(page_published)
@receiver(page_unpublished)
def rescore_page(sender, instance, **kwargs):
    if isinstance(instance, PostPage):
        services.refresh_post(instance)
    elif isinstance(instance, LibraryItemPage):
        services.refresh_item(instance)


def forget_source(sender, instance, **kwargs):
    """A deleted record earns nothing any more."""
    keys = [rule.key for rule in RULES if rule.model is sender]
    Award.objects.filter(rule__in=keys, source_id=instance.pk).delete()


def move_reuse_award(sender, instance, **kwargs):
    """A colleague's reuse award rests on their first reuse of the item; if another remains, it
    moves there."""
    forget_source(sender, instance)
    item = LibraryItemPage.objects.filter(pk=instance.item_id).first()
    if item is not None:
        services.refresh_item(item)


for _model in {rule.model for rule in RULES} - {Reuse}:
    post_delete.connect(forget_source, sender=_model, dispatch_uid=f"awards-{_model.__name__}")
post_delete.connect(move_reuse_award, sender=Reuse, dispatch_uid="awards-Reuse")
