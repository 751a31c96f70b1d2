from django.conf import settings
from django.db import migrations


def add_locales(apps, schema_editor):
    """A wagtail-localize locale for every configured language; admins add more later."""
    Locale = apps.get_model("wagtailcore.Locale")
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
