"""Steps become translatable with their path (wagtail-localize): a locale and a translation
key per step, filled in for existing steps before the columns become required."""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("home", "0003_locales"),
    ]

    operations = [
        migrations.AddField(
            model_name="step",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="step",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        BootstrapTranslatableModel("learning.Step"),
        migrations.AlterField(
            model_name="step",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="step",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="step",
            unique_together={("translation_key", "locale")},
        ),
    ]
