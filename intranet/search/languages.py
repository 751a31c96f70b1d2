"""How search reads each content language: stems on SQLite, PostgreSQL's text-search
configurations, Elasticsearch's language analysers.

An entry's text is analysed in its own language. A query does not say which language it is
in, so its words are analysed in every language, and an entry matches when they match as
typed or as analysed in the entry's own language: Swedish "kunderna" (stem "kund") finds a
Swedish "kund" but not a German "Kunde", and French stems never match English text. People,
whose entries have no language, are read as the source language (English). A language with
no analyser here is matched word for word ('simple' on PostgreSQL, the standard analyser on
Elasticsearch, no stems on SQLite).
"""

import functools
import re
import threading

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Case, Q, Value, When
from wagtail.search.query import And, Or, Phrase, PlainText

# The Snowball stemmer, the PostgreSQL configuration and the Elasticsearch analyser of each
# language share these names; another language needs a line here (and fields in elastic.py).
ANALYSERS = {"en": "english", "sv": "swedish", "de": "german", "fr": "french"}
SIMPLE = "simple"  # PostgreSQL's configuration without stems or stop words
WORD = re.compile(r"\w+")
# SQLite: a stem as stored and searched, tagged with its language ("sv0kund"), so a stem
# only matches entries in its own language, and never a word of the text itself.
STEM = "{code}0{stem}"
_local = threading.local()  # a Snowball stemmer keeps state: one per thread and language


def analysed_as(language):
    """The language an entry's text is read in: its own, the source language for entries
    without one (people), None for a language without an analyser (word for word)."""
    code = language or settings.LANGUAGE_CODE
    return code if code in ANALYSERS else None


def _stemmer(name):
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


# SQLite


def stemmed(language, text):
    """The stems of the words of `text` in `language`, each once and tagged (STEM); empty for
    a language without a stemmer."""
    code = analysed_as(language)
    if code is None:
        return ""
    words = dict.fromkeys(WORD.findall(text.casefold()))
    stems = _stemmer(ANALYSERS[code]).stemWords(list(words))
    return " ".join(dict.fromkeys(STEM.format(code=code, stem=stem) for stem in stems if stem))


@functools.lru_cache(maxsize=4096)
def _stems_by_language(word):
    folded = word.casefold()
    return tuple((code, _stemmer(name).stemWord(folded)) for code, name in ANALYSERS.items())


def stems(word):
    """The other forms a query word may have in some language, for marking and ranking."""
    found = {stem for _code, stem in _stems_by_language(word) if stem}
    return tuple(sorted(found - {word.casefold()}))


def parts(query):
    """The words (PlainText) and "phrases" (Phrase) of a parsed query, which ANDs them."""
    if isinstance(query, And):
        return [part for subquery in query.subqueries for part in parts(subquery)]
    return [query] if isinstance(query, PlainText | Phrase) else []


def with_stems(query):
    """A parsed query (wagtail.search.query) for SQLite's stored stems, or None.

    Each word matches as typed, or as its stem in a language among the stems of an entry in
    that language: "kunderna" becomes kunderna OR en0kunderna OR sv0kund OR de0kunderna OR
    fr0kundern. Quoted phrases match the text as typed, as before.
    """
    found = []
    for part in parts(query):
        if isinstance(part, Phrase):
            found.append(part)
            continue
        for word in part.query_string.split():
            tokens = WORD.findall(word)
            if len(tokens) != 1:  # "e-mail" is a phrase of two tokens to SQLite
                found.append(PlainText(word))
                continue
            forms = [
                STEM.format(code=code, stem=stem)
                for code, stem in _stems_by_language(tokens[0])
                if stem
            ]
            found.append(Or([PlainText(word), *map(PlainText, forms)]))
    return And(found) if found else None


# PostgreSQL


def _configurations():
    """(configuration, the entries read in it) for every configuration entries are read in."""
    found = []
    for code, name in ANALYSERS.items():
        codes = [code, ""] if code == analysed_as("") else [code]
        found.append((name, Q(language__in=codes)))
    found.append((SIMPLE, ~Q(language__in=[*ANALYSERS, ""])))
    return found


def search_vector():
    """The `vector` of entries: title and body read in the configuration of each row's
    language (for an UPDATE of one entry or of many)."""
    config = Case(
        *(When(entries, then=Value(name)) for name, entries in _configurations()),
        default=Value(SIMPLE),
    )
    return SearchVector("title", "body", config=config)


def postgres_match(query):
    """A filter (Q) for the entries matching a parsed query in their own configuration, or
    None: its words (and "phrases") read in each configuration, each reading matched against
    the entries of that configuration, so a GIN index on `vector` answers every branch."""
    terms = [
        (part.query_string, "phrase" if isinstance(part, Phrase) else "plain")
        for part in parts(query)
    ]
    if not terms:
        return None
    found = Q()
    for name, entries in _configurations():
        matched = None
        for text, kind in terms:
            term = SearchQuery(text, config=name, search_type=kind)
            matched = term if matched is None else matched & term
        found |= entries & Q(vector=matched)
    return found
