"""Publishing or unpublishing a post or library item changes what its answers and reuses earn."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from intranet.community.models import PostPage
from intranet.library.models import LibraryItemPage

from . import services


@receiver(page_published)
@receiver(page_unpublished)
def rescore_page(sender, instance, **kwargs):
    if isinstance(instance, PostPage):
        services.refresh_post(instance)
    elif isinstance(instance, LibraryItemPage):
        services.refresh_item(instance)
