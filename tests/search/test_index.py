"""Index upkeep: content changes reach the search entries at once, and a rebuild catches up."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import override_settings

from intranet.community import discussion, membership, permissions, posts
from intranet.community.models import Membership, PostPage, Status, Visibility
from intranet.library import text
from intranet.library.models import LibraryItemPage, LibraryPage
from intranet.library.pdf import make_pdf
from intranet.search import backends, documents
from intranet.search.backends import Query
from intranet.search.models import SearchAccess, SearchEntry, SearchFacet
from intranet.wiki.models import WikiPage
from tests.builders import add_member, make_comment, make_person, make_post
from tests.community.helpers import built_once, fresh
from tests.library.builders import add_version, make_item, pdf_upload, upload, zip_bytes
from tests.search.cast import cast
from tests.wiki.builders import edit_wiki_page, make_wiki_page, wiki_of

pytestmark = pytest.mark.django_db
ODT = "application/vnd.oasis.opendocument.text"


def _build():
    with override_settings(ELASTICSEARCH_URL=""):
        open_, private, author, member, stranger = cast()
        post = make_post(open_, author, title="Lobby visit", body="We met the caretaker.")
        item = make_item(open_, author, file="docx", title="Lobby guarding proposal")
        wiki = make_wiki_page(open_, author, title="Mop schedule", text="Which mop goes where.")
        private_post = make_post(
            private, author, title="Bid strategy", body="We undercut with kestrelite pricing."
        )
        return SimpleNamespace(**locals())


world = built_once(_build)


@pytest.fixture(autouse=True)
def _database_index(settings):
    """These tests are about the database index, whatever the environment configures."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def w(world):
    return fresh(world)


def finds(person, words):
    """The keys of what `person` finds for `words`."""
    user = getattr(person, "user", person)
    query = Query(words, permissions.search_keys(user), limit=100)
    return [hit.key for hit in backends.search(query).hits]


def entry(obj):
    return SearchEntry.objects.filter(key=documents.key_of(obj)).first()


def access(obj):
    return sorted(SearchAccess.objects.filter(entry__key=documents.key_of(obj)).values_list("key"))


def lines(found):
    """The non-empty lines of some text, without the spaces around them."""
    return [line.strip() for line in found.splitlines() if line.strip()]


# Office files built in memory: the smallest packages with text where document_text reads it.


def docx(*paragraphs, part="word/document.xml"):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0"?><w:document><w:body>{body}</w:body></w:document>'
    return zip_bytes([("[Content_Types].xml", "<Types/>"), (part, xml)])


def xlsx(*cells):
    strings = "".join(f"<si><t>{cell}</t></si>" for cell in cells)
    return zip_bytes(
        [
            ("[Content_Types].xml", "<Types/>"),
            ("xl/workbook.xml", "<workbook/>"),
            ("xl/sharedStrings.xml", f"<sst>{strings}</sst>"),
        ]
    )


def pptx(*slides):
    return zip_bytes(
        [
            ("[Content_Types].xml", "<Types/>"),
            *(
                (f"ppt/slides/slide{number}.xml", f"<p:sld><a:p><a:t>{words}</a:t></a:p></p:sld>")
                for number, words in slides
            ),
        ]
    )


def odt(*paragraphs):
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        f"<office:document-content><office:text>{body}</office:text></office:document-content>"
    )
    return zip_bytes([("mimetype", ODT), ("content.xml", content)], stored={"mimetype"})


class PublishingTests:
    def test_it_indexes_a_new_post(self, w):
        post = make_post(w.open_, w.author, title="Quay report", body="The gantry crane failed.")
        found = entry(post)
        assert (found.kind, found.title, found.url) == ("post", "Quay report", post.url)
        assert found.community_id == w.open_.pk
        assert found.author_id == w.author.user.pk
        assert "gantry crane" in found.body
        assert access(post) == [(permissions.EVERYONE,)]
        assert finds(w.stranger, "gantry") == [f"post:{post.pk}"]

    def test_it_indexes_a_new_library_item_with_its_facets(self, w):
        item = make_item(
            w.open_, w.author, file="docx", title="Quay tender", outcome="lost", tags=["ports"]
        )
        found = entry(item)
        assert (found.kind, found.document_type, found.outcome) == ("library", "proposal", "lost")
        assert found.year == 2025
        assert list(SearchFacet.objects.filter(entry=found).values_list("name", "value")) == [
            ("tag", "ports")
        ]
        assert finds(w.stranger, "quay tender") == [f"library:{item.pk}"]

    def test_it_indexes_a_new_wiki_page(self, w):
        page = make_wiki_page(w.open_, w.author, title="Gantry cranes", text="Lubricate weekly.")
        assert entry(page).kind == "wiki"
        assert entry(page).body == "Lubricate weekly."
        assert finds(w.stranger, "lubricate") == [f"wiki:{page.pk}"]

    def test_it_gives_private_content_its_communitys_key(self, w):
        assert access(w.private_post) == [(f"community:{w.private.pk}",)]


