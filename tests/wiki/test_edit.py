"""Writing wiki pages from the front end: creating, editing, previewing, uploading images,
hostile markup, bad input, and two people editing the same page at once."""

import datetime
import html
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.json import KT
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from intranet.community.membership import community_collection
from intranet.wiki.models import Watch, WikiPage
from tests.builders import (
    add_member,
    image_upload,
    make_community,
    make_person,
    png_claiming_size,
)
from tests.community.helpers import built_once, fresh, login, reload, text
from tests.wiki.builders import edit_form, make_wiki_page, wiki_of

Image = get_image_model()
Document = get_document_model()


def _build():
    world = SimpleNamespace(
        rep=make_person("rep"),
        sponsor=make_person("sponsor", first_name="Anders"),
        community=make_community("Sales Community"),
        other=make_community("Bid Team", preset="bid_team"),
    )
    add_member(world.community, world.rep)
    add_member(world.community, world.sponsor)
    add_member(world.other, world.rep)
    world.wiki = wiki_of(world.community)
    world.page = make_wiki_page(
        world.community,
        world.rep,
        "Office cleaning",
        "What we offer.\n\nDaily cleaning of offices.",
    )
    return world


world = built_once(_build)


@pytest.fixture
def w(db, world):
    return fresh(world)


def _new_url(w):
    return f"/wiki/{w.wiki.pk}/new/"


def _edit_url(page):
    return f"/wiki/pages/{page.pk}/edit/"


def _new_data(**changes):
    data = {"title": "Night patrol", "parent": "", "body": "We walk the site.", "watch": "on"}
    data.update(changes)
    return data


def _summaries(page):
    """The edit summary of each revision, oldest first (the summary lives in the content)."""
    revisions = page.revisions.annotate(summary=KT("content__edit_summary"))
    return list(revisions.order_by("created_at", "pk").values_list("summary", flat=True))


def _state(page):
    """What a refused request must leave alone: the page's text, title and revisions."""
    page = reload(page)
    return page.title, list(page.body.raw_data), page.latest_revision_id, page.revisions.count()


