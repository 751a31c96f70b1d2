from django.conf import settings
from django.urls import include, path, re_path, register_converter
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from intranet import views as site_views
from intranet.converters import IdConverter

register_converter(IdConverter, "id")

media_prefix = settings.MEDIA_URL.strip("/")

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("language/", site_views.choose_language, name="choose_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("people/", include("intranet.people.urls")),
    path("c/", include("intranet.community.urls")),
    path("library/", include("intranet.library.urls")),
    path("wiki/", include("intranet.wiki.urls")),
    path("learning/", include("intranet.learning.urls")),
    path("leads/", include("intranet.leads.urls")),
    path("recognition/", include("intranet.recognition.urls")),
    path("notifications/", include("intranet.notifications.urls")),
    path("search/", include("intranet.search.urls")),
    re_path(rf"^{media_prefix}/(?P<path>.+)$", site_views.serve_media, name="serve_media"),
    # Wagtail's page serving comes last: it matches every other path.
    path("", include(wagtail_urls)),
]
