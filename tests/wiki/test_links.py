"""`[[Page title]]` links: how they resolve, render, and follow pages renamed, moved or removed."""

from types import SimpleNamespace

import pytest
from django.utils.html import escape

from intranet.wiki import markup
from intranet.wiki.links import create_url, rename_in_blocks, titles_in
from intranet.wiki.models import WikiLink, WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import built_once, login, reload, text
from tests.wiki.builders import edit_wiki_page, make_wiki_page, wiki_of

pytestmark = pytest.mark.django_db


def _links(page):
    """{title key: target page id or None} of the page's outgoing links."""
    return dict(WikiLink.objects.filter(source=page).values_list("target_key", "target_id"))


def _html(client, page):
    response = client.get(reload(page).url)
    assert response.status_code == 200
    return text(response)


def _body(html):
    return html.split('class="wiki-body"', 1)[1].split('<aside class="wiki-side"', 1)[0]


def _backlinks(html):
    """The "What links here" section of a rendered page."""
    return html.split('id="backlinks-heading"', 1)[1].split("</section>", 1)[0]


def _link(page):
    return f'<a class="wiki-link" href="{reload(page).url}">'


def _missing(page, title):
    """The start of a missing link on `page` to `title`: a link to create the page."""
    url = create_url(wiki_of(reload(page).community).pk, title)
    return f'class="wiki-link wiki-link--missing" href="{escape(url)}"'


CREATE_IT = ' title="No page has this title yet: create it">'


def _build_world():
    writer = make_person("writer")
    sales = make_community("Sales Community")
    service = make_community("Service Community")
    add_member(sales, writer)
    add_member(service, writer)
    return SimpleNamespace(writer=writer, sales=sales, service=service)


world = built_once(_build_world)


@pytest.fixture
def writer(world):
    """The member who writes every page here (a plain member of both communities)."""
    return reload(world.writer)


@pytest.fixture
def sales(world):
    return reload(world.sales)


@pytest.fixture
def service(world):
    return reload(world.service)


@pytest.fixture
def member(client, writer):
    return login(client, writer)


class ResolvingTests:
    def test_it_links_a_title_whatever_its_case_and_spacing(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")

        source = make_wiki_page(
            sales, writer, "Guide", "See [[  office   CLEANING ]], [[Office_cleaning]] and more."
        )

        assert _links(source) == {"office cleaning": target.pk}
        link = WikiLink.objects.get(source=source)
        assert link.target_title == "office   CLEANING"

    def test_it_links_only_to_a_page_of_the_same_community(self, sales, service, writer):
        make_wiki_page(service, writer, "Office cleaning")

        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        assert _links(source) == {"office cleaning": None}

    def test_it_prefers_the_page_of_its_own_community(self, sales, service, writer):
        make_wiki_page(service, writer, "Office cleaning")
        own = make_wiki_page(sales, writer, "Office cleaning")

        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        assert _links(source) == {"office cleaning": own.pk}

    def test_it_stores_a_link_to_a_missing_page_without_a_target(self, sales, writer):
        source = make_wiki_page(sales, writer, "Guide", "See [[Window cleaning]].")

        link = WikiLink.objects.get(source=source)
        assert (link.target_key, link.target_title, link.target) == (
            "window cleaning",
            "Window cleaning",
            None,
        )

    def test_it_adopts_missing_links_when_the_page_is_created(self, sales, service, writer):
        first = make_wiki_page(sales, writer, "Guide", "See [[Window cleaning]].")
        second = make_wiki_page(sales, writer, "Other", "And [[window  Cleaning|here]].")
        elsewhere = make_wiki_page(service, writer, "Guide", "See [[Window cleaning]].")

        target = make_wiki_page(sales, writer, "Window cleaning")

        assert _links(first) == {"window cleaning": target.pk}
        assert _links(second) == {"window cleaning": target.pk}
        assert _links(elsewhere) == {"window cleaning": None}

    def test_it_does_not_link_from_inline_code(self, sales, writer):
        make_wiki_page(sales, writer, "Office cleaning")

        source = make_wiki_page(sales, writer, "Guide", "Write `[[Office cleaning]]` to link.")

        assert _links(source) == {}

    def test_it_links_from_table_cells_and_callouts(self, sales, writer):
        cells = make_wiki_page(sales, writer, "Office cleaning")
        callouts = make_wiki_page(sales, writer, "Safety")

        source = make_wiki_page(
            sales,
            writer,
            "Guide",
            "| [[Office cleaning]] | B |\n| --- | --- |\n| [[Prices]] | x |\n\n"
            "> [!WARNING]\n> Read [[Safety]] first.",
        )

        assert _links(source) == {
            "office cleaning": cells.pk,
            "prices": None,
            "safety": callouts.pk,
        }

    def test_it_removes_the_link_an_edit_takes_out(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]] and [[Prices]].")

        edit_wiki_page(source, writer, "Only [[Prices]] now.")

        assert _links(source) == {"prices": None}
        assert not WikiLink.objects.filter(target=target).exists()

    def test_it_adds_the_link_an_edit_puts_in(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "No links.")

        edit_wiki_page(source, writer, "Now [[Office cleaning]].")

        assert _links(source) == {"office cleaning": target.pk}