class _FormReader(HTMLParser):
    """The values the editor's form would send back: inputs with a name, and the text area."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self._textarea = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") in ("hidden", "text"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def _form_values(response):
    reader = _FormReader()
    reader.feed(text(response))
    values = reader.values
    values.pop("csrfmiddlewaretoken", None)
    if "body" in values:
        values["body"] = values["body"].removeprefix("\n")  # Django's textarea adds one
    return values


class CreatePageTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_prefills_the_title_from_a_missing_link(self, client, w):
        response = login(client, w.rep).get(_new_url(w), {"title": "Night patrol"})
        assert response.status_code == 200
        assert response.context["form"].initial["title"] == "Night patrol"
        assert 'value="Night patrol"' in text(response)
        assert not WikiPage.objects.filter(title="Night patrol").exists()

    def test_it_prefills_the_parent_and_escapes_a_hostile_title(self, client, w):
        response = login(client, w.rep).get(
            _new_url(w), {"title": "<script>alert(1)</script>", "parent": w.page.pk}
        )
        assert response.status_code == 200
        assert response.context["form"].initial["parent"] == str(w.page.pk)
        assert "<script>alert(1)</script>" not in text(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text(response)

    def test_it_publishes_a_page_under_the_chosen_parent(self, client, w):
        response = login(client, w.rep).post(
            _new_url(w), _new_data(parent=w.page.pk, summary="Started the night patrol page")
        )

        page = WikiPage.objects.get(title="Night patrol")
        assert response.status_code == 302 and response["Location"] == page.url
        assert page.live and page.get_parent().pk == w.page.pk
        assert page.community_id == w.community.pk
        assert page.owner == w.rep.user and page.curator == w.rep.user
        assert page.review_by == timezone.localdate() + datetime.timedelta(days=180)
        revision = page.latest_revision
        assert page.revisions.count() == 1 and revision.user == w.rep.user
        assert _summaries(page) == ["Started the night patrol page"]
        assert Watch.objects.filter(page=page, user=w.rep.user).exists()
        shown = client.get(page.url)
        assert shown.status_code == 200 and "We walk the site." in text(shown)

    def test_it_publishes_at_the_top_of_the_wiki_without_a_parent(self, client, w):
        response = login(client, w.sponsor).post(_new_url(w), _new_data(watch=""))
        page = WikiPage.objects.get(title="Night patrol")
        assert response.status_code == 302 and response["Location"] == page.url
        assert page.get_parent().pk == w.wiki.pk
        assert page.curator == w.sponsor.user
        assert _summaries(page) == ["Created the page"]  # the default summary
        assert not Watch.objects.filter(page=page).exists()  # the box was left unticked

    def test_it_refuses_a_title_the_wiki_already_has(self, client, w):
        before = WikiPage.objects.count()
        response = login(client, w.sponsor).post(_new_url(w), _new_data(title="office  CLEANING"))
        assert response.status_code == 400
        assert response.context["form"].errors["title"] == [
            "This wiki already has a page with this title."
        ]
        assert WikiPage.objects.count() == before

    def test_it_allows_the_same_title_in_another_community(self, client, w):
        other = w.other
        response = login(client, w.rep).post(
            f"/wiki/{wiki_of(other).pk}/new/", _new_data(title="Office cleaning")
        )
        assert response.status_code == 302
        pages = WikiPage.objects.filter(title="Office cleaning")
        assert sorted(page.community_id for page in pages) == sorted([w.community.pk, other.pk])

    @pytest.mark.parametrize("title", ["Prices [2026]", "Prices ]", "A | B", "Step #1"])
    def test_it_refuses_titles_with_link_characters(self, client, w, title):
        before = WikiPage.objects.count()
        response = login(client, w.rep).post(_new_url(w), _new_data(title=title))
        assert response.status_code == 400
        assert (
            "Titles cannot contain these characters"
            in (response.context["form"].errors["title"][0])
        )
        assert WikiPage.objects.count() == before

    def test_it_refuses_a_parent_from_another_wiki(self, client, w):
        other = w.other
        foreign = make_wiki_page(other, w.rep, "Tender calendar")
        before = WikiPage.objects.count()
        response = login(client, w.rep).post(_new_url(w), _new_data(parent=foreign.pk))
        assert response.status_code == 400
        assert "parent" in response.context["form"].errors
        assert WikiPage.objects.count() == before

    def test_it_does_not_let_a_reader_who_may_not_contribute_write(self, client, w, outsider):
        before = WikiPage.objects.count()
        login(client, outsider)  # may read the open community, has not joined
        assert client.get(_new_url(w)).status_code == 403
        assert client.post(_new_url(w), _new_data()).status_code == 403
        assert WikiPage.objects.count() == before

    def test_it_previews_a_new_page_without_creating_it(self, client, w):
        before = WikiPage.objects.count()
        response = login(client, w.rep).post(
            _new_url(w), _new_data(body="## Rounds\n\nEvery **two** hours.", preview="1")
        )
        assert response.status_code == 200
        assert "Not saved yet." in text(response)
        assert "Every <strong>two</strong> hours." in text(response)
        assert WikiPage.objects.count() == before


class EditPageTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_shows_the_form_with_the_current_text(self, client, w):
        response = login(client, w.sponsor).get(_edit_url(w.page))
        assert response.status_code == 200
        values = _form_values(response)
        assert values["title"] == "Office cleaning"
        assert values["body"] == "What we offer.\n\nDaily cleaning of offices.\n"
        assert values["base_revision"] == str(w.page.latest_revision_id)

    def test_it_publishes_a_new_revision_with_its_author_and_summary(self, client, w):
        response = login(client, w.sponsor).post(
            _edit_url(w.page),
            edit_form(w.page, body="What we offer.\n\nWeekly window cleaning.", summary="Windows"),
        )

        assert response.status_code == 302 and response["Location"] == w.page.url
        page = reload(w.page)
        assert "Weekly window cleaning." in page.body.raw_data[-1]["value"]
        assert page.revisions.count() == 2
        assert page.latest_revision.user == w.sponsor.user
        latest = page.revisions.annotate(summary=KT("content__edit_summary")).get(
            pk=page.latest_revision_id
        )
        assert latest.summary == "Windows"
        assert _summaries(page) == ["First version", "Windows"]
        assert Watch.objects.filter(page=page, user=w.sponsor.user).exists()
        assert "Weekly window cleaning." in text(client.get(page.url))

    def test_it_renames_a_page_but_not_onto_another_pages_title(self, client, w):
        make_wiki_page(w.community, w.rep, "Window cleaning")
        login(client, w.sponsor)
        refused = client.post(_edit_url(w.page), edit_form(w.page, title="WINDOW cleaning"))
        assert refused.status_code == 400 and "title" in refused.context["form"].errors
        assert reload(w.page).title == "Office cleaning"
        renamed = client.post(_edit_url(w.page), edit_form(w.page, title="Office Cleaning"))
        assert renamed.status_code == 302  # its own title, in other capitals, is fine
        assert reload(w.page).title == "Office Cleaning"

    def test_it_previews_an_edit_without_saving_it(self, client, w):
        before = _state(w.page)
        response = login(client, w.sponsor).post(
            _edit_url(w.page),
            edit_form(w.page, body="Now with *night* cleaning.", summary="Night", preview="1"),
        )
        assert response.status_code == 200
        assert response.context["preview"] is not None
        assert "Not saved yet." in text(response)
        assert "Now with <em>night</em> cleaning." in text(response)
        assert _state(w.page) == before
        assert "Now with" not in text(client.get(w.page.url))


# Hostile markup

HOSTILE_MARKUP = "\n\n".join(
    [
        "Hello <script>alert('body')</script> team.",
        '<img src="x.png" onerror="alert(1)"> and <b onclick="alert(2)">bold</b>',
        "[click](javascript:alert(3)) [again]( JaVaScRiPt:alert(4)) <javascript:alert(5)>",
        '<a href="javascript:alert(6)">raw link</a> [data](data:text/html,alert(7))',
        "## <script>alert('heading')</script>",
        '> [!WARNING]\n> <iframe src="javascript:alert(8)"></iframe> careful',
        "| <script>alert('cell')</script> | b |\n| --- | --- |\n| <svg onload=alert(9)> | d |",
        "- <style>p{}</style> item with [a real link](https://example.com/)",
    ]
)


class _TagAudit(HTMLParser):
    """Collects what would run in a browser: script-like tags, event handlers, script URLs."""

    DANGEROUS_TAGS = {"script", "iframe", "svg", "style", "img", "object", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            url = re.sub(r"\s", "", (value or "")).lower()
            if name in ("href", "src") and url.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{name}={value}")


def _dangers(markup_html):
    audit = _TagAudit()
    audit.feed(markup_html)
    return audit.found


def _stored_html(page):
    """Every piece of HTML or text the page's blocks store, as one string."""
    return repr(list(reload(page).body.raw_data))


class SanitisingTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_never_stores_scripts_handlers_or_script_links(self, client, w):
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, body=HOSTILE_MARKUP, summary="Tricky")
        )
        assert response.status_code == 302
        page = reload(w.page)
        stored = "".join(
            block["value"]
            for block in page.body.raw_data
            if block["type"] == "text" and isinstance(block["value"], str)
        )
        stored += "".join(
            block["value"]["text"] for block in page.body.raw_data if block["type"] == "callout"
        )
        assert _dangers(stored) == []
        assert "<script" not in stored and "<iframe" not in stored and "<img" not in stored
        assert not re.search(r"<[^>]*\son\w+\s*=", stored)  # no event handler in any tag
        assert re.findall(r'<a [^>]*href="([^"]*)"', stored) == ["https://example.com/"]
        assert '<a href="https://example.com/">a real link</a>' in stored
        assert "<b>bold</b>" not in stored  # raw HTML is text, never markup
        shown = text(client.get(page.url))
        body = shown[
            shown.index('<div class="wiki-body">') : shown.index('<aside class="wiki-side"')
        ]
        assert _dangers(body) == []
        assert "&lt;script&gt;alert(&#x27;heading&#x27;)&lt;/script&gt;" in body or (
            "&lt;script&gt;alert(&#39;heading&#39;)&lt;/script&gt;" in body
        )

    def test_the_preview_is_sanitised_too(self, client, w):
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, body=HOSTILE_MARKUP, preview="1")
        )
        assert response.status_code == 200
        shown = text(response)
        preview = shown[shown.index('id="preview-heading"') : shown.index("<form")]
        assert _dangers(preview) == []
        assert _stored_html(w.page) == repr(list(w.page.body.raw_data))  # nothing saved


# Images and documents


def _foreign_image(community, title="Competitor logo"):
    image = Image(title=title, file=image_upload("logo.png"))
    image.collection = community_collection(community)
    image.save()
    return image


def _document(collection, title="Price list"):
    document = Document(
        title=title,
        file=SimpleUploadedFile("prices.pdf", b"%PDF-1.4\n%%EOF\n"),
        collection=collection,
    )
    document.save()
    return document


class ImageTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_uploads_an_image_and_places_it_at_the_end_without_saving(self, client, w):
        before, images = _state(w.page), Image.objects.count()
        data = edit_form(w.page, body="Our van:\n\n", upload="1")
        data["image"] = image_upload("Service van.png")
        response = login(client, w.sponsor).post(_edit_url(w.page), data)

        assert response.status_code == 200
        assert Image.objects.count() == images + 1
        image = Image.objects.latest("pk")
        assert image.title == "Service van"
        assert image.collection_id == reload(w.community).collection_id is not None
        assert image.uploaded_by_user == w.sponsor.user
        snippet = f"![Service van](image:{image.pk})"
        body = response.context["form"]["body"].value()
        assert body == f"Our van:\n\n{snippet}\n"
        assert _form_values(response)["body"] == body  # what the textarea shows
        assert "The image is uploaded and placed at the end of the text." in text(response)
        assert _state(w.page) == before

        saved = client.post(_edit_url(w.page), _form_values(response))
        assert saved.status_code == 302
        assert reload(w.page).body.raw_data[-1]["value"] == {
            "image": image.pk,
            "caption": "Service van",
        }

    def test_it_uploads_an_image_on_a_new_page_without_creating_it(self, client, w):
        pages = WikiPage.objects.count()
        data = _new_data(upload="1", image=image_upload("map.png"))
        response = login(client, w.rep).post(_new_url(w), data)
        assert response.status_code == 200
        image = Image.objects.get(title="map")
        assert image.collection_id == reload(w.community).collection_id
        assert response.context["form"]["body"].value().endswith(f"![map](image:{image.pk})\n")
        assert WikiPage.objects.count() == pages

    def test_it_does_not_publish_when_upload_is_pressed_without_a_file(self, client, w):
        before = _state(w.page)
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, body="Half written", upload="1")
        )
        assert response.status_code in (200, 400)
        assert _state(w.page) == before

    @pytest.mark.parametrize(
        "upload",
        [
            pytest.param(
                lambda: SimpleUploadedFile("fake.png", b"just text", content_type="image/png"),
                id="text-named-png",
            ),
            pytest.param(
                lambda: SimpleUploadedFile(
                    "bomb.png", png_claiming_size(20000, 20000), content_type="image/png"
                ),
                id="claims-400-megapixels",
            ),
        ],
    )
    def test_it_refuses_files_that_are_not_usable_images(self, client, w, upload):
        before, images = _state(w.page), Image.objects.count()
        data = edit_form(w.page, body="Changed", upload="1")
        data["image"] = upload()
        response = login(client, w.sponsor).post(_edit_url(w.page), data)
        assert response.status_code == 400
        assert response.context["form"].errors["image"]
        assert Image.objects.count() == images
        assert _state(w.page) == before

    def test_it_refuses_an_image_of_another_community(self, client, w):
        other = w.other
        foreign = _foreign_image(other)
        before = _state(w.page)
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, body=f"![Logo](image:{foreign.pk})")
        )
        assert response.status_code == 400
        assert response.context["form"].errors["body"] == [
            f"There is no image {foreign.pk} among those this community can use."
        ]
        assert _state(w.page) == before

    def test_it_refuses_a_document_of_another_community_and_one_that_does_not_exist(
        self, client, w
    ):
        other = w.other
        foreign = _document(community_collection(other))
        before = _state(w.page)
        body = f"[Their prices](document:{foreign.pk})\n\nSee [this](document:999999) too."
        response = login(client, w.sponsor).post(_edit_url(w.page), edit_form(w.page, body=body))
        assert response.status_code == 400
        assert response.context["form"].errors["body"] == [
            f"There is no document {foreign.pk} among those this community can use.",
            "There is no document 999999 among those this community can use.",
        ]
        assert _state(w.page) == before

    def test_it_accepts_the_communitys_own_files_and_shared_ones(self, client, w):
        own = _document(community_collection(w.community), "Our prices")
        shared = Image(title="Company logo", file=image_upload("logo.png"))
        shared.collection = Collection.get_first_root_node()
        shared.save()
        body = f"[Our prices](document:{own.pk})\n\n![Logo](image:{shared.pk})"
        response = login(client, w.sponsor).post(_edit_url(w.page), edit_form(w.page, body=body))
        assert response.status_code == 302
        kinds = [block["type"] for block in reload(w.page).body.raw_data]
        assert kinds == ["document", "image"]


# Bad input