class EditingTests:
    def test_it_follows_an_edited_post(self, w):
        posts.update_post(
            w.post,
            w.author.user,
            {"kind": "blog", "title": "Lobby revisit", "body": "The caretaker left a pelican."},
        )
        assert entry(w.post).title == "Lobby revisit"
        assert finds(w.stranger, "pelican") == [f"post:{w.post.pk}"]
        assert finds(w.stranger, "met caretaker") == []

    def test_it_follows_an_edited_wiki_page(self, w):
        edit_wiki_page(w.wiki, w.author, "Every mop goes to the flamingo room.", title="Mops")
        assert entry(w.wiki).title == "Mops"
        assert finds(w.stranger, "flamingo") == [f"wiki:{w.wiki.pk}"]
        assert finds(w.stranger, "schedule") == []  # the old title's word ("which" is a stop word)

    def test_it_follows_an_edited_library_item(self, w):
        item = LibraryItemPage.objects.get(pk=w.item.pk)
        item.summary = "Now with an albatross patrol."
        item.outcome = "won"
        item.save_revision().publish()
        assert entry(item).outcome == "won"
        assert finds(w.stranger, "albatross") == [f"library:{item.pk}"]

    def test_it_changes_nothing_on_a_draft(self, w):
        post = PostPage.objects.get(pk=w.post.pk)
        post.title = "Draft title with ibis"
        post.save_revision()
        assert finds(w.stranger, "ibis") == []
        assert entry(post).title == "Lobby visit"


class CommentTests:
    def test_it_finds_a_post_by_its_comments(self, w):
        make_comment(w.post, w.stranger, "Try the heron entrance.")
        assert finds(w.stranger, "heron") == [f"post:{w.post.pk}"]

    def test_it_follows_an_edited_comment(self, w):
        comment = make_comment(w.post, w.stranger, "Try the heron entrance.")
        discussion.edit_comment(comment, "Try the stork entrance.")
        assert finds(w.stranger, "stork") == [f"post:{w.post.pk}"]
        assert finds(w.stranger, "heron") == []

    def test_it_forgets_a_soft_deleted_comment(self, w):
        comment = make_comment(w.post, w.stranger, "Try the heron entrance.")
        discussion.delete_comment(comment, w.author.user, "off topic")
        assert finds(w.stranger, "heron") == []
        assert finds(w.stranger, "caretaker") == [f"post:{w.post.pk}"]

    def test_it_forgets_a_deleted_comment(self, w):
        comment = make_comment(w.post, w.stranger, "Try the heron entrance.")
        comment.delete()
        assert finds(w.stranger, "heron") == []


class RemovalTests:
    def test_it_removes_an_unpublished_post_at_once(self, w):
        posts.unpublish_post(w.post, w.author.user)
        assert entry(w.post) is None
        assert finds(w.stranger, "caretaker") == []

    def test_it_removes_an_unpublished_wiki_page_and_library_item(self, w):
        WikiPage.objects.get(pk=w.wiki.pk).unpublish()
        LibraryItemPage.objects.get(pk=w.item.pk).unpublish()
        assert entry(w.wiki) is None
        assert entry(w.item) is None

    def test_it_indexes_a_page_published_again(self, w):
        posts.unpublish_post(w.post, w.author.user)
        PostPage.objects.get(pk=w.post.pk).save_revision().publish()
        assert finds(w.stranger, "caretaker") == [f"post:{w.post.pk}"]

    def test_it_removes_a_deleted_post(self, w):
        make_comment(w.post, w.stranger, "Try the heron entrance.")
        PostPage.objects.get(pk=w.post.pk).delete()
        assert entry(w.post) is None
        assert finds(w.stranger, "heron") == []

    def test_it_removes_a_deleted_library_item(self, w):
        LibraryItemPage.objects.get(pk=w.item.pk).delete()
        assert entry(w.item) is None

    def test_it_removes_a_deleted_wiki_page_and_its_children(self, w):
        child = make_wiki_page(w.open_, w.author, title="Mop buckets", parent=w.wiki)
        WikiPage.objects.get(pk=w.wiki.pk).delete()
        assert entry(w.wiki) is None
        assert entry(child) is None

    def test_it_hides_everything_of_an_unpublished_community(self, w):
        w.open_.unpublish()
        assert finds(w.author, "caretaker") == []
        assert finds(w.stranger, "mop") == []


