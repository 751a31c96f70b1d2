"""The demo's Swedish, from fixtures/demo/translations.toml, made with wagtail-localize.

Each page and term is translated the way an editor's translation is made: a TranslationSource
of the English original, a Translation into Swedish, a StringTranslation for every String
segment of the source, then `save_target`. Editors therefore find ordinary translations in the
admin, and "Sync translated pages" keeps working. The fixture pairs each English segment with
its Swedish; a segment without Swedish stops the load, so the demo never shows a page that is
half English. What is already translated is left alone.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from intranet.community.models import CommunityPage
from intranet.i18n import source_locale_id
from intranet.learning.models import LearningPathPage, ModulePage
from intranet.people.models import User
from intranet.taxonomy.models import Division, JobFunction, Location, Product
from intranet.wiki.models import WikiPage

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "translations.toml"
LANGUAGE = "sv"
TRANSLATOR = "editor"  # Sara Nyström, who looks after the Sales wiki and the onboarding path
COMMUNITY = "sales"  # every translated page is this community or inside it
# A Sales wiki page left in English on purpose: Swedish readers get it with a notice.
UNTRANSLATED_WIKI_PAGE = "manned-guarding"
PAGES = {
    "community": CommunityPage,
    "wiki": WikiPage,
    "path": LearningPathPage,
    "module": ModulePage,
}
# In this order: a product's division must be Swedish before the product is.
TERMS = {
    "divisions": Division,
    "locations": Location,
    "job_functions": JobFunction,
    "products": Product,
}
# Segments that are codes, not words: the same in every language, so kept as they are.
CODES = {"slug", "country", "language"}


class TranslationLoader:
    def __init__(self, progress, fixture=FIXTURE):
        self.progress = progress
        with open(fixture, "rb") as f:
            self.data = tomllib.load(f)
        self.locale = Locale.objects.get(language_code=LANGUAGE)
        self.user = User.objects.get(username=TRANSLATOR)

    def run(self):
        work = [
            (model.objects.get(slug=row["slug"], locale_id=source_locale_id()), row)
            for key, model in TERMS.items()
            for row in self.data.get(key, [])
        ]
        work += self._pages()
        created = 0
        for done, (instance, row) in enumerate(work, 1):
            if not self._translated(instance):
                with transaction.atomic():
                    self._translate(instance, row)
                created += 1
            self.progress("translations", done, len(work))
        return created

    def _pages(self):
        """(page, row) for every page in the fixture, parents first."""
        community = CommunityPage.objects.get(slug=COMMUNITY, locale_id=source_locale_id())
        found = []
        for row in self.data.get("pages", []):
            pages = PAGES[row["kind"]].objects.descendant_of(community, inclusive=True)
            found.append((pages.get(slug=row["slug"], locale_id=source_locale_id()), row))
        return sorted(found, key=lambda pair: pair[0].path)

    def _translated(self, instance):
        return Translation.objects.filter(
            source__object_id=instance.translation_key,
            source__locale_id=instance.locale_id,
            target_locale=self.locale,
        ).exists()

    def _translate(self, instance, row):
        label = f"{instance._meta.verbose_name} {instance.slug!r}"
        source, _created = TranslationSource.get_or_create_from_instance(_current_format(instance))
        translation = Translation.objects.create(source=source, target_locale=self.locale)
        if "strings" in row:  # a page: its Swedish by the English it translates
            self._strings(source, label, _pairs(row, label), lambda segment: segment.string.data)
        else:  # a term: its Swedish by field
            texts = {field: text for field, text in row.items() if field != "slug"}
            self._strings(source, label, texts, lambda segment: segment.context.path)
        # Pages are published when the surrounding transaction commits (wagtail-localize
        # publishes in transaction.on_commit); terms are saved at once.
        translation.save_target(user=self.user, publish=True)
        total, done = translation.get_progress()
        if done != total:
            raise ValueError(f"{label}: {total - done} of {total} segments are not in Swedish")
        target = translation.get_target_instance()
        if target.slug != instance.slug:
            raise ValueError(f"{label}: the Swedish slug is {target.slug!r}, not the source's")

    def _strings(self, source, label, texts, key):
        """A StringTranslation for every String segment, its Swedish found in `texts` by
        `key(segment)`; fails naming the English that has no Swedish."""
        segments = (
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        )
        missing, used = [], set()
        for segment in segments:
            english = segment.string.data
            field = segment.context.path.rsplit(".", 1)[-1]
            found = key(segment)
            if field in CODES and found not in texts:
                text = english
            elif found in texts:
                text = texts[found]
                used.add(found)
            else:
                missing.append(english)
                continue
            translated, _created = StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=self.locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "",
                    "last_translated_by": self.user,
                    "has_error": False,
                    "field_error": "",
                },
            )
            if translated.has_error:  # wagtail-localize would quietly show the English
                raise ValueError(
                    f"{label}: the Swedish for {english!r} is not valid for its segment "
                    f"(its inline tags and links must match the English): {text!r}"
                )
        if missing:
            listed = "\n  ".join(repr(item) for item in missing)
            raise ValueError(f"{label}: translations.toml has no Swedish for\n  {listed}")
        unused = [found for found in texts if found not in used]
        if unused:
            listed = "\n  ".join(repr(item) for item in unused)
            raise ValueError(
                f"{label}: translations.toml translates what it no longer has\n  {listed}"
            )


def _pairs(row, label):
    """A page's Swedish, keyed by the English segment it translates."""
    texts = {}
    for pair in row["strings"]:
        # wagtail-localize carries the line breaks of a plain text field as <br/>.
        english, swedish = (pair[code].replace("\n", "<br/>") for code in ("en", "sv"))
        if texts.setdefault(english, swedish) != swedish:
            raise ValueError(f"{label}: two Swedish texts for {english!r}")
    return texts


def _current_format(instance):
    """The instance with its StreamFields read, so that they serialise the way Wagtail stores
    lists today, as items with ids. The wiki markup stores table rows as plain lists, and
    wagtail-localize skips those: without this, tables would stay in English."""
    for field in instance._meta.get_fields():
        if isinstance(field, StreamField):
            list(getattr(instance, field.name))
    return instance
