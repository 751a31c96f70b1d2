from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "intranet.taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, Page
        from wagtail.signals import page_published, page_unpublished

        from intranet import i18n

        from . import models, names

        for model in (
            models.Division,
            models.Location,
            models.JobFunction,
            models.Customer,
            models.Product,
            models.TagName,
        ):
            post_save.connect(names.forget, sender=model, dispatch_uid=f"names-{model.__name__}")
            post_delete.connect(
                names.forget, sender=model, dispatch_uid=f"names-d-{model.__name__}"
            )
        post_save.connect(i18n.forget_locales, sender=Locale, dispatch_uid="forget-locales")
        for signal in (page_published, page_unpublished):
            signal.connect(i18n.forget_titles, dispatch_uid=f"forget-titles-{id(signal)}")
        post_delete.connect(i18n.forget_titles, sender=Page, dispatch_uid="forget-titles-delete")
        post_delete.connect(i18n.forget_locales, sender=Locale, dispatch_uid="forget-locales-d")
