"""Modules distilled from the community: the distil view starts a draft that remembers its
source, the module says where it came from, and editors see when a source moved on (a new wiki
revision, a new comment, another accepted answer, the page unpublished) until they mark the
module reviewed."""

import html
import re
from types import SimpleNamespace

import pytest

from intranet.community import discussion, posts
from intranet.learning import services
from intranet.learning.models import ModulePage, ModuleSource
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.community.helpers import built_once, fresh, login, text
from tests.learning.builders import make_module, make_path
from tests.library.builders import add_version, make_item
from tests.wiki.builders import edit_wiki_page, make_wiki_page

BADGE = "Changed since review"
ALERT = "A source changed since this module was last reviewed."


def _build():
    w = SimpleNamespace(
        editor=make_person("editor"),
        learner=make_person("learner"),
        community=make_community("Sales Community"),
    )
    add_member(w.community, w.editor, role="editor")
    add_member(w.community, w.learner)
    w.path = make_path(w.community, w.editor, "Sales basics")
    w.other_path = make_path(w.community, w.editor, "Pricing track")
    w.wiki = make_wiki_page(w.community, w.editor, "Pricing basics", "## Indices\n\nWeighted.")
    w.discussion = make_post(w.community, w.editor, title="Night patrols", body="How often?")
    make_comment(w.discussion, w.learner, "Twice a night.")
    w.question = make_post(
        w.community, w.learner, kind="question", title="Which index?", body="For a bundle."
    )
    w.first_answer = make_comment(w.question, w.editor, "The labour index.")
    w.second_answer = make_comment(w.question, w.editor, "A weighted index.")
    discussion.accept_answer(w.first_answer)
    w.news = make_post(w.community, w.editor, title="New price list", body="From March.")
    w.item = make_item(w.community, w.editor, file="docx", title="Guarding proposal")
    w.modules = {
        name: make_module(w.path, w.editor, title=f"From the {name}", slug=name, sources=[source])
        for name, source in [
            ("wiki", w.wiki),
            ("discussion", w.discussion),
            ("question", w.question),
            ("news", w.news),
            ("library", w.item),
        ]
    }
    return w


world = built_once(_build)


@pytest.fixture
def w(db, world):
    w = fresh(world)
    w.modules = {name: ModulePage.objects.get(pk=m.pk) for name, m in world.modules.items()}
    return w


def _flagged(module):
    return {source.page_id for source in services.changed_sources([module])}


def _plain(markup):
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _report(client):
    page = text(client.get("/learning/reports/"))
    start = page.index('id="changed-heading"')
    return _plain(page[start : page.index("</section>", start)])


def _review(client, module):
    response = client.post(f"/learning/modules/{module.pk}/reviewed/")
    assert response.status_code == 302 and response["Location"] == module.url


# Distilling


def test_distilling_a_post_starts_an_unpublished_module_in_the_chosen_path(client, w):
    login(client, w.editor)
    form = client.get(f"/learning/distil/{w.question.pk}/")
    assert form.status_code == 200
    assert 'value="Which index?"' in text(form)

    response = client.post(
        f"/learning/distil/{w.question.pk}/",
        {"path": w.other_path.pk, "title": "Choosing an index"},
    )

    module = ModulePage.objects.get(title="Choosing an index")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{module.pk}/edit/"
    assert not module.live and module.get_parent().pk == w.other_path.pk
    assert module.learning_path_id == w.other_path.pk and module.community_id == w.community.pk
    assert module.owner == w.editor.user and module.latest_revision_id is not None
    [source] = ModuleSource.objects.filter(module=module)
    assert source.page_id == w.question.pk and source.title == "Which index?"
    assert source.seen_revision_id == w.question.latest_revision_id
    assert source.seen_comment_id == w.second_answer.pk
    assert source.seen_answer_id == w.first_answer.pk
    assert module.last_reviewed_by == w.editor.user and module.last_reviewed_at is not None
    body = [block.block_type for block in module.body]
    assert body == ["text", "callout"]
    assert "The labour index." in str(module.body[1].value["text"])
    assert not _flagged(module)


def test_distilling_a_wiki_page_copies_its_body(client, w):
    response = login(client, w.editor).post(
        f"/learning/distil/{w.wiki.pk}/", {"path": w.path.pk, "title": "Indices"}
    )

    module = ModulePage.objects.get(title="Indices")
    assert response.status_code == 302 and not module.live
    assert module.body.raw_data[0]["value"] == w.wiki.body.raw_data[0]["value"]
    assert ModuleSource.objects.get(module=module).page_id == w.wiki.pk


def test_a_library_item_is_not_distilled_from(client, w):
    response = login(client, w.editor).get(f"/learning/distil/{w.item.pk}/")

    assert response.status_code == 403
    assert not ModulePage.objects.filter(title=w.item.title).exists()


