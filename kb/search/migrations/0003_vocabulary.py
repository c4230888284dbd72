from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")  # levenshtein()
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS kb_search_term_trgm "
            "ON kb_search_searchterm USING gin (word gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS kb_search_term_trgm")


class Migration(migrations.Migration):
    dependencies = [("kb_search", "0002_postgres_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=60, unique=True)),
            ],
            options={"verbose_name": "search vocabulary word"},
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
