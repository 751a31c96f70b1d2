from django.db import migrations

# Languages offered on the profile form; people may be given others by the demo or an admin.
CODES = [
    "ar", "da", "de", "en", "es", "fa", "fi", "fr", "hi", "it", "ja", "nl", "no",
    "pl", "pt", "ru", "so", "sv", "tr", "uk", "zh-hans",
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("people.Language")
    for code in CODES:
        Language.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_initial")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
