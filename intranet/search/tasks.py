"""Index upkeep as background tasks: immediate by default, a worker's job in production."""

from django.apps import apps
from django_tasks import task

from . import index


@task()
def update_entry(model_label, pk):
    model = apps.get_model(model_label)
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return
    index.update(obj.specific if hasattr(obj, "specific") else obj)


@task()
def remove_entry(key):
    index.remove(key)


@task()
def rekey_community(pk):
    from intranet.community.models import CommunityPage

    community = CommunityPage.objects.filter(pk=pk).first()
    if community is not None:
        index.rekey_community(community)
