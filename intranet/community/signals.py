from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from wagtail.signals import page_published

from intranet.people.models import Profile

from . import membership
from .models import CommunityPage


@receiver(m2m_changed, sender=Profile.job_functions.through)
def follow_job_function_changes(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        membership.sync_person(instance.user)


@receiver(page_published, sender=CommunityPage)
def mirror_published_community(sender, instance, **kwargs):
    membership.mirror_to_wagtail(instance)
    membership.sync_community(instance)
