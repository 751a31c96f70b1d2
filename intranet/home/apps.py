from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "intranet.home"
    verbose_name = _("Home")

    def ready(self):
        from intranet import caching

        caching.connect()
