"""The PostgreSQL backend's new layout: facet values in the vector and in a `facets` array of
numbers (SearchFacetValue; no row per value), a vocabulary of folded name keys for typo expansion (no trigram similarity
against every record). Entries written by the older layout are marked stale: run
`manage.py rebuild_index` once (check_index lists them until then).

On SQLite only the tables change (the PostgreSQL backend is not used there).
"""

from django.db import migrations, models

from ._postgres import run

FORWARD = [
    "DROP INDEX IF EXISTS kb_search_doc_people_trgm",
    "DROP INDEX IF EXISTS kb_search_doc_names_trgm",
    "ALTER TABLE kb_search_searchdocument ADD COLUMN IF NOT EXISTS facets integer[] NOT NULL DEFAULT '{}'",
    # What every matching row is read for stays in the row, uncompressed: its facet values'
    # numbers and the vector of its title, names, people and topics that ranks it.
    "ALTER TABLE kb_search_searchdocument ADD COLUMN IF NOT EXISTS head tsvector",
    "ALTER TABLE kb_search_searchdocument ALTER COLUMN vector SET STORAGE EXTERNAL",
    "ALTER TABLE kb_search_searchdocument ALTER COLUMN head SET STORAGE MAIN",
    "ALTER TABLE kb_search_searchdocument ALTER COLUMN facets SET STORAGE MAIN",
    "UPDATE kb_search_searchdocument SET digest = ''",
    "CREATE INDEX IF NOT EXISTS kb_search_key_trgm ON kb_search_searchkey USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS kb_search_key_prefix ON kb_search_searchkey (field, word varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS kb_search_key_prefix",
    "DROP INDEX IF EXISTS kb_search_key_trgm",
    "ALTER TABLE kb_search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED",
    "ALTER TABLE kb_search_searchdocument DROP COLUMN IF EXISTS head",
    "ALTER TABLE kb_search_searchdocument DROP COLUMN IF EXISTS facets",
    "UPDATE kb_search_searchdocument SET digest = ''",
]


class Migration(migrations.Migration):

    dependencies = [
        ('kb_search', '0003_vocabulary'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=1)),
                ('word', models.CharField(max_length=60)),
            ],
            options={
                'verbose_name': 'search name key',
                'constraints': [models.UniqueConstraint(fields=('field', 'word'), name='kb_search_key_unique')],
            },
        ),
        migrations.DeleteModel(
            name='SearchFacet',
        ),
        migrations.CreateModel(
            name='SearchFacetValue',
            fields=[
                ('id', models.AutoField(primary_key=True, serialize=False)),
                ('value', models.CharField(max_length=140, unique=True)),
            ],
            options={
                'verbose_name': 'search facet value',
            },
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
