from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "intranet.learning"
    verbose_name = _("Learning")

    def ready(self):
        from . import signals  # noqa: F401