class RenderingTests:
    def test_it_links_to_an_existing_page(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[office cleaning]].")

        body = _body(_html(member, source))

        assert f"{_link(target)}office cleaning</a>" in body
        assert "[[" not in body

    def test_it_offers_to_create_a_missing_page(self, sales, writer, member):
        source = make_wiki_page(sales, writer, "Guide", "See [[Window cleaning]].")

        body = _body(_html(member, source))

        assert _missing(source, "Window cleaning") in body
        assert f"/wiki/{wiki_of(sales).pk}/new/?title=Window+cleaning" in body
        assert ">Window cleaning</a>" in body

    def test_it_shows_the_label_of_a_labelled_link(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(
            sales, writer, "Guide", "See [[Office cleaning|our offer]] and [[Missing|soon]]."
        )

        body = _body(_html(member, source))

        assert f"{_link(target)}our offer</a>" in body
        assert _missing(source, "Missing") + CREATE_IT + "soon</a>" in body
        assert "Office cleaning" not in body

    def test_it_leaves_links_in_inline_code_as_text(self, sales, writer, member):
        make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "Write `[[Office cleaning]]` to link.")

        body = _body(_html(member, source))

        assert "<code>[[Office cleaning]]</code>" in body
        assert "wiki-link" not in body

    def test_it_links_from_table_cells_and_callouts(self, sales, writer, member):
        cells = make_wiki_page(sales, writer, "Office cleaning")
        callouts = make_wiki_page(sales, writer, "Safety")
        source = make_wiki_page(
            sales,
            writer,
            "Guide",
            "| Page | Note |\n| --- | --- |\n| [[Office cleaning]] | [[Prices\\|the prices]] |\n\n"
            "> [!TIP]\n> Read [[Safety]] first.",
        )

        body = _body(_html(member, source))

        assert f"<td>{_link(cells)}Office cleaning</a></td>" in body
        assert _missing(source, "Prices") + CREATE_IT + "the prices</a>" in body
        assert f"{_link(callouts)}Safety</a>" in body

    def test_it_escapes_titles_and_labels(self, sales, writer, member):
        source = make_wiki_page(sales, writer, "Guide", "See [[<b>Bold</b>|<i>x</i>]] and [[Q&A]].")

        body = _body(_html(member, source))

        assert "<b>" not in body and "<i>" not in body
        assert "&lt;i&gt;x&lt;/i&gt;</a>" in body
        assert escape(create_url(wiki_of(sales).pk, "Q&A")) in body
        assert _links(source) == {"<b>bold</b>": None, "q&a": None}


