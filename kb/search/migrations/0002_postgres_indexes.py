"""PostgreSQL only: pg_trgm, a GIN index on the stored search vector, trigram indexes on names.

On SQLite there is nothing to do (the PostgreSQL backend is not used there).
"""

from django.db import migrations

from ._postgres import run

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS kb_search_doc_vector_gin ON kb_search_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS kb_search_doc_names_trgm ON kb_search_searchdocument USING gin (name_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS kb_search_doc_people_trgm ON kb_search_searchdocument USING gin (people_keys gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS kb_search_doc_people_trgm",
    "DROP INDEX IF EXISTS kb_search_doc_names_trgm",
    "DROP INDEX IF EXISTS kb_search_doc_vector_gin",
]


class Migration(migrations.Migration):
    dependencies = [("kb_search", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
