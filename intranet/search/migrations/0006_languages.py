"""Each entry's text in its own language: stems for SQLite, a tsvector for PostgreSQL.

On PostgreSQL the vectors of the entries already indexed are filled here, in the text-search
configuration of each entry's language, with a GIN index to match them. SQLite's stems (and
the entries of translations) come with `manage.py rebuild_search`.
"""

import django.contrib.postgres.search
from django.db import migrations, models

INDEX = "guild_searchentry_vector_gin"
FILL = """
UPDATE search_searchentry SET vector = to_tsvector(
    (CASE language
        WHEN '' THEN 'english' WHEN 'en' THEN 'english' WHEN 'sv' THEN 'swedish'
        WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french' ELSE 'simple'
    END)::regconfig,
    coalesce(title, '') || ' ' || coalesce(body, '')
)
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry USING GIN (vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_learning_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="stemmed",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
