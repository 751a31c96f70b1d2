"""Every string people see is marked for translation, and the Swedish catalogue is complete."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from intranet.leads.models import Status

from .untranslated import find_untranslated, find_untranslated_in_tree

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES = BASE_DIR / "templates"
SWEDISH = BASE_DIR / "intranet" / "locale" / "sv" / "LC_MESSAGES"
# The same flags as `make messages`; a test below keeps the two in step. Without "locale",
# makemessages would write the strings of intranet/ into the shipped catalogue.
IGNORE = [".venv", "tests", "var", "node_modules", "locale"]
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
TAG = re.compile(r"</?[a-z][^>]*>")


class UntranslatedTextTests:
    def test_it_finds_none_in_the_templates(self):
        found = find_untranslated_in_tree(TEMPLATES)
        assert not found, "Mark these for translation:\n" + "\n".join(found)

    @pytest.mark.parametrize(
        "source",
        [
            "<p>Hello</p>",
            "<p>{% if x %}Hello{% endif %}</p>",
            "<p>{{ count }} members</p>",
            '<img src="a.png" alt="A photo">',
            '<a href="/" title="Home">{% translate "Home" %}</a>',
            '<input type="search" placeholder="Search">',
            '<nav aria-label="Main"></nav>',
            '<p aria-description="More about it"></p>',
            '<input type="submit" value="Send">',
            '<option value="" label="Any"></option>',
            '<meta name="description" content="The intranet">',
            '<h2{% if anchor %} id="{{ anchor }}"{% endif %}>Contents</h2>',
            "{% load i18n %}Open it in Guild: {{ link }}",
        ],
    )
    def test_it_reports_literal_text(self, source):
        assert find_untranslated(source), source

    @pytest.mark.parametrize(
        "source",
        [
            '<p>{% translate "Hello" %}</p>',
            "<p>{% blocktranslate with n=name %}Hello {{ n }}{% endblocktranslate %}</p>",
            "{% blocktranslate count n=c %}{{ n }} member{% plural %}{{ n }} members"
            "{% endblocktranslate %}",
            "<p>{{ page.title }} · {{ page.date }} →</p>",
            "<nav aria-label=\"{% translate 'Main' %}\"></nav>",
            '<button type="submit" name="decision" value="approve">{% translate "Yes" %}</button>',
            '<input type="hidden" name="next" value="Home">',
            '<div class="card wide" data-kind="news"></div>',
            "{# a note for developers #}<!-- and another --><p>{{ x }}</p>",
            "{% comment %}Not rendered{% endcomment %}",
            '<script>alert("Hi")</script><style>p::after { content: "Hi"; }</style>',
            "<code>![{{ image.title }}](image:{{ image.pk }})</code>",
            "<p>Guild</p>",
        ],
    )
    def test_it_passes_marked_text(self, source):
        assert find_untranslated(source) == []

    def test_it_reports_the_line(self):
        found = find_untranslated(
            '{% load i18n %}\n<p>{% translate "Ok" %}</p>\n<p>\n  Unmarked</p>'
        )
        assert [(f.line, f.text) for f in found] == [(4, "Unmarked")]


@pytest.fixture(scope="module")
def shipped():
    return polib.pofile(str(SWEDISH / "django.po"))


@pytest.fixture(scope="module")
def in_the_code(tmp_path_factory):
    """The entries makemessages finds in the code today, written to a temporary locale folder."""
    locale = tmp_path_factory.mktemp("locale")
    before = (SWEDISH / "django.po").read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(BASE_DIR)
        patch.setattr(settings, "LOCALE_PATHS", [locale])
        # makemessages appends its default patterns to the list it is given.
        call_command("makemessages", locale=["sv"], ignore_patterns=list(IGNORE), verbosity=0)
    assert (SWEDISH / "django.po").read_bytes() == before, (
        "the check wrote to the shipped catalogue"
    )
    return polib.pofile(str(locale / "sv" / "LC_MESSAGES" / "django.po"))


def _keys(catalogue):
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def _describe(keys):
    return "\n".join(
        f"  {msgid!r}" + (f" ({context})" if context else "")
        for context, msgid in sorted(keys, key=str)
    )


class SwedishCatalogueTests:
    def test_it_holds_every_string_of_the_code(self, shipped, in_the_code):
        missing = _keys(in_the_code) - _keys(shipped)
        assert not missing, "Run `make messages` and translate:\n" + _describe(missing)

    def test_it_holds_no_string_the_code_has_dropped(self, shipped, in_the_code):
        stale = _keys(shipped) - _keys(in_the_code)
        assert not stale, "Run `make messages` to retire:\n" + _describe(stale)

    def test_it_translates_every_entry(self, shipped):
        untranslated = [e.msgid for e in shipped.untranslated_entries() if not e.obsolete]
        fuzzy = [e.msgid for e in shipped.fuzzy_entries()]
        assert not untranslated, f"Untranslated: {untranslated}"
        assert not fuzzy, f"Fuzzy, check and remove the flag: {fuzzy}"

    def test_it_keeps_the_markup_of_every_entry(self, shipped):
        changed = [
            entry.msgid
            for entry in shipped.translated_entries()
            for text in [entry.msgstr, *entry.msgstr_plural.values()]
            if text and sorted(TAG.findall(text)) != sorted(TAG.findall(entry.msgid))
        ]
        assert not changed

    def test_it_declares_swedish_plurals(self, shipped):
        assert shipped.metadata["Language"] == "sv"
        assert "charset=UTF-8" in shipped.metadata["Content-Type"]
        assert shipped.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"

    def test_it_ships_the_compiled_catalogue(self, tmp_path):
        compiled = tmp_path / "django.mo"
        result = subprocess.run(
            [MSGFMT, "--check", "-o", str(compiled), str(SWEDISH / "django.po")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        with open(compiled, "rb") as fresh, open(SWEDISH / "django.mo", "rb") as ours:
            expected = gettext.GNUTranslations(fresh)._catalog
            assert gettext.GNUTranslations(ours)._catalog == expected, (
                "Run `make messages` to compile the catalogue."
            )

    def test_the_makefile_uses_the_same_ignore_flags(self):
        makefile = (BASE_DIR / "Makefile").read_text()
        flags = " ".join(f"--ignore={pattern}" for pattern in IGNORE)
        assert f"makemessages $(MESSAGES_LOCALES) {flags}" in makefile


class SwedishPagesTests:
    def test_it_shows_the_login_page_in_swedish(self, client, db):
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200
        page = response.content.decode()
        assert 'lang="sv"' in page
        assert "Logga in på Guild" in page
        assert "Log in to Guild" not in page

    def test_it_keeps_english_for_english_readers(self, client, db):
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
        assert "Log in to Guild" in response.content.decode()

    def test_it_translates_strings_from_the_code(self):
        with translation.override("sv"):
            assert str(Status.WON.label) == "Vunnet"

    def test_it_refuses_a_nul_byte_in_the_readers_language(self, client, db):
        response = client.get("/people/?q=%00", HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 400
        assert "NUL-tecken är inte tillåtna" in response.content.decode()
