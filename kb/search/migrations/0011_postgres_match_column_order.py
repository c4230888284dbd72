"""PostgreSQL only: the match table's fixed-width columns first (docs/benchmarks.md, "Several
servers"). A search reads each match's date and facet sets; placed after the variable-length
head and vector, every match row was walked through those to find them (reading the facet sets
of 24,000 matches cost ~5 ms more than reading their dates). The rows are copied as they are
(the vectors stay out of line); no rebuild is needed.
"""

from django.db import migrations

FORWARD = [
    "CREATE TABLE kb_search_searchmatch_new ("
    " id bigint NOT NULL, datekey integer NOT NULL,"
    " basic_facets integer NOT NULL DEFAULT 0, topic_facets integer NOT NULL DEFAULT 0,"
    " org_facets integer NOT NULL DEFAULT 0,"
    " head tsvector NOT NULL, vector tsvector NOT NULL, toast_trigger text"
    ") WITH (toast_tuple_target = 256)",
    "ALTER TABLE kb_search_searchmatch_new ALTER COLUMN head SET STORAGE MAIN,"
    " ALTER COLUMN vector SET STORAGE EXTERNAL",
    "INSERT INTO kb_search_searchmatch_new SELECT id, datekey, basic_facets, topic_facets,"
    " org_facets, head, vector, toast_trigger FROM kb_search_searchmatch",
    "DROP TABLE kb_search_searchmatch",
    "ALTER TABLE kb_search_searchmatch_new RENAME TO kb_search_searchmatch",
    "ALTER TABLE kb_search_searchmatch ADD PRIMARY KEY (id)",
    "CREATE INDEX kb_search_match_vector_gin ON kb_search_searchmatch USING gin (vector)",
    "ANALYZE kb_search_searchmatch",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0010_postgres_index_generation"),
    ]

    # Backward: nothing to undo (the same columns, in another order).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
