from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _


class LoginRequiredUnlessPublic(LoginRequiredMiddleware):
    """Send anonymous visitors to the login page unless the view is listed in PUBLIC_VIEWS.

    Django's own middleware trusts a `login_required = False` marking on the view, which some
    third-party views carry (REST framework views, Wagtail's login forms). Guild decides in one
    place instead: the PUBLIC_VIEWS setting, by URL name.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in settings.PUBLIC_VIEWS:
            return None
        return self.handle_no_permission(request, view_func)

    def get_login_url(self, view_func):
        return settings.LOGIN_URL


class UserLanguage:
    """Speak the language a signed-in person chose on their profile.

    Django's LocaleMiddleware runs before authentication and picks the language from the
    cookie or the browser; once the user is known, their own choice wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = user.language if user is not None and user.is_authenticated else ""
        if chosen and chosen in dict(settings.LANGUAGES) and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class RejectNulBytes:
    """Answer 400 to a request whose path or query string holds a NUL byte.

    No honest link carries one, and PostgreSQL refuses NUL in text, so letting it reach a
    database lookup would end in a 500. Posted forms keep their own check, which shows the
    error next to the field and keeps what the person typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            # This runs before LocaleMiddleware, so it picks the visitor's language itself.
            with translation.override(translation.get_language_from_request(request)):
                return HttpResponseBadRequest(_("Bad request: a NUL character is not allowed."))
        return self.get_response(request)


def _has_nul(query):
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )
