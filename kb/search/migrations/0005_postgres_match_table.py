"""PostgreSQL only: what a search reads of every matching record moves to a table of its
own, kb_search_searchmatch (docs/benchmarks.md, "Several servers"): the GIN-indexed vector, the
vector of the title, names, people and topics that ranks a hit (kept in line), the date and the
facet values' numbers. Rebuild the index once after this migration (`manage.py rebuild_index`;
check_index lists every record until then).
"""

from django.db import migrations

from ._postgres import run

FORWARD = [
    # Typos are expanded through the unique (field, word) index (backends/postgres/sql.py).
    "DROP INDEX IF EXISTS kb_search_key_prefix",
    "DROP INDEX IF EXISTS kb_search_key_trgm",
    "ALTER TABLE kb_search_searchdocument DROP COLUMN IF EXISTS head",
    "ALTER TABLE kb_search_searchdocument DROP COLUMN IF EXISTS facets",
    "UPDATE kb_search_searchdocument SET digest = ''",
    # toast_tuple_target: a row that is toasted at all (past ~2 kB) has its vector moved out
    # of line down to this size; shorter rows stay as they are.
    """CREATE TABLE IF NOT EXISTS kb_search_searchmatch (
        id bigint PRIMARY KEY,
        datekey integer NOT NULL,
        facets integer[] NOT NULL,
        head tsvector NOT NULL,
        vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 512)""",
    "ALTER TABLE kb_search_searchmatch ALTER COLUMN head SET STORAGE MAIN",
    "ALTER TABLE kb_search_searchmatch ALTER COLUMN facets SET STORAGE MAIN",
    "ALTER TABLE kb_search_searchmatch ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX IF NOT EXISTS kb_search_match_vector_gin ON kb_search_searchmatch USING gin (vector)",
]
BACKWARD = [
    "DROP TABLE IF EXISTS kb_search_searchmatch",
    "ALTER TABLE kb_search_searchdocument ADD COLUMN IF NOT EXISTS facets integer[] NOT NULL DEFAULT '{}'",
    "ALTER TABLE kb_search_searchdocument ADD COLUMN IF NOT EXISTS head tsvector",
    "CREATE INDEX IF NOT EXISTS kb_search_doc_vector_gin ON kb_search_searchdocument USING gin (vector)",
    "UPDATE kb_search_searchdocument SET digest = ''",
]


class Migration(migrations.Migration):

    dependencies = [
        ('kb_search', '0004_postgres_facets_vocabulary'),
    ]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
        migrations.RemoveField(
            model_name='searchdocument',
            name='vector',
        ),
    ]
