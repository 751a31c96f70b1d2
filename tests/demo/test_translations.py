"""The demo's Swedish: the Sales Community, its wiki, the newcomer's onboarding path and the
taxonomy, translated with wagtail-localize, with one wiki page left in English on purpose.

The demo is loaded once for the module, inside a transaction rolled back afterwards; each test
runs in its own transaction inside it. wagtail-localize publishes a translation when the
transaction commits, so the load runs the callbacks a commit would.
"""

import tomllib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from intranet.community.models import CommunityPage
from intranet.demo.translations import (
    FIXTURE,
    LANGUAGE,
    PAGES,
    TERMS,
    UNTRANSLATED_WIKI_PAGE,
    TranslationLoader,
)
from intranet.i18n import source_locale_id, translation_of
from intranet.learning.blocks import questions
from intranet.learning.models import Enrolment, ModulePage, ModuleSource
from intranet.taxonomy.models import Customer, Location
from intranet.wiki.models import WikiPage

DATA = tomllib.loads(FIXTURE.read_text())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(db, demo):
    return demo


def swedish():
    return Locale.objects.get(language_code=LANGUAGE)


def source_pages():
    """The English pages translations.toml translates, with their fixture rows."""
    return [
        (PAGES[row["kind"]].objects.get(slug=row["slug"], locale_id=source_locale_id()), row)
        for row in DATA["pages"]
    ]


def translation_record(instance):
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(instance), target_locale=swedish()
    )


class SwedishDemoTests:
    def test_it_says_it_added_the_translations(self, loaded):
        assert "Swedish translations" in loaded

    def test_every_page_it_promises_is_live_in_swedish_at_the_same_address(self, loaded):
        pages = source_pages()
        assert {row["kind"] for _page, row in pages} == set(PAGES)
        assert sum(row["kind"] == "wiki" for _page, row in pages) >= 4
        for page, _row in pages:
            translated = translation_of(page, LANGUAGE)
            assert translated is not None, page.slug
            assert translated.live and translated.alias_of_id is None, page.slug
            assert translated.slug == page.slug
            assert translated.title != page.title, page.slug

    def test_each_is_a_wagtail_localize_translation_with_nothing_left_in_english(self, loaded):
        for page, _row in source_pages():
            record = translation_record(page)
            total, done = record.get_progress()
            assert record.enabled and total == done > 0, (page.slug, total, done)
        assert not StringTranslation.objects.filter(locale=swedish(), has_error=True).exists()

    def test_the_swedish_is_really_different_from_the_english(self, loaded):
        for page, _row in source_pages():
            segments = StringSegment.objects.filter(source=translation_record(page).source)
            pairs = [
                (segment.string.data, segment.translation)
                for segment in segments.annotate_translation(swedish()).select_related("string")
            ]
            same = [english for english, svenska in pairs if english == svenska]
            assert len(same) * 10 <= len(pairs), (page.slug, same)

    def test_the_newcomers_path_its_modules_and_their_wiki_sources_read_in_swedish(self, loaded):
        path = Enrolment.objects.get(user__username="newcomer").path
        modules = list(ModulePage.objects.filter(learning_path=path))
        assert len(modules) >= 4
        wiki_sources = WikiPage.objects.filter(
            pk__in=ModuleSource.objects.filter(module__in=modules).values("page")
        )
        assert wiki_sources.exists()
        for page in [path, *modules, *wiki_sources]:
            assert translation_of(page, LANGUAGE) is not None, page.slug
        for module in modules:
            translated = translation_of(module, LANGUAGE)
            english, svenska = questions(module.quiz), questions(translated.quiz)
            # Attempts are scored by question and answer ids, so they must survive translation.
            assert [q[0] for q in svenska] == [q[0] for q in english], module.slug
            assert [a[0] for q in svenska for a in q[3]] == [a[0] for q in english for a in q[3]]
            assert {q[1] for q in svenska}.isdisjoint({q[1] for q in english}), module.slug

    def test_one_sales_wiki_page_stays_english_for_the_fallback(self, loaded):
        sales = CommunityPage.objects.get(slug="sales", locale_id=source_locale_id())
        page = WikiPage.objects.get(community=sales, slug=UNTRANSLATED_WIKI_PAGE)
        assert page.live
        assert translation_of(page, LANGUAGE) is None
        assert not Translation.objects.filter(source__object_id=page.translation_key).exists()
        assert UNTRANSLATED_WIKI_PAGE not in {row["slug"] for row in DATA["pages"]}

    def test_a_swedish_reader_gets_the_translation_or_the_english_with_a_notice(
        self, client, loaded
    ):
        assert client.login(username="newcomer", password="demo")
        sales = CommunityPage.objects.get(slug="sales", locale_id=source_locale_id())
        lead_relay = WikiPage.objects.get(community=sales, slug="lead-relay")
        response = client.get(lead_relay.url, {"language": LANGUAGE})
        assert response.status_code == 200
        assert response.context["content_language"] == LANGUAGE
        assert "Så lämnar du över ett lead med leadstafetten" in response.content.decode()
        untranslated = WikiPage.objects.get(community=sales, slug=UNTRANSLATED_WIKI_PAGE)
        response = client.get(untranslated.url, {"language": LANGUAGE})
        assert response.status_code == 200
        assert response.context["content_language"] == "en"
        assert response.context["missing_language"]

    def test_the_taxonomy_terms_have_swedish_names(self, loaded):
        for key, model in TERMS.items():
            for row in DATA[key]:
                source = model.objects.get(slug=row["slug"], locale_id=source_locale_id())
                translated = source.get_translation(swedish())
                assert translated.name == row["name"] and translated.slug == source.slug
                assert translation_record(source).get_progress()[0] > 0
                if "description" in row:
                    assert translated.description != source.description, row["slug"]
        names = dict(Location.objects.filter(locale=swedish()).values_list("slug", "name"))
        assert names["gothenburg"] == "Göteborg" and names["cologne"] == "Köln"
        facility = TERMS["divisions"].objects.get(slug="facility", locale=swedish())
        assert facility.name != "Norrvik Facility"
        office_cleaning = TERMS["products"].objects.get(slug="office-cleaning", locale=swedish())
        assert office_cleaning.division == facility
        assert not Customer.objects.filter(locale=swedish()).exists()  # company names stay

    def test_running_it_again_translates_nothing_twice(self, loaded):
        count = Translation.objects.count()
        assert TranslationLoader(lambda *args: None).run() == 0
        assert Translation.objects.count() == count

    def test_it_stops_naming_the_page_and_the_english_that_has_no_swedish(self, loaded, tmp_path):
        fixture = tmp_path / "translations.toml"
        fixture.write_text(
            f'[[pages]]\nkind = "wiki"\nslug = "{UNTRANSLATED_WIKI_PAGE}"\n\n'
            '[[pages.strings]]\nen = "Manned guarding"\nsv = "Bemannad bevakning"\n'
        )
        with pytest.raises(ValueError, match=UNTRANSLATED_WIKI_PAGE) as failure:
            TranslationLoader(lambda *args: None, fixture=fixture).run()
        assert "no Swedish for" in str(failure.value) and "What it is" in str(failure.value)
        sales = CommunityPage.objects.get(slug="sales", locale_id=source_locale_id())
        page = WikiPage.objects.get(community=sales, slug=UNTRANSLATED_WIKI_PAGE)
        assert translation_of(page, LANGUAGE) is None
        assert not Translation.objects.filter(source__object_id=page.translation_key).exists()
