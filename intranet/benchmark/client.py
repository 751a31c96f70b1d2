"""Log a persona in through the real login form and fetch pages with their cookies.

Plain http.client rather than a cookie jar: production marks the session cookie Secure, and a
jar would not send it back over the benchmark's plain http.
"""

from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOGIN_PATH = "/accounts/login/"


class ClientError(Exception):
    pass


class _CsrfField(HTMLParser):
    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = attrs.get("value")


def csrf_token(html):
    parser = _CsrfField()
    parser.feed(html)
    return parser.token


def _cookies(response):
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            found[name] = morsel.value
    return found


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))


def _request(base_url, method, path, headers=None, body=None):
    """(status, headers, body text) for one request, without following redirects."""
    parts = urlsplit(base_url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def login(base_url, username, password, session_cookie="sessionid"):
    """The cookies of a fresh session for the user, from GET and POST of the login form."""
    response, html = _request(base_url, "GET", LOGIN_PATH)
    if response.status != 200:
        raise ClientError(f"GET {LOGIN_PATH} answered {response.status}, not 200.")
    cookies = _cookies(response)
    token = csrf_token(html)
    if not token or not cookies:
        raise ClientError(f"GET {LOGIN_PATH} gave no CSRF token or cookie.")
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    response, _ = _request(
        base_url,
        "POST",
        LOGIN_PATH,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
        body=form,
    )
    cookies.update(_cookies(response))
    if response.status != 302 or session_cookie not in cookies:
        raise ClientError(
            f"Logging in as {username!r} answered {response.status} without a session: "
            "wrong password, or the login form changed."
        )
    return cookies


def status(base_url, path, cookies):
    """(status, Location header) of GET path with the cookies."""
    response, _ = _request(base_url, "GET", path, headers={"Cookie": cookie_header(cookies)})
    return response.status, response.headers.get("Location", "")
