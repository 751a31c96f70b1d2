"""Languages: the source locale, and which translation of a page a person reads.

Guild has one address per page. Its pages live in the source language's tree (English), where
memberships, comments, progress and permissions are attached. A translation made with
wagtail-localize is a page in another locale's tree that carries the translated text and
nothing else: it has no community of its own and is never routed to directly. When someone
opens a page, they read the live translation in their language if there is one, and the source
with a notice if there is not.
"""

import functools
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

LANGUAGE_PARAMETER = "language"
# Languages that capitalise the names of languages in running text ("English", "Englisch");
# the others write them in lower case ("engelska", "anglais").
CAPITALISED_NAMES = {"en", "de"}


@functools.cache
def source_locale_id():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk


def forget_locales(**kwargs):
    source_locale_id.cache_clear()


def sources(pages):
    """Only the source-language pages of a queryset: the ones memberships, comments, progress
    and permissions hang on. Every query over all pages of a type goes through this."""
    return pages.filter(locale_id=source_locale_id())


def is_translation(page):
    """True for a page outside the source locale (a translation, or an alias of one)."""
    return page.locale_id is not None and page.locale_id != source_locale_id()


def source_of(page):
    """The source-language page a translation was made from (the page itself if it is one)."""
    if not is_translation(page):
        return page
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale_id=source_locale_id())
        .specific()
        .first()
    )
    return source


def choose_language(user, language):
    """Save someone's interface language, for Guild and for the Wagtail admin alike."""
    user.language = language
    user.save(update_fields=["language"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])


def without_language_parameter(url):
    """`url` without ?language=…, so a switch of language is not overruled by the address."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query.pop(LANGUAGE_PARAMETER, None)
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def language_names():
    """{code: name in that language}, in the configured order, for switchers and labels."""
    return {
        code: translation.get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES
    }


def requested_language(request):
    """The content language asked for in the address (?language=sv), else the interface's."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "") if request is not None else ""
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language() or settings.LANGUAGE_CODE


def live_translations(page):
    """{language code: page id} of the page's live versions, itself included; cached until a
    translation is published, unpublished or deleted (that changes the site-wide stamp)."""
    from intranet import caching

    key = f"live-translations:{page.translation_key}:{caching.stamp(caching.SITE)}"
    found = cache.get(key)
    if found is None:
        found = dict(
            Page.objects.filter(
                translation_key=page.translation_key, live=True, alias_of__isnull=True
            ).values_list("locale__language_code", "pk")
        )
        cache.set(key, found, caching.FRAGMENT_SECONDS)
    return found


def reading(page, request):
    """What a page shows this request: `content` (the page or its translation), the language
    it is in, whether the reader's language was missing, and the languages it can be read in.

    The translations come from the cache (see live_translations); a query loads the one to
    show, if any.
    """
    preview = getattr(request, "translation_preview", None)
    if preview is not None and preview.translation_key == page.translation_key:
        return _showing(preview, preview.locale.language_code, [])
    language = requested_language(request)
    found = {code: pk for code, pk in live_translations(page).items() if pk != page.pk}
    names = language_names()
    content, shown = page, settings.LANGUAGE_CODE
    if language in found and not is_translation(page):
        translated = type(page).objects.filter(pk=found[language]).first()
        if translated is not None:
            content, shown = translated, language

    read_in = [
        (code, name, code == shown)
        for code, name in names.items()
        if code == settings.LANGUAGE_CODE or code in found
    ]
    return _showing(content, shown, read_in, missing=language if shown != language else "")


def _showing(content, shown, read_in, missing=""):
    def named(code):  # in the reader's language, as it is written mid-sentence
        name = str(translation.get_language_info(code)["name_translated"])
        return name if translation.get_language() in CAPITALISED_NAMES else name.lower()

    return {
        "content": content,
        "content_language": shown,
        "content_language_name": named(shown),
        "missing_language": named(missing) if missing else "",
        "read_in": read_in,
    }


def attach_translations(pages, language=None):
    """Give every page of a listing a `.content`: its live translation in the reader's language,
    or itself. One query per page type, however long the list."""
    pages = [page for page in pages if page is not None]
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    for page in pages:
        page.content, page.content_language = page, settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not pages:
        return pages
    by_key = {page.translation_key: page for page in pages}
    found = Page.objects.filter(
        translation_key__in=by_key,
        locale__language_code=language,
        live=True,
        alias_of__isnull=True,
    ).specific()
    for translated in found:
        page = by_key[translated.translation_key]
        page.content, page.content_language = translated, language
    return pages


TITLES_KEY = "guild:translated-titles:{language}"


def translated_titles(language):
    """{translation key: title} of every live translation into `language`, cached: what
    listings and breadcrumbs show for a page without a query per page."""
    key = TITLES_KEY.format(language=language)
    found = cache.get(key)
    if found is None:
        rows = Page.objects.filter(
            locale__language_code=language, live=True, alias_of__isnull=True
        ).values_list("translation_key", "title")
        found = {str(translation_key): title for translation_key, title in rows}
        cache.set(key, found, 300)
    return found


def title_in_language(page):
    """A page's title in the active language (its own title when it has no translation)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if page is None or language == settings.LANGUAGE_CODE:
        return getattr(page, "title", "")
    return translated_titles(language).get(str(page.translation_key), page.title)


def forget_titles(sender=None, instance=None, **kwargs):
    if instance is None or is_translation(instance):
        cache.delete_many([TITLES_KEY.format(language=code) for code, _ in settings.LANGUAGES])


def translation_of(page, language):
    """The live translation (not an alias) of a source page into `language`, or None."""
    if language == settings.LANGUAGE_CODE or is_translation(page):
        return None
    found = (
        Page.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=language,
            live=True,
            alias_of__isnull=True,
        )
        .specific()
        .first()
    )
    return found
