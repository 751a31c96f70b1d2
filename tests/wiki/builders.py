"""Builders for the wiki tests; they go through intranet.wiki.services, as the editor does."""

from intranet.wiki import markup, services
from intranet.wiki.models import WikiPage


def _user(person):
    """A User from a Profile or a User."""
    return getattr(person, "user", person)


def wiki_of(community):
    return services.wiki_of(community)


def make_wiki_page(community, author, title="Office cleaning", text="What we offer.", **kwargs):
    """A published wiki page written in the editor's markup, under `parent` or the wiki's top."""
    parent = kwargs.pop("parent", None) or wiki_of(community)
    page = services.create_page(
        parent,
        _user(author),
        title,
        markup.to_blocks(text).blocks,
        kwargs.pop("summary", "First version"),
        watch=kwargs.pop("watch", True),
        slug=kwargs.pop("slug", None),
    )
    return WikiPage.objects.get(pk=page.pk)


def edit_wiki_page(page, editor, text, title=None, summary="An edit"):
    """Publish a new revision of `page` from its latest one, as the editor would."""
    latest = WikiPage.objects.get(pk=page.pk)
    services.save_edit(
        page.pk,
        _user(editor),
        latest.latest_revision_id,
        title or latest.title,
        markup.to_blocks(text).blocks,
        summary,
        watch=False,
    )
    return WikiPage.objects.get(pk=page.pk)


def edit_form(page, **changes):
    """What the edit form posts for `page` as it stands, with `changes` applied."""
    page = WikiPage.objects.get(pk=page.pk)
    data = {
        "title": page.title,
        "body": markup.to_markup(page.body.raw_data),
        "summary": "",
        "watch": "on",
        "base_revision": page.latest_revision_id,
    }
    data.update(changes)
    return data
