"""Names of taxonomy terms and tags in the reader's language.

A term's identity is its source-language row (its slug and translation key); translations made
with wagtail-localize only give it other names. A tag is one taggit row whatever the language,
with optional TagName rows for other languages. Every name lookup reads one cached map per
language, so showing a name never costs a query per row; saving a term or a tag name clears it.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

CACHE_KEY = "guild:taxonomy-names:{language}"
CACHE_SECONDS = 300


def _term_models():
    from .models import Customer, Division, JobFunction, Location, Product

    return (Division, Location, JobFunction, Customer, Product)


def _build(language):
    from .models import TagName

    names = {}
    for model in _term_models():
        label = model._meta.label_lower
        rows = model.objects.filter(locale__language_code=language).values_list(
            "translation_key", "name"
        )
        names.update({(label, str(key)): name for key, name in rows})
    tags = TagName.objects.filter(language=language).values_list("tag_id", "name")
    names.update({("tag", tag_id): name for tag_id, name in tags})
    return names


def names_in(language):
    """{(model label, translation key) or ("tag", tag id): name} for one language."""
    key = CACHE_KEY.format(language=language)
    found = cache.get(key)
    if found is None:
        found = _build(language)
        cache.set(key, found, CACHE_SECONDS)
    return found


def forget(**kwargs):
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def _language():
    language = translation.get_language() or settings.LANGUAGE_CODE
    return None if language == settings.LANGUAGE_CODE else language


def term_name(term):
    """A term's name in the active language (its own name when none is given)."""
    language = _language()
    if language is None or term.translation_key is None:
        return term.name
    return names_in(language).get((term._meta.label_lower, str(term.translation_key)), term.name)


def tag_name(tag):
    language = _language()
    if language is None:
        return tag.name
    return names_in(language).get(("tag", tag.pk), tag.name)
