"""Languages of the interface and of the content: the switcher, the profile's choice, reading a
page in your language or in its source language with a notice, and one identity per page and
per term whatever the language."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from intranet.community.models import CommunityIndexPage, CommunityPage
from intranet.i18n import attach_translations, source_of
from intranet.taxonomy.models import Division, TagName
from intranet.wiki.models import WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login, text
from tests.wiki.builders import make_wiki_page

pytestmark = pytest.mark.django_db


def swedish():
    return Locale.objects.get(language_code="sv")


def translate(page, **fields):
    """A published Swedish translation of `page`, made as wagtail-localize makes one."""
    translation = page.specific.copy_for_translation(swedish(), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


@pytest.fixture
def world():
    community = make_community("Sales Community")
    writer = make_person("writer")
    reader = make_person("reader")
    for person in (writer, reader):
        add_member(community, person)
    page = make_wiki_page(community, writer, title="Office cleaning", text="What we offer.")
    return community, writer, reader, page


def switch(client, language, next_url="/"):
    return client.post(reverse("choose_language"), {"language": language, "next": next_url})


def test_the_four_languages_are_configured_with_a_locale_each():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "sv", "de", "fr"]
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "sv", "de", "fr"}


def test_switching_language_saves_it_and_the_interface_follows(client, world):
    _community, _writer, reader, page = world
    login(client, reader)
    response = switch(client, "sv", page.url)
    assert response.status_code == 302
    assert response["Location"] == page.url
    reader.user.refresh_from_db()
    assert reader.user.language == "sv"
    assert UserProfile.get_for_user(reader.user).preferred_language == "sv"
    swedish_page = client.get(page.url)
    assert '<html lang="sv">' in text(swedish_page)
    assert 'value="sv" lang="sv" selected' in text(swedish_page)
    switch(client, "en", page.url)
    assert '<html lang="en">' in text(client.get(page.url))


def test_the_profile_choice_wins_over_the_browser(client, world):
    _community, _writer, reader, page = world
    reader.user.language = "de"
    reader.user.save()
    response = login(client, reader).get(page.url, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="de">' in text(response)


def test_without_a_choice_the_browser_language_is_used(client, world):
    _community, _writer, reader, page = world
    response = login(client, reader).get(page.url, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr">' in text(response)


def test_the_switcher_is_on_every_page_even_the_login_page(client, world):
    login_page = client.get(reverse("login"))
    assert 'name="language"' in text(login_page)
    response = switch(client, "sv", reverse("login"))
    assert response.status_code == 302
    assert '<html lang="sv">' in text(client.get(reverse("login")))
    _community, _writer, reader, page = world
    for url in ("/", "/communities/", page.url, reverse("people:directory")):
        assert 'action="/language/"' in text(login(client, reader).get(url)), url


@pytest.mark.parametrize(
    "data",
    [
        {"language": "xx"},
        {"language": ""},
        {},
        {"language": ["sv", "de"]},
    ],
)
def test_an_unknown_language_is_refused(client, world, data):
    _community, _writer, reader, _page = world
    response = login(client, reader).post(reverse("choose_language"), data)
    if data.get("language") == ["sv", "de"]:
        # A repeated field: the last value is what Django reads; it is a valid language.
        assert response.status_code == 302
    else:
        assert response.status_code == 400
    assert login(client, reader).get(reverse("choose_language")).status_code == 405


def test_the_switcher_never_sends_anyone_off_site(client, world):
    _community, _writer, reader, _page = world
    login(client, reader)
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = switch(client, "sv", target)
        assert response["Location"] == "/", target


def test_switching_drops_a_language_asked_for_in_the_address(client, world):
    _community, _writer, reader, page = world
    response = switch(login(client, reader), "sv", f"{page.url}?language=en&x=1")
    assert response["Location"] == f"{page.url}?x=1"


def test_a_translated_page_is_read_in_the_readers_language_at_the_same_address(client, world):
    _community, _writer, reader, page = world
    translated = translate(page, title="Kontorsstädning")
    assert translated.url == page.url  # one address in every language
    login(client, reader)
    assert "Office cleaning" in text(client.get(page.url))
    switch(client, "sv")
    response = client.get(page.url)
    assert response.status_code == 200
    assert '<h1 lang="sv">Kontorsstädning' in text(response)
    assert response.context["page"].pk == page.pk  # comments, watching, history: the source
    # Anyone may read another language on purpose.
    switch(client, "en")
    assert '<h1 lang="sv">Kontorsstädning' in text(client.get(page.url + "?language=sv"))
    english = text(client.get(page.url))
    assert '<h1 lang="en">Office cleaning' in english
    assert 'href="?language=sv"' in english


def test_an_untranslated_page_shows_its_source_with_a_notice_never_a_404(client, world):
    community, _writer, reader, page = world
    translate(community, title="Säljcommunityn")  # its community is translated, the page is not
    login(client, reader)
    switch(client, "sv")
    response = client.get(page.url)
    assert response.status_code == 200
    assert '<h1 lang="en">Office cleaning' in text(response)
    assert response.context["missing_language"] == "svenska"
    assert 'class="translation-notice"' in text(response)
    # Pages nobody translated at all, and the tree's index pages, open too.
    for url in ("/", "/communities/", community.url, page.get_parent().url):
        assert client.get(url).status_code == 200, url


def test_a_translation_carries_text_only_and_never_counts_as_a_second_page(client, world):
    community, _writer, reader, page = world
    translated_community = translate(community, title="Säljcommunityn")
    translated_page = translate(page, title="Kontorsstädning")
    assert translated_page.community_id is None
    assert source_of(translated_page).pk == page.pk
    assert source_of(translated_community).pk == community.pk
    # No second community: not in lists, not to join, not in anyone's memberships.
    assert list(CommunityPage.objects.live().filter(locale__language_code="en")) == [community]
    login(client, reader)
    response = client.get("/communities/")
    assert [c.pk for c in response.context["communities"]] == [community.pk]
    assert client.post(reverse("community:join", args=[translated_community.pk])).status_code == 404
    assert client.get(reverse("wiki:edit_page", args=[translated_page.pk])).status_code == 404
    # The community's sections are copies of the source's (made for the translated wiki page),
    # never sections added to the translation by themselves.
    children = Page.objects.child_of(translated_community)
    assert [source_of(child).pk for child in children] == [page.get_parent().pk]


def test_listings_show_translated_titles_without_a_query_per_row(world, django_assert_num_queries):
    community, *_ = world
    others = [make_community(f"Community {n}") for n in range(3)]
    translate(community, title="Säljcommunityn")
    pages = list(CommunityPage.objects.filter(pk__in=[community.pk, *(c.pk for c in others)]))
    from django.utils import translation

    with translation.override("sv"), django_assert_num_queries(2):  # translations, specific
        attach_translations(pages)
    titles = {page.pk: (page.content.title, page.content_language) for page in pages}
    assert titles[community.pk] == ("Säljcommunityn", "sv")
    assert titles[others[0].pk] == ("Community 0", "en")


def test_the_community_index_lists_translated_names(client, world):
    community, _writer, reader, _page = world
    translate(community, title="Säljcommunityn")
    login(client, reader)
    switch(client, "sv")
    assert "Säljcommunityn" in text(client.get("/communities/"))


def test_terms_keep_one_identity_and_show_their_name_in_the_readers_language(client, world):
    _community, _writer, reader, _page = world
    division = Division.objects.get(pk=reader.division_id) if reader.division_id else None
    if division is None:
        division = Division.objects.create(
            name="Facility", slug="facility-x", locale=Locale.get_default()
        )
        reader.division = division
        reader.save()
    swedish_division = division.copy_for_translation(swedish())
    swedish_division.name = "Fastighetsservice"
    swedish_division.save()
    from django.utils import translation

    with translation.override("en"):
        assert str(division) == division.name
    with translation.override("sv"):
        assert str(division) == "Fastighetsservice"
        assert str(Division.objects.get(pk=division.pk)) == "Fastighetsservice"
    login(client, reader)
    switch(client, "sv")
    assert "Fastighetsservice" in text(client.get(reader.get_absolute_url()))


def test_tags_are_one_tag_with_a_name_per_language(world):
    from django.utils import translation
    from taggit.models import Tag

    from intranet.home.templatetags.guild import tag_name

    tag = Tag.objects.create(name="public tenders", slug="public-tenders")
    TagName.objects.create(tag=tag, language="sv", name="offentlig upphandling")
    with translation.override("en"):
        assert tag_name(tag) == "public tenders"
    with translation.override("sv"):
        assert tag_name(tag) == "offentlig upphandling"
    with translation.override("de"):
        assert tag_name(tag) == "public tenders"
    TagName.objects.filter(tag=tag).update(name="upphandling")  # update() sends no signal…
    TagName.objects.get(tag=tag).save()  # …a save in the admin does, and clears the names
    with translation.override("sv"):
        assert tag_name(tag) == "upphandling"


def test_the_source_tree_routes_every_address_whatever_the_language(client, world):
    community, _writer, reader, page = world
    home = Page.objects.get(depth=2, locale__language_code="en")
    translate(home.specific, title="Hem")
    translate(community, title="Säljcommunityn")  # its parents come along
    assert CommunityIndexPage.objects.filter(locale__language_code="sv").exists()
    login(client, reader)
    switch(client, "sv")
    for url in ("/", community.url, page.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["page"].locale.language_code == "en", url


def test_the_wiki_page_keeps_its_query_count_when_translated(
    client, world, django_assert_max_num_queries
):
    _community, _writer, reader, page = world
    login(client, reader)
    switch(client, "sv")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as untranslated:
        client.get(page.url)
    translate(page, title="Kontorsstädning")
    with CaptureQueriesContext(connection) as translated:
        client.get(page.url)
    # The translated home page hands routing to the source's, and the translation is loaded.
    assert len(translated) <= len(untranslated) + 2


def test_machine_translation_is_off_unless_configured():
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")


def test_numbers_follow_the_readers_language(client):
    from decimal import Decimal

    from intranet.leads import services
    from tests.leads.builders import make_lead, sales_community, seller

    community = sales_community()
    giver = seller("giver", "Facility", "Gothenburg", community)
    taker = seller("taker", "Technical", "Hamburg", community)
    lead = make_lead(giver, taker, status="contacted")
    services.close(lead, taker.user, "won", value=Decimal("85000"))
    login(client, giver)
    url = reverse("leads:detail", args=[lead.pk])
    assert "85,000 EUR" in text(client.get(url))
    switch(client, "sv")
    assert "85\xa0000 EUR" in text(client.get(url))
    switch(client, "de")
    assert "85.000 EUR" in text(client.get(url))


def test_dates_follow_the_readers_language(client, world):
    from django.utils import dateformat, timezone, translation

    _community, _writer, reader, page = world
    edited = timezone.localtime(page.latest_revision.created_at)
    login(client, reader)
    for language in ("sv", "fr"):
        with translation.override(language):
            month = dateformat.format(edited, "F")
        switch(client, language)
        assert f"{edited.day} {month} {edited.year}" in text(client.get(page.url)), language


def test_synchronised_trees_add_aliases_that_never_count_as_translations(client, world):
    """An admin may tick "synchronise from English" for a locale (Settings → Locales): every
    page then gets an alias in that locale's tree, ready to be converted into a translation.
    Until it is, readers get the source with the notice, and nothing is listed twice."""
    from django.core.management import call_command
    from wagtail_localize.models import LocaleSynchronization

    community, _writer, reader, page = world
    LocaleSynchronization.objects.create(locale=swedish(), sync_from=Locale.get_default())
    call_command("sync_locale_trees")
    alias = WikiPage.objects.get(translation_key=page.translation_key, locale=swedish())
    assert alias.alias_of_id == page.pk
    assert alias.community_id is None
    login(client, reader)
    switch(client, "sv")
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.context["content"].pk == page.pk
    assert response.context["missing_language"] == "svenska"
    assert [c.pk for c in client.get("/communities/").context["communities"]] == [community.pk]


def test_breadcrumbs_name_the_community_in_the_readers_language_and_follow_changes(client, world):
    community, _writer, reader, page = world
    login(client, reader)
    switch(client, "sv")
    assert ">Sales Community</a>" in text(client.get(page.url))
    translated = translate(community, title="Säljnätverket")
    assert ">Säljnätverket</a>" in text(client.get(page.url))  # the cached titles were cleared
    translated.unpublish()
    assert ">Sales Community</a>" in text(client.get(page.url))


def test_news_is_read_in_the_readers_language_with_its_comments_on_the_source(client, world):
    from tests.builders import make_comment, make_post

    community, writer, reader, _page = world
    news = make_post(
        community, writer, kind="news", title="New office in Malmö", body="<p>We move.</p>"
    )
    make_comment(news, reader, body="Welcome!")
    translate(news, title="Nytt kontor i Malmö", body="<p>Vi flyttar.</p>")
    login(client, reader)
    switch(client, "sv")
    page = text(client.get(news.url))
    assert '<h1 lang="sv">Nytt kontor i Malmö' in page
    assert "Vi flyttar." in page and "We move." not in page
    assert "Welcome!" in page  # the conversation stays on the one post


def test_admins_name_tags_in_other_languages_in_the_admin(client, world, django_user_model):
    from taggit.models import Tag

    admin = make_person("admin", is_superuser=True, is_staff=True)
    tag = Tag.objects.create(name="public tenders", slug="public-tenders")
    login(client, admin)
    assert client.get(reverse("tag_names:index")).status_code == 200
    response = client.post(
        reverse("tag_names:add"), {"tag": tag.pk, "language": "sv", "name": "offentlig upphandling"}
    )
    assert response.status_code == 302
    assert TagName.objects.get(tag=tag, language="sv").name == "offentlig upphandling"
    refused = client.post(reverse("tag_names:add"), {"tag": tag.pk, "language": "xx", "name": "x"})
    assert refused.status_code == 200  # the form again, with its error
    assert not TagName.objects.filter(language="xx").exists()
