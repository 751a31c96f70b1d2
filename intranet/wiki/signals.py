"""Keeping wikis, their links and their watchers in step with Wagtail's page events.

These run for every path a change takes: the front-end editor, the Wagtail admin, restores
and moves.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published, page_unpublished, post_page_move

from intranet.community.models import CommunityPage
from intranet.i18n import is_translation
from intranet.notifications.models import Verb
from intranet.pages import add_section_once, community_id_above, translation_without_structure

from . import links, services
from .models import WikiIndexPage, WikiLink, WikiPage

_publishing = ContextVar("wiki_publishing", default=None)


@contextmanager
def publishing(verb=Verb.WIKI_CHANGED, notify=True):
    """How the next publishes should tell watchers (the signal sees a copy of the page)."""
    token = _publishing.set({"verb": verb, "notify": notify})
    try:
        yield
    finally:
        _publishing.reset(token)


@receiver(page_published, sender=CommunityPage)
def give_every_community_a_wiki(sender, instance, **kwargs):
    add_section_once(instance, WikiIndexPage, "Wiki", "wiki")


@receiver(pre_save, sender=WikiPage)
def keep_page_in_its_community(sender, instance, raw=False, **kwargs):
    """The community is the wiki's parent; copies and old revisions may carry another."""
    if not raw and not translation_without_structure(instance, "community"):
        instance.community_id = community_id_above(instance) or instance.community_id


@receiver(page_published, sender=WikiPage)
def follow_published_page(sender, instance, revision=None, **kwargs):
    if is_translation(instance):  # links and watchers belong to the source page
        return
    actor = revision.user if revision else None
    # Before the refresh: a page's links to itself still carry its old title here.
    _update_links_to_renamed(WikiPage.objects.get(pk=instance.pk), actor)
    page = WikiPage.objects.get(pk=instance.pk)
    links.refresh(page)
    links.adopt(page)
    options = _publishing.get() or {}
    if options.get("notify", True):
        services.notify_watchers(page, actor, options.get("verb", Verb.WIKI_CHANGED))


def _update_links_to_renamed(page, actor):
    """Live pages that link to this one by its old title now name its new title.

    An unpublished page keeps its text; its link shows as missing if it is published again.
    """
    for link in list(links.renamed_links(page).filter(source__live=True)):
        source = WikiPage.objects.get(pk=link.source_id)
        draft = source.get_latest_revision_as_object() if source.has_unpublished_changes else None
        summary = _("Updated links to the renamed page “%(title)s”") % {"title": page.title}
        source.body = links.rename_in_blocks(source.body.raw_data, link.target_key, page.title)
        link.delete()  # first: publishing the source (perhaps this very page) comes back here
        with publishing(notify=False):
            services.publish(source, actor, summary)
        if draft is not None:  # an editor's draft in the admin stays the latest, renamed too
            draft.body = links.rename_in_blocks(draft.body.raw_data, link.target_key, page.title)
            draft.edit_summary = summary
            draft.save_revision(user=actor)


@receiver(page_unpublished, sender=WikiPage)
def release_unpublished_page(sender, instance, **kwargs):
    if is_translation(instance):
        return
    links.release([instance.pk])


@receiver(post_page_move, sender=WikiPage)
def follow_moved_pages(sender, instance, **kwargs):
    """A page moved to another community takes its subtree; links follow the communities."""
    if is_translation(instance):
        return
    moved = WikiPage.objects.descendant_of(instance, inclusive=True)
    community_id = community_id_above(instance)
    if community_id is None or not moved.exclude(community_id=community_id).exists():
        return
    moved.update(community_id=community_id)
    WikiLink.objects.filter(target__in=moved).exclude(source__community_id=community_id).update(
        target=None
    )
    for page in moved:
        links.refresh(page)
        links.adopt(page)
