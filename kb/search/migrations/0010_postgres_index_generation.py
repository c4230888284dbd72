"""PostgreSQL only: a token every write to the index replaces (docs/benchmarks.md, "Several
servers"). A web server keeps the stems and name expansions it asked the database for
(kb/search/backends/postgres/prepared.py) while the token it read with them is current: a
change saved through any server gives a new token, and its next search asks again. Random
rather than a counter, so a table emptied and refilled never repeats an old token.
"""

from django.db import migrations

from ._postgres import run

FORWARD = [
    "CREATE TABLE IF NOT EXISTS kb_search_searchgeneration (token uuid NOT NULL)",
    "INSERT INTO kb_search_searchgeneration (token) SELECT gen_random_uuid() "
    "WHERE NOT EXISTS (SELECT 1 FROM kb_search_searchgeneration)",
]
BACKWARD = ["DROP TABLE IF EXISTS kb_search_searchgeneration"]


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0009_postgres_facet_sets"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