class BadInputTests:
    __test__ = True  # pytest collects only Test* classes unless told

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            pytest.param({"base_revision": None}, "base_revision", id="no-base-revision"),
            pytest.param({"base_revision": "abc"}, "base_revision", id="base-revision-abc"),
            pytest.param({"base_revision": "0"}, "base_revision", id="base-revision-zero"),
            pytest.param({"body": "x" * 100_001}, "body", id="body-too-long"),
            pytest.param({"body": ""}, "body", id="empty-body"),
            pytest.param({"title": ""}, "title", id="empty-title"),
            pytest.param({"title": "   "}, "title", id="blank-title"),
            pytest.param({"title": "x" * 201}, "title", id="title-too-long"),
            pytest.param({"body": "Fine\x00text"}, "body", id="nul-in-body"),
            pytest.param({"title": "Nul\x00title"}, "title", id="nul-in-title"),
            pytest.param({"body": "![a](image:1) inline ![b](image:2)"}, "body", id="inline-img"),
        ],
    )
    def test_it_answers_400_and_saves_nothing(self, client, w, changes, field):
        before = _state(w.page)
        data = edit_form(w.page, summary="Bad")
        data.update(changes)
        data = {key: value for key, value in data.items() if value is not None}
        response = login(client, w.sponsor).post(_edit_url(w.page), data)
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert _state(w.page) == before

    @pytest.mark.parametrize("base", ["99999999999999999999", "-1"])
    def test_it_never_fails_on_an_out_of_range_base_revision(self, client, w, base):
        before = _state(w.page)
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, base_revision=base)
        )
        assert response.status_code in (400, 409)
        assert _state(w.page) == before

    def test_it_treats_a_revision_of_another_page_as_a_conflict(self, client, w):
        other = make_wiki_page(w.community, w.rep, "Window cleaning", "Secret other text")
        before = _state(w.page)
        response = login(client, w.sponsor).post(
            _edit_url(w.page), edit_form(w.page, base_revision=other.latest_revision_id)
        )
        assert response.status_code == 409
        assert _state(w.page) == before
        assert "Secret other text" not in text(response)


# Two people editing at once


class ConcurrentEditTests:
    __test__ = True  # pytest collects only Test* classes unless told

    def test_it_never_overwrites_and_lets_the_second_editor_merge(self, w):
        rep_client, sponsor_client = login(Client(), w.rep), login(Client(), w.sponsor)
        rep_form = _form_values(rep_client.get(_edit_url(w.page)))
        sponsor_form = _form_values(sponsor_client.get(_edit_url(w.page)))
        first = w.page.latest_revision_id
        assert rep_form["base_revision"] == sponsor_form["base_revision"] == str(first)

        sponsor_text = "What we offer.\n\nDaily cleaning of offices.\n\nSponsor: window cleaning."
        saved = sponsor_client.post(
            _edit_url(w.page),
            {**sponsor_form, "body": sponsor_text, "summary": "Windows", "watch": "on"},
        )
        assert saved.status_code == 302
        second = reload(w.page).latest_revision_id
        assert second != first

        rep_text = "What we offer.\n\nDaily cleaning of offices.\n\nRep: carpet shampooing."
        conflict = rep_client.post(
            _edit_url(w.page),
            {**rep_form, "body": rep_text, "summary": "Carpets", "watch": "on"},
        )

        assert conflict.status_code == 409
        page = reload(w.page)
        assert page.latest_revision_id == second and page.revisions.count() == 2
        assert "Sponsor: window cleaning." in repr(list(page.body.raw_data))  # nothing overwritten
        assert "Rep: carpet shampooing." not in repr(list(page.body.raw_data))
        shown = text(conflict)
        assert "Someone else changed this page while you were editing" in shown
        retry = _form_values(conflict)
        assert retry["body"] == rep_text  # the rep's text is still in the editor
        assert retry["base_revision"] == str(second)  # the next save merges onto the latest
        assert re.search(r"<ins>[^<]*Sponsor: window cleaning\.[^<]*</ins>", shown)
        assert "Carpets" not in _summaries(page)
        assert conflict.context["conflict"]["latest"].pk == second

        merged = rep_text + "\n\nSponsor: window cleaning."
        saved_again = rep_client.post(_edit_url(w.page), {**retry, "body": merged})
        assert saved_again.status_code == 302 and saved_again["Location"] == w.page.url
        page = reload(w.page)
        live = repr(list(page.body.raw_data))
        assert "Rep: carpet shampooing." in live and "Sponsor: window cleaning." in live
        assert page.revisions.count() == 3
        history = page.revisions.order_by("created_at", "pk")
        assert [revision.user for revision in history] == [
            w.rep.user,
            w.sponsor.user,
            w.rep.user,
        ]
        assert _summaries(page) == ["First version", "Windows", "Carpets"]
        history_page = rep_client.get(f"/wiki/pages/{page.pk}/history/")
        assert "Windows" in text(history_page) and "Carpets" in text(history_page)

    def test_the_same_form_sent_twice_is_a_conflict_not_a_duplicate(self, client, w):
        login(client, w.sponsor)
        data = edit_form(w.page, body="Changed once.", summary="Once")
        assert client.post(_edit_url(w.page), data).status_code == 302
        again = client.post(_edit_url(w.page), data)
        assert again.status_code == 409
        assert reload(w.page).revisions.count() == 2
        assert html.escape("Changed once.") in text(again)
