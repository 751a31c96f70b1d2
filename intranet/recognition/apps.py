from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "intranet.recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from . import signals  # noqa: F401
