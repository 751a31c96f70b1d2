"""wagtail-localize's own workflow on Guild's pages: an editor submits a page for translation
in the admin, a translator translates its segments (StreamField blocks included), publishes,
and readers see it; when the source changes, "Sync translations" brings the new text in as
untranslated segments while the rest keeps its translation."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from intranet.learning.models import ModulePage
from intranet.wiki.models import WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login, text
from tests.learning.builders import make_path
from tests.wiki.builders import edit_wiki_page, make_wiki_page

pytestmark = pytest.mark.django_db

SWEDISH = {
    "Office cleaning": "Kontorsstädning",
    "What we offer.": "Det här erbjuder vi.",
    "Daily cleaning of offices and stairwells.": "Daglig städning av kontor och trapphus.",
}


def translate_segments(translation, words):
    """What a translator types in wagtail-localize's editor, segment by segment."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": words.get(segment.string.data, segment.string.data)},
        )


@pytest.fixture
def world():
    community = make_community("Sales Community")
    admin = make_person("admin", is_superuser=True, is_staff=True)
    reader = make_person("reader")
    add_member(community, reader)
    page = make_wiki_page(community, admin, title="Office cleaning", text="What we offer.")
    return community, admin, reader, page


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """wagtail-localize publishes a translation once the transaction commits."""

    def publish(translation, user):
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(user=user, publish=True)

    return publish


def submit(client, page, *locales, subtree=False):
    data = {"locales": [locale.pk for locale in locales]}
    if subtree:
        data["include_subtree"] = "on"
    return client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), data)


def test_an_editor_translates_a_wiki_page_through_the_admin(client, world, publish):
    _community, admin, reader, page = world
    sweden = Locale.objects.get(language_code="sv")
    login(client, admin)
    response = submit(client, page, sweden)
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=page.translation_key)
    assert translation.target_locale == sweden
    translated_page = WikiPage.objects.get(translation_key=page.translation_key, locale=sweden)
    assert translated_page.community_id is None  # text only: the source keeps the structure
    assert translated_page.slug == page.slug  # one address in every language

    translate_segments(translation, SWEDISH)
    publish(translation, admin.user)
    login(client, reader).post(reverse("choose_language"), {"language": "sv", "next": "/"})
    response = client.get(page.url)
    assert response.status_code == 200
    assert '<h1 lang="sv">Kontorsstädning' in text(response)
    assert "Det här erbjuder vi." in text(response)
    assert "What we offer." not in text(response)


def test_a_changed_source_is_synced_and_only_the_new_text_needs_translating(client, world, publish):
    _community, admin, reader, page = world
    sweden = Locale.objects.get(language_code="sv")
    submit(login(client, admin), page, sweden)
    translation = Translation.objects.get(source__object_id=page.translation_key)
    translate_segments(translation, SWEDISH)
    publish(translation, admin.user)
    assert translation.get_progress() == (2, 2)

    edit_wiki_page(page, admin, "What we offer.\n\nDaily cleaning of offices and stairwells.")
    source = TranslationSource.objects.get(object_id=page.translation_key)
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": ""},
    )
    assert response.status_code == 302
    total, done = Translation.objects.get(pk=translation.pk).get_progress()
    assert (total, done) == (3, 2)  # the new paragraph waits for the translator
    translate_segments(translation, SWEDISH)
    publish(translation, admin.user)
    login(client, reader).post(reverse("choose_language"), {"language": "sv", "next": "/"})
    assert "Daglig städning av kontor och trapphus." in text(client.get(page.url))


def test_learning_paths_and_modules_translate_with_their_blocks(client, world, publish):
    community, admin, reader, _page = world
    sweden = Locale.objects.get(language_code="sv")
    module_fields = {"title": "Our services", "text": "We clean offices."}
    steps = [
        {"key": "services", "tier": "formal", "title": "Services", "module": module_fields},
        {"key": "visit", "tier": "transfer", "title": "Visit a customer", "task": "Go with one."},
    ]
    path = make_path(community, admin, title="New sales rep onboarding", steps=steps)
    module = ModulePage.objects.child_of(path).get()
    login(client, admin)
    assert submit(client, path, sweden, subtree=True).status_code == 302
    words = {
        "New sales rep onboarding": "Introduktion för nya säljare",
        "Our services": "Våra tjänster",
        "We clean offices.": "Vi städar kontor.",
        "Services": "Tjänster",
        "Visit a customer": "Besök en kund",
        "Go with one.": "Följ med en mentor.",
    }
    for translation in Translation.objects.filter(target_locale=sweden):
        translate_segments(translation, words)
        publish(translation, admin.user)
    translated = ModulePage.objects.get(translation_key=module.translation_key, locale=sweden)
    assert translated.learning_path_id is None and translated.community_id is None
    login(client, reader).post(reverse("choose_language"), {"language": "sv", "next": "/"})
    assert "Introduktion för nya säljare" in text(client.get(path.url))
    path_page = text(client.get(path.url))
    assert "Tjänster" in path_page and "Services" not in path_page  # steps translate too
    assert "Besök en kund" in path_page and "Följ med en mentor." in path_page
    module_page = text(client.get(module.url))
    assert "Vi städar kontor." in module_page


def test_communities_translate_and_keep_their_members(client, world, publish):
    community, admin, reader, _page = world
    sweden = Locale.objects.get(language_code="sv")
    assert submit(login(client, admin), community, sweden).status_code == 302
    translation = Translation.objects.get(source__object_id=community.translation_key)
    translate_segments(translation, {"Sales Community": "Säljcommunityn"})
    publish(translation, admin.user)
    login(client, reader).post(reverse("choose_language"), {"language": "sv", "next": "/"})
    response = client.get(community.url)
    assert '<h1 lang="sv">Säljcommunityn' in text(response)
    assert response.context["membership"] is not None  # still the reader's community


def test_machine_translation_is_not_offered_unless_configured(client, world):
    _community, admin, _reader, page = world
    sweden = Locale.objects.get(language_code="sv")
    submit(login(client, admin), page, sweden)
    translation = Translation.objects.get(source__object_id=page.translation_key)
    translated_page = WikiPage.objects.get(translation_key=page.translation_key, locale=sweden)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[translated_page.pk]))
    assert editor.status_code == 200
    assert "machineTranslator&quot;: null" in text(editor)
    assert translation.pk


def test_translators_preview_a_translation_as_its_page_will_look(client, world, publish):
    community, admin, _reader, page = world
    sweden = Locale.objects.get(language_code="sv")
    module_fields = {"title": "Our services", "text": "We clean offices."}
    steps = [{"key": "services", "tier": "formal", "title": "Services", "module": module_fields}]
    path = make_path(community, admin, title="New sales rep onboarding", steps=steps)
    login(client, admin)
    submit(client, page, sweden)
    submit(client, path, sweden, subtree=True)
    for translation in Translation.objects.filter(target_locale=sweden):
        translate_segments(translation, {**SWEDISH, "Our services": "Våra tjänster"})
        preview = client.get(reverse("wagtail_localize:preview_translation", args=[translation.pk]))
        assert preview.status_code == 200, translation.source.specific_content_type
        publish(translation, admin.user)
        target = translation.get_target_instance()
        draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[target.pk]))
        assert draft.status_code == 200
    wiki_translation = Translation.objects.get(source__object_id=page.translation_key)
    preview = client.get(
        reverse("wagtail_localize:preview_translation", args=[wiki_translation.pk])
    )
    assert '<h1 lang="sv">Kontorsstädning' in text(preview)
