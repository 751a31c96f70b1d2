"""Every URL needs a login, except the few that must work before logging in.

The test walks Django's URL resolver and requests a concrete path for every pattern, so a view
added later (ours or a library's) without protection fails here.
"""

from re import _constants as c
from re import _parser

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


def pattern_regex(pattern):
    return pattern.regex.pattern


def walk(patterns, prefix=""):
    for pattern in patterns:
        regex = prefix + pattern_regex(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, regex)
        elif isinstance(pattern, URLPattern):
            yield regex, pattern


def _sample(parsed):
    out = []
    for op, arg in parsed:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL or op is c.ANY:
            out.append("x")
        elif op is c.IN:
            out.append(_sample_set(arg))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, item = arg
            out.append(_sample(item) * max(low, 1))
        elif op is c.SUBPATTERN:
            out.append(_sample(arg[-1]))
        elif op is c.BRANCH:
            out.append(_sample(arg[1][0]))
    return "".join(out)


def _sample_set(items):
    if items and items[0][0] is c.NEGATE:
        return "x"
    op, arg = items[0]
    if op is c.LITERAL:
        return chr(arg)
    if op is c.RANGE:
        return chr(arg[0])
    if op is c.CATEGORY:
        return "1" if arg is c.CATEGORY_DIGIT else "x"
    return "x"


def sample_path(regex):
    """A concrete path that the URL pattern's regex matches."""
    return "/" + _sample(_parser.parse(regex))


ALL_URLS = list(walk(get_resolver().url_patterns))


def test_it_finds_the_sites_urls():
    names = {pattern.name for _, pattern in ALL_URLS}
    assert {"healthz", "login", "directory", "wagtailadmin_home"} <= names
    assert len(ALL_URLS) > 100  # Wagtail's admin alone has hundreds


def test_every_public_view_exists():
    names = {pattern.name for _, pattern in ALL_URLS}
    assert names >= settings.PUBLIC_VIEWS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "regex", [regex for regex, pattern in ALL_URLS if pattern.name not in settings.PUBLIC_VIEWS]
)
def test_anonymous_requests_go_to_the_login_page(client, regex):
    path = sample_path(regex)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith("/accounts/login/"), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/people/", "/people/rep/", "/people/me/edit/", "/no/such/page/", "/admin/login/"]
)
def test_named_pages_redirect_anonymous_visitors(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password_reset/", "/healthz"])
def test_the_public_pages_are_open(client, path):
    assert client.get(path).status_code == 200