class BacklinkTests:
    def test_it_lists_the_pages_that_link_here(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        first = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")
        second = make_wiki_page(sales, writer, "Another guide", "And [[office cleaning|here]].")
        make_wiki_page(sales, writer, "Unrelated", "No links.")

        backlinks = _backlinks(_html(member, target))

        assert f'<a href="{second.url}">Another guide</a>' in backlinks
        assert f'<a href="{first.url}">Guide</a>' in backlinks
        assert backlinks.index("Another guide") < backlinks.index(">Guide<")
        assert "Unrelated" not in backlinks

    def test_it_says_when_no_page_links_here(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")

        assert "No page links here yet." in _backlinks(_html(member, target))

    def test_it_drops_the_backlink_when_the_link_is_edited_out(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        edit_wiki_page(source, writer, "No link any more.")

        assert "Guide" not in _backlinks(_html(member, target))


class RenameTests:
    def test_it_rewrites_links_to_the_new_title(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(
            sales,
            writer,
            "Guide",
            "See [[office  cleaning]] and [[Office_Cleaning|our offer]], not `[[Office cleaning]]`."
            "\n\n| [[Office cleaning]] |\n| --- |\n| [[OFFICE cleaning]] |"
            "\n\n> [!NOTE]\n> [[Office cleaning]]",
        )
        revisions = source.revisions.count()

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        source = reload(source)
        assert markup.to_markup(source.body.raw_data) == (
            "See [[Window cleaning]] and [[Window cleaning|our offer]], not `[[Office cleaning]]`."
            "\n\n| [[Window cleaning]] |\n| --- |\n| [[Window cleaning]] |"
            "\n\n> [!NOTE]\n> [[Window cleaning]]\n"
        )
        assert source.revisions.count() == revisions + 1
        assert source.edit_summary == "Updated links to the renamed page “Window cleaning”"
        assert source.latest_revision.user == writer.user
        assert _links(source) == {"window cleaning": target.pk}

    def test_it_keeps_the_backlink_and_the_rendered_link(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        assert f'<a href="{reload(source).url}">Guide</a>' in _backlinks(_html(member, target))
        assert f"{_link(target)}Window cleaning</a>" in _body(_html(member, source))

    def test_it_leaves_other_communities_alone(self, sales, service, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        elsewhere = make_wiki_page(service, writer, "Guide", "See [[Office cleaning]].")
        revisions = elsewhere.revisions.count()

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        elsewhere = reload(elsewhere)
        assert markup.to_markup(elsewhere.body.raw_data) == "See [[Office cleaning]].\n"
        assert elsewhere.revisions.count() == revisions
        assert _links(elsewhere) == {"office cleaning": None}

    def test_it_changes_nothing_when_only_the_case_changes(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[office cleaning]].")
        revisions = source.revisions.count()

        edit_wiki_page(target, writer, "What we offer.", title="Office Cleaning")

        assert reload(source).revisions.count() == revisions
        assert _links(source) == {"office cleaning": target.pk}

    def test_it_adopts_missing_links_to_the_new_title(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        waiting = make_wiki_page(sales, writer, "Guide", "See [[Window cleaning]].")

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        assert _links(waiting) == {"window cleaning": target.pk}

    def test_it_does_not_publish_an_unpublished_linking_page(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Withdrawn guide", "See [[Office cleaning]].")
        source.unpublish()

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        assert not reload(source).live

    def test_it_renames_a_pages_links_to_itself(self, sales, writer):
        page = make_wiki_page(sales, writer, "Office cleaning", "Back to [[Office cleaning]].")

        edit_wiki_page(page, writer, "Back to [[Office cleaning]].", title="Window cleaning")

        assert markup.to_markup(reload(page).body.raw_data) == "Back to [[Window cleaning]].\n"
        assert _links(page) == {"window cleaning": page.pk}

    def test_it_keeps_a_draft_of_a_linking_page(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")
        draft = reload(source)
        draft.body = markup.to_blocks("Draft: see [[Office cleaning]] soon.").blocks
        draft.save_revision(user=writer.user)  # "Save draft" in the Wagtail admin

        edit_wiki_page(target, writer, "What we offer.", title="Window cleaning")

        latest = reload(source).latest_revision.as_object()
        assert markup.to_markup(latest.body.raw_data) == "Draft: see [[Window cleaning]] soon.\n"


class RemovalTests:
    def test_it_makes_links_to_a_deleted_page_missing(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        WikiPage.objects.get(pk=target.pk).delete()

        assert _links(source) == {"office cleaning": None}
        assert _missing(source, "Office cleaning") in _body(_html(member, source))

    def test_it_makes_links_to_the_deleted_pages_children_missing(self, sales, writer):
        parent = make_wiki_page(sales, writer, "Cleaning")
        child = make_wiki_page(sales, writer, "Office cleaning", parent=parent)
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]] and [[Cleaning]].")

        WikiPage.objects.get(pk=parent.pk).delete()

        assert not WikiPage.objects.filter(pk=child.pk).exists()
        assert _links(source) == {"office cleaning": None, "cleaning": None}

    def test_it_drops_the_backlink_with_its_deleted_source(self, sales, writer, member):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")
        make_wiki_page(sales, writer, "Another guide", "And [[Office cleaning]].")

        WikiPage.objects.get(pk=source.pk).delete()

        assert not WikiLink.objects.filter(source_id=source.pk).exists()
        backlinks = _backlinks(_html(member, target))
        assert ">Guide<" not in backlinks
        assert "Another guide" in backlinks

    def test_it_readopts_links_when_a_page_with_the_title_is_created_again(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")
        WikiPage.objects.get(pk=target.pk).delete()

        again = make_wiki_page(sales, writer, "Office Cleaning", slug="office-cleaning-again")

        assert _links(source) == {"office cleaning": again.pk}

    def test_it_makes_links_to_an_unpublished_page_missing_until_it_is_republished(
        self, sales, writer, member
    ):
        target = make_wiki_page(sales, writer, "Office cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        target.unpublish()

        assert _links(source) == {"office cleaning": None}
        assert _missing(source, "Office cleaning") in _body(_html(member, source))

        reload(target).save_revision().publish()

        assert _links(source) == {"office cleaning": target.pk}
        assert f"{_link(target)}Office cleaning</a>" in _body(_html(member, source))
        assert ">Guide<" in _backlinks(_html(member, target))

    def test_it_does_not_link_to_an_unpublished_page(self, sales, writer):
        target = make_wiki_page(sales, writer, "Office cleaning")
        target.unpublish()

        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        assert _links(source) == {"office cleaning": None}


class MoveTests:
    def test_it_moves_the_page_and_its_children_to_the_other_community(
        self, sales, service, writer
    ):
        page = make_wiki_page(sales, writer, "Office cleaning")
        child = make_wiki_page(sales, writer, "Windows", parent=page)
        grandchild = make_wiki_page(sales, writer, "Frames", parent=child)

        reload(page).move(wiki_of(service), pos="last-child")

        for moved in (page, child, grandchild):
            assert reload(moved).community_id == service.pk
        assert reload(page).get_parent().pk == wiki_of(service).pk

    def test_it_makes_links_from_the_old_community_missing(self, sales, service, writer, member):
        page = make_wiki_page(sales, writer, "Office cleaning")
        child = make_wiki_page(sales, writer, "Windows", parent=page)
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]] and [[Windows]].")

        reload(page).move(wiki_of(service), pos="last-child")

        assert _links(source) == {"office cleaning": None, "windows": None}
        body = _body(_html(member, source))
        assert _missing(source, "Office cleaning") in body
        assert _missing(source, "Windows") in body
        assert not WikiLink.objects.filter(target__in=[page.pk, child.pk]).exists()

    def test_it_adopts_missing_links_in_the_new_community(self, sales, service, writer):
        page = make_wiki_page(sales, writer, "Office cleaning")
        waiting = make_wiki_page(service, writer, "Guide", "See [[Office cleaning]].")

        reload(page).move(wiki_of(service), pos="last-child")

        assert _links(waiting) == {"office cleaning": page.pk}

    def test_it_repoints_the_moved_pages_own_links(self, sales, service, writer):
        stays = make_wiki_page(sales, writer, "Prices")
        there = make_wiki_page(service, writer, "Safety")
        page = make_wiki_page(
            sales, writer, "Office cleaning", "[[Prices]], [[Safety]], [[Windows]]"
        )
        child = make_wiki_page(
            sales, writer, "Windows", "Back to [[Office cleaning]].", parent=page
        )

        reload(page).move(wiki_of(service), pos="last-child")

        assert _links(page) == {"prices": None, "safety": there.pk, "windows": child.pk}
        assert _links(child) == {"office cleaning": page.pk}
        assert WikiLink.objects.filter(target=stays).count() == 0

    def test_it_keeps_links_when_a_page_moves_within_its_community(self, sales, writer):
        page = make_wiki_page(sales, writer, "Office cleaning")
        parent = make_wiki_page(sales, writer, "Cleaning")
        source = make_wiki_page(sales, writer, "Guide", "See [[Office cleaning]].")

        reload(page).move(reload(parent), pos="last-child")

        assert reload(page).community_id == sales.pk
        assert _links(source) == {"office cleaning": page.pk}


class TitlesInTests:
    def test_it_finds_every_title_by_key_keeping_the_first_spelling(self):
        blocks = markup.to_blocks(
            "See [[Office cleaning]], [[office_CLEANING|again]] and [[ Prices ]]."
        ).blocks

        assert titles_in(blocks) == {"office cleaning": "Office cleaning", "prices": "Prices"}

    def test_it_looks_in_text_callouts_and_table_cells_only(self):
        blocks = [
            {"type": "heading", "value": {"text": "[[In heading]]", "level": "2"}},
            {"type": "text", "value": "<p>[[In text]]</p>"},
            {"type": "callout", "value": {"kind": "tip", "text": "<p>[[In callout]]</p>"}},
            {
                "type": "table",
                "value": {
                    "caption": "[[In caption]]",
                    "header": [{"type": "item", "value": "[[In header]]", "id": "h"}],
                    "rows": [
                        {"type": "item", "value": ["[[In cell]]", ""], "id": "r1"},
                        ["plain", "[[In plain row]]"],
                    ],
                },
            },
            {"type": "code", "value": {"language": "", "code": "[[In code]]"}},
            {"type": "image", "value": {"image": 1, "caption": "[[In image]]"}},
        ]

        assert list(titles_in(blocks).values()) == [
            "In text",
            "In callout",
            "In header",
            "In cell",
            "In plain row",
        ]

    def test_it_skips_inline_code_and_empty_links(self):
        blocks = [{"type": "text", "value": "<p><code>[[Code]]</code> [[ ]] [[|x]] [[Real]]</p>"}]

        assert titles_in(blocks) == {"real": "Real"}

    def test_it_reads_titles_with_html_entities(self):
        blocks = [{"type": "text", "value": "<p>[[Q&amp;A]] and [[R &amp; D|research]]</p>"}]

        assert titles_in(blocks) == {"q&a": "Q&A", "r & d": "R & D"}

    def test_it_finds_nothing_in_no_blocks(self):
        assert titles_in([]) == {}
        assert titles_in(None) == {}


class RenameInBlocksTests:
    def test_it_renames_every_spelling_keeping_labels(self):
        blocks = [
            {
                "type": "text",
                "value": "<p>[[office cleaning]] [[Office_Cleaning|offer]] [[Prices]]</p>",
            }
        ]

        renamed = rename_in_blocks(blocks, "office cleaning", "Window cleaning")

        assert renamed == [
            {
                "type": "text",
                "value": "<p>[[Window cleaning]] [[Window cleaning|offer]] [[Prices]]</p>",
            }
        ]

    def test_it_leaves_inline_code_alone(self):
        blocks = [{"type": "text", "value": "<p><code>[[Old]]</code> [[Old]]</p>"}]

        assert rename_in_blocks(blocks, "old", "New") == [
            {"type": "text", "value": "<p><code>[[Old]]</code> [[New]]</p>"}
        ]

    def test_it_renames_in_callouts_and_table_cells(self):
        blocks = [
            {"type": "callout", "value": {"kind": "note", "text": "<p>[[Old|see]]</p>"}},
            {
                "type": "table",
                "value": {
                    "caption": "[[Old]]",
                    "header": [{"type": "item", "value": "[[old]]", "id": "h"}],
                    "rows": [{"type": "item", "value": ["[[OLD|x]] [[Other]]"], "id": "r"}],
                },
            },
        ]

        renamed = rename_in_blocks(blocks, "old", "Q&A")

        assert renamed == [
            {"type": "callout", "value": {"kind": "note", "text": "<p>[[Q&amp;A|see]]</p>"}},
            {
                "type": "table",
                "value": {
                    "caption": "[[Old]]",
                    "header": ["[[Q&A]]"],
                    "rows": [["[[Q&A|x]] [[Other]]"]],
                },
            },
        ]
        assert titles_in(renamed) == {"q&a": "Q&A", "other": "Other"}

    def test_it_escapes_the_new_title_in_rich_text(self):
        blocks = [{"type": "text", "value": "<p>[[Old]]</p>"}]

        renamed = rename_in_blocks(blocks, "old", "<b>Bold</b> & more")

        assert renamed[0]["value"] == "<p>[[&lt;b&gt;Bold&lt;/b&gt; &amp; more]]</p>"

    def test_it_matches_titles_written_with_entities(self):
        blocks = [{"type": "text", "value": "<p>[[Q&amp;A]]</p>"}]

        assert rename_in_blocks(blocks, "q&a", "Questions") == [
            {"type": "text", "value": "<p>[[Questions]]</p>"}
        ]

    def test_it_leaves_other_blocks_and_its_input_unchanged(self):
        blocks = [
            {"type": "heading", "value": {"text": "[[Old]]", "level": "2"}},
            {"type": "code", "value": {"language": "", "code": "[[Old]]"}},
            {"type": "text", "value": "<p>[[Old]]</p>"},
        ]
        before = [dict(block) for block in blocks]

        renamed = rename_in_blocks(blocks, "old", "New")

        assert renamed[:2] == before[:2]
        assert blocks == before