def test_the_module_says_what_it_was_distilled_from(client, w):
    module = w.modules["question"]

    page = text(login(client, w.learner).get(module.url))

    assert "Distilled from" in page
    assert f'<a href="{w.question.url}">Which index?</a>' in page
    assert BADGE not in page and "Mark as reviewed" not in page


# Nothing changed


def test_fresh_modules_are_not_flagged(client, w):
    login(client, w.editor)
    for module in w.modules.values():
        assert not _flagged(module)
        page = text(client.get(module.url))
        assert BADGE not in page and "Mark as reviewed" in page
    assert "Every module matches its sources." in _report(client)


# Each kind of change, flagged for editors and cleared by a review


def _change(w, kind):
    if kind == "wiki":
        edit_wiki_page(w.wiki, w.learner, "## Indices\n\nWeighted, twice a year.")
    elif kind == "discussion":
        make_comment(w.discussion, w.editor, "Three times in winter.")
    elif kind == "question":
        discussion.accept_answer(w.second_answer)
    elif kind == "answer-taken-back":
        discussion.accept_answer(w.first_answer)  # takes the mark back: no answer now
    elif kind == "post-edited":
        data = {"title": w.news.title, "kind": w.news.kind, "body": "From April."}
        posts.update_post(w.news, w.editor.user, data)


CHANGES = [
    ("wiki", "wiki", "Pricing basics"),
    ("discussion", "discussion", "Night patrols"),
    ("question", "question", "Which index?"),
    ("answer-taken-back", "question", "Which index?"),
    ("post-edited", "news", "New price list"),
]


@pytest.mark.parametrize(("kind", "module_name", "source_title"), CHANGES)
def test_a_change_is_flagged_for_editors_until_reviewed(client, w, kind, module_name, source_title):
    module = w.modules[module_name]
    _change(w, kind)

    assert len(_flagged(module)) == 1
    others = [m for name, m in w.modules.items() if name != module_name]
    assert not any(_flagged(other) for other in others)
    page = text(login(client, w.editor).get(module.url))
    assert BADGE in page and ALERT in page
    assert f"{module.title}: {source_title}" in _report(client)
    learner_page = text(login(client, w.learner).get(module.url))
    assert BADGE not in learner_page and ALERT not in learner_page

    _review(login(client, w.editor), module)

    assert not _flagged(module)
    page = text(client.get(module.url))
    assert BADGE not in page and ALERT not in page
    assert "Every module matches its sources." in _report(client)
    assert ModulePage.objects.get(pk=module.pk).last_reviewed_by == w.editor.user


def test_a_deleted_comment_moves_the_discussion_on_too(client, w):
    module = w.modules["discussion"]
    newest = make_comment(w.discussion, w.editor, "Never mind.")
    services.mark_module_reviewed(module, w.editor.user)

    discussion.delete_comment(newest, w.editor.user)

    assert len(_flagged(module)) == 1


def test_an_unpublished_source_is_flagged(client, w):
    module = w.modules["news"]
    posts.unpublish_post(w.news, w.editor.user)

    assert len(_flagged(module)) == 1
    page = _plain(text(login(client, w.editor).get(module.url)))
    assert BADGE in page and ALERT in page
    assert "A source that was unpublished" in page
    assert "From the news: a source that was unpublished or deleted" in _report(client)
    learner_page = text(login(client, w.learner).get(module.url))
    assert "New price list" not in learner_page and "A page you cannot open" in learner_page


def test_marking_reviewed_clears_the_flag_of_an_unpublished_source(client, w):
    module = w.modules["news"]
    posts.unpublish_post(w.news, w.editor.user)

    _review(login(client, w.editor), module)

    assert not _flagged(module)
    assert BADGE not in text(client.get(module.url))
    assert "Every module matches its sources." in _report(client)


def test_a_review_clears_only_its_own_module(client, w):
    _change(w, "wiki")
    _change(w, "discussion")

    _review(login(client, w.editor), w.modules["wiki"])

    assert not _flagged(w.modules["wiki"])
    assert len(_flagged(w.modules["discussion"])) == 1
    report = _report(client)
    assert "From the discussion: Night patrols" in report
    assert "From the wiki" not in report


def test_publishing_the_distilled_draft_keeps_it_reviewed(client, w):
    login(client, w.editor).post(
        f"/learning/distil/{w.wiki.pk}/", {"path": w.path.pk, "title": "Indices"}
    )
    module = ModulePage.objects.get(title="Indices")
    assert not _flagged(module)

    module.get_latest_revision().publish(user=w.editor.user)

    module = ModulePage.objects.get(pk=module.pk)
    assert module.live
    assert not _flagged(module)
    assert BADGE not in text(client.get(module.url))


def test_a_new_version_of_a_library_item_is_flagged(client, w):
    module = w.modules["library"]

    add_version(w.item, w.editor, file="docx")

    assert len(_flagged(module)) == 1
