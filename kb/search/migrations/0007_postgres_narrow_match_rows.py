"""PostgreSQL only: the match rows get narrow (docs/benchmarks.md, "Several servers").

PostgreSQL moves a value out of line only when its row passes ~2 kB, so the ~1 kB vector stayed
in every match row and a search visited ~1.3 kB per match. Each row is now written with
`toast_trigger`, 2 kB of spaces: the row passes the threshold, the spaces compress to ~30 bytes
in line and the vector (storage EXTERNAL) goes to the TOAST table, down to toast_tuple_target.
What a search reads of every match (id, date, facet numbers, head) is ~350 bytes; the vector is
fetched only to check a phrase or a field weight the head does not hold. Rebuild the index once
after this migration for the speed (`manage.py rebuild_index`): rows written before it are
right, only wide, until then.
"""

from django.db import migrations

from ._postgres import run

FORWARD = [
    "ALTER TABLE kb_search_searchmatch ADD COLUMN IF NOT EXISTS toast_trigger text",
    "ALTER TABLE kb_search_searchmatch ALTER COLUMN toast_trigger SET STORAGE EXTENDED",
    "ALTER TABLE kb_search_searchmatch SET (toast_tuple_target = 256)",
]
BACKWARD = [
    "ALTER TABLE kb_search_searchmatch DROP COLUMN IF EXISTS toast_trigger",
    "ALTER TABLE kb_search_searchmatch SET (toast_tuple_target = 512)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0006_search_document_slug"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
