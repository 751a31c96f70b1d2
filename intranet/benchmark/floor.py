"""The floor: the smallest Django site, one view answering a fixed 20 KB page.

`make bench` serves it with the same gunicorn settings as Guild, so each page's throughput
reads as a fraction of what Django, gunicorn and wrk manage on this machine with no work at
all. It configures its own settings; run it with `gunicorn intranet.benchmark.floor`.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

PAGE_BYTES = 20 * 1024
_LINE = "<p>Guild benchmark floor: a fixed page, no database, no templates.</p>\n"
_HEAD = "<!doctype html>\n<html><head><title>Floor</title></head><body>\n"
_TAIL = "</body></html>\n"
_BODY = _LINE * ((PAGE_BYTES - len(_HEAD) - len(_TAIL)) // len(_LINE))
PAGE = (_HEAD + _BODY + _TAIL.rjust(PAGE_BYTES - len(_HEAD) - len(_BODY))).encode()


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="floor-only-key-it-signs-nothing",  # noqa: S106
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_I18N=False,
        LOGGING_CONFIG=None,
    )

application = get_wsgi_application()
