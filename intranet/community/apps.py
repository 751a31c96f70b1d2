from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "intranet.community"
    verbose_name = _("Communities")

    def ready(self):
        from . import signals  # noqa: F401
