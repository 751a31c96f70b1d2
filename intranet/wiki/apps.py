from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "intranet.wiki"
    verbose_name = _("Wiki")

    def ready(self):
        from . import signals  # noqa: F401
