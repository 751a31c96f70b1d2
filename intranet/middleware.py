from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware


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