class LibraryFileTests:
    def test_it_finds_the_text_of_the_first_file(self, w):
        item = make_item(
            w.open_, w.author, file=pdf_upload("Offer", ["Our cormorant service."]), title="Offer"
        )
        assert finds(w.stranger, "cormorant") == [f"library:{item.pk}"]

    def test_it_finds_the_text_of_a_new_pdf_version(self, w):
        add_version(w.item, w.author, pdf_upload("Revised", ["Now with a puffin clause."]))
        assert finds(w.stranger, "puffin") == [f"library:{w.item.pk}"]

    @pytest.mark.parametrize(
        "name, data",
        [
            ("revised.docx", docx("The guillemot clause.")),
            ("revised.xlsx", xlsx("Rate", "guillemot")),
            ("revised.pptx", pptx((1, "Our guillemot offer"))),
            ("revised.odt", odt("The guillemot clause.")),
        ],
    )
    def test_it_finds_the_text_of_a_new_office_version(self, w, name, data):
        add_version(w.item, w.author, upload(name, data))
        assert finds(w.stranger, "guillemot") == [f"library:{w.item.pk}"]

    def test_it_forgets_the_text_of_the_version_before(self, w):
        add_version(w.item, w.author, upload("one.docx", docx("The guillemot clause.")))
        add_version(w.item, w.author, upload("two.docx", docx("The razorbill clause.")))
        assert finds(w.stranger, "razorbill") == [f"library:{w.item.pk}"]
        assert finds(w.stranger, "guillemot") == []

    def test_it_keeps_a_private_files_text_from_non_members(self, w):
        item = make_item(w.private, w.member, file=pdf_upload("Rates", ["The shearwater rate."]))
        assert finds(w.stranger, "shearwater") == []
        assert finds(w.member, "shearwater") == [f"library:{item.pk}"]


class DocumentTextTests:
    def test_it_reads_a_pdf(self):
        assert "kittiwake" in text.document_text("offer.pdf", make_pdf("Offer", ["A kittiwake."]))

    def test_it_reads_a_word_document_with_its_headers_and_footers(self):
        data = zip_bytes(
            [
                ("word/document.xml", "<w:p><w:t>Body of the letter</w:t></w:p>"),
                ("word/header1.xml", "<w:p><w:t>Letterhead</w:t></w:p>"),
                ("word/footer2.xml", "<w:p><w:t>Page footer</w:t></w:p>"),
                ("word/styles.xml", "<w:style>Not text</w:style>"),
            ]
        )
        found = text.document_text("letter.DOCX", data)
        assert "Body of the letter" in found
        assert "Letterhead" in found
        assert "Page footer" in found
        assert "Not text" not in found

    def test_it_reads_a_spreadsheets_shared_strings(self):
        found = text.document_text("rates.xlsx", xlsx("Hourly rate", "Night shift"))
        assert lines(found) == ["Hourly rate", "Night shift"]

    def test_it_reads_slides_in_their_numeric_order(self):
        data = pptx((10, "ten"), (2, "two"), (1, "one"))
        assert text.document_text("deck.pptx", data).split() == ["one", "two", "ten"]

    def test_it_reads_opendocument_text(self):
        assert lines(text.document_text("notes.odt", odt("First", "Second"))) == ["First", "Second"]

    def test_it_unescapes_entities_and_drops_tags(self):
        data = docx("Fish &amp; chips &lt;3", "<w:b/>bold")
        assert lines(text.document_text("menu.docx", data)) == ["Fish & chips <3", "bold"]

    def test_it_gives_nothing_for_a_file_that_is_no_zip(self):
        assert text.document_text("notes.docx", b"plain text, not a zip") == ""
        assert text.document_text("legacy.doc", b"\xd0\xcf\x11\xe0" + bytes(100)) == ""
        assert text.document_text("noextension", b"") == ""

    def test_it_gives_nothing_for_a_broken_zip(self):
        data = docx("The guillemot clause.")
        assert text.document_text("broken.docx", data[: len(data) // 2]) == ""

    def test_it_reads_a_member_only_up_to_its_limit(self, monkeypatch):
        monkeypatch.setattr(text, "MAX_MEMBER_BYTES", 1000)
        data = docx("head " + "x " * 2000 + "tailword")
        found = text.document_text("long.docx", data)
        assert found.startswith("head")
        assert "tailword" not in found
        assert len(found) < 1000

    def test_it_reads_a_bomb_only_up_to_the_member_limit(self):
        bomb = zip_bytes([("word/document.xml", " " * 40_000_000 + "<w:t>tailword</w:t>")])
        assert len(bomb) < 100_000
        assert text.document_text("bomb.docx", bomb) == ""

    def test_it_keeps_at_most_max_chars(self, monkeypatch):
        monkeypatch.setattr(text, "MAX_CHARS", 50)
        data = xlsx(*(f"cell{n}" for n in range(100)))
        assert len(text.document_text("big.xlsx", data)) == 50

    def test_it_skips_members_it_cannot_read(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:t>readable</w:t>")
        data = bytearray(buffer.getvalue())
        # Mark the member as encrypted in its central directory entry: reading it then fails.
        central = data.index(b"PK\x01\x02")
        data[central + 8] |= 0x01
        assert text.document_text("locked.docx", bytes(data)) == ""


class MembershipTests:
    def test_it_stops_finding_private_content_after_leaving(self, w):
        assert finds(w.member, "kestrelite") == [f"post:{w.private_post.pk}"]
        rows = list(SearchAccess.objects.order_by("pk").values_list("pk", "entry_id", "key"))
        membership.leave(w.member.user, w.private)
        assert finds(w.member, "kestrelite") == []
        assert list(SearchAccess.objects.order_by("pk").values_list("pk", "entry_id", "key")) == (
            rows
        )

    def test_it_stops_finding_private_content_when_the_membership_is_no_longer_active(self, w):
        Membership.objects.filter(community=w.private, user=w.member.user).update(
            status=Status.REQUESTED
        )
        assert finds(w.member, "kestrelite") == []

    def test_it_finds_private_content_after_joining(self, w):
        assert finds(w.stranger, "kestrelite") == []
        add_member(w.private, w.stranger)
        assert finds(w.stranger, "kestrelite") == [f"post:{w.private_post.pk}"]


class CommunityVisibilityTests:
    def test_it_rekeys_a_community_made_private(self, w):
        assert finds(w.stranger, "caretaker") == [f"post:{w.post.pk}"]
        w.open_.visibility = Visibility.PRIVATE
        w.open_.save_revision().publish()
        key = (f"community:{w.open_.pk}",)
        assert access(w.post) == access(w.item) == access(w.wiki) == [key]
        assert finds(w.stranger, "caretaker") == []
        assert finds(w.stranger, "mop") == []
        assert finds(w.author, "caretaker") == [f"post:{w.post.pk}"]

    def test_it_rekeys_a_community_made_open(self, w):
        w.private.visibility = Visibility.OPEN
        w.private.save_revision().publish()
        assert finds(w.stranger, "kestrelite") == [f"post:{w.private_post.pk}"]

    def test_it_keys_new_content_of_a_community_made_private(self, w):
        w.open_.visibility = Visibility.PRIVATE
        w.open_.save_revision().publish()
        post = make_post(w.open_, w.author, title="Later", body="A later osprey sighting.")
        assert access(post) == [(f"community:{w.open_.pk}",)]
        assert finds(w.stranger, "osprey") == []


class PeopleTests:
    def test_it_finds_a_new_person(self, w):
        person = make_person("dagny", first_name="Dagny", last_name="Holm", bio="Fixes boilers.")
        assert finds(w.stranger, "dagny boilers") == [f"person:{person.pk}"]

    def test_it_follows_an_edited_bio(self, w):
        w.member.bio = "Knows every lighthouse keeper on the coast."
        w.member.save()
        assert finds(w.stranger, "lighthouse") == [f"person:{w.member.pk}"]

    def test_it_follows_new_expertise(self, w):
        w.member.expertise.add("cryogenics")
        assert finds(w.stranger, "cryogenics") == [f"person:{w.member.pk}"]
        assert ("tag", "cryogenics") in SearchFacet.objects.filter(
            entry__key=f"person:{w.member.pk}"
        ).values_list("name", "value")

    def test_it_forgets_removed_expertise(self, w):
        w.member.expertise.add("cryogenics")
        w.member.expertise.remove("cryogenics")
        assert finds(w.stranger, "cryogenics") == []

    def test_it_follows_a_renamed_person(self, w):
        user = w.member.user
        user.last_name = "Wikström"
        user.save()
        assert entry(w.member).title == "Bertil Wikström"

    def test_it_removes_a_person_made_inactive(self, w):
        user = w.member.user
        user.is_active = False
        user.save()
        assert entry(w.member) is None
        assert finds(w.stranger, "bertil") == []

    def test_it_finds_a_person_made_active_again(self, w):
        user = w.member.user
        user.is_active = False
        user.save()
        user.is_active = True
        user.save()
        assert finds(w.stranger, "bertil") == [f"person:{w.member.pk}"]


class MovingTests:
    def test_it_follows_a_post_moved_to_a_private_community(self, w):
        post = PostPage.objects.get(pk=w.post.pk)
        post.move(w.private, pos="last-child")
        found = entry(post)
        assert found.community_id == w.private.pk
        assert found.url == PostPage.objects.get(pk=post.pk).url
        assert found.url.startswith(w.private.url)
        assert finds(w.stranger, "caretaker") == []
        assert finds(w.member, "caretaker") == [f"post:{post.pk}"]

    def test_it_follows_a_library_item_moved_to_another_library(self, w):
        item = LibraryItemPage.objects.get(pk=w.item.pk)
        library = LibraryPage.objects.child_of(w.private).get()
        item.move(library, pos="last-child")
        assert entry(item).community_id == w.private.pk
        assert finds(w.stranger, "lobby guarding") == []

    def test_it_follows_a_wiki_page_moved_within_its_wiki(self, w):
        parent = make_wiki_page(w.open_, w.author, title="Cleaning", text="All about cleaning.")
        WikiPage.objects.get(pk=w.wiki.pk).move(parent, pos="last-child")
        assert entry(w.wiki).url == WikiPage.objects.get(pk=w.wiki.pk).url

    def test_it_follows_the_subpages_of_a_moved_wiki_page(self, w):
        child = make_wiki_page(w.open_, w.author, title="Mop buckets", text="Red and blue.")
        WikiPage.objects.get(pk=child.pk).move(w.wiki, pos="last-child")
        WikiPage.objects.get(pk=w.wiki.pk).move(wiki_of(w.private), pos="last-child")
        assert entry(child).community_id == w.private.pk
        assert entry(child).url == WikiPage.objects.get(pk=child.pk).url
        assert finds(w.stranger, "buckets") == []

    def test_it_follows_the_subpages_of_a_wiki_page_with_a_new_slug(self, w):
        child = make_wiki_page(w.open_, w.author, title="Mop buckets", parent=w.wiki)
        page = WikiPage.objects.get(pk=w.wiki.pk)
        page.slug = "mops"
        page.save_revision().publish()
        assert entry(w.wiki).url == WikiPage.objects.get(pk=w.wiki.pk).url
        assert entry(child).url == WikiPage.objects.get(pk=child.pk).url


class RebuildTests:
    def rebuild(self):
        out = io.StringIO()
        call_command("rebuild_search", stdout=out)
        return out.getvalue()

    def test_it_writes_every_entry_and_prints_a_summary(self, w):
        expected = SearchEntry.objects.count()
        SearchEntry.objects.all().delete()
        output = self.rebuild()
        assert SearchEntry.objects.count() == expected
        assert f"Indexed {expected} entries and removed 0 stale ones" in output
        for step in ("people", "posts", "library", "wiki"):
            assert step in output
        assert finds(w.stranger, "caretaker") == [f"post:{w.post.pk}"]
        assert finds(w.member, "kestrelite") == [f"post:{w.private_post.pk}"]
        assert finds(w.stranger, "kestrelite") == []

    def test_it_removes_stale_entries(self, w):
        before = SearchEntry.objects.count()
        stale = SearchEntry.objects.create(key="post:999999", kind="post", title="Ghost", url="/")
        SearchAccess.objects.create(entry=stale, key=permissions.EVERYONE)
        assert finds(w.stranger, "ghost") == ["post:999999"]
        output = self.rebuild()
        assert "removed 1 stale ones" in output
        assert not SearchEntry.objects.filter(key="post:999999").exists()
        assert SearchEntry.objects.count() == before
        assert finds(w.stranger, "ghost") == []

    def test_it_rewrites_entries_that_drifted(self, w):
        SearchEntry.objects.filter(key=f"post:{w.post.pk}").update(title="Wrong", body="")
        SearchAccess.objects.filter(entry__key=f"post:{w.private_post.pk}").update(key="open")
        self.rebuild()
        assert entry(w.post).title == "Lobby visit"
        assert finds(w.stranger, "caretaker") == [f"post:{w.post.pk}"]
        assert finds(w.stranger, "kestrelite") == []

    def test_it_leaves_out_content_that_should_not_be_found(self, w):
        PostPage.objects.filter(pk=w.post.pk).update(live=False)
        self.rebuild()
        assert entry(w.post) is None
