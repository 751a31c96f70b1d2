from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "intranet.library"
    verbose_name = _("Proposal library")

    def ready(self):
        from . import signals  # noqa: F401
