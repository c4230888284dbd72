"""PostgreSQL only: a record's facet values as three sets (docs/benchmarks.md, "Several servers").

A search counted every facet value of every match (six a record on average). Each match row
now holds three numbers instead: its set of type, year and role values, its set of topics and
its set of organizations (kb_search_searchfacetset, one row per distinct set). Many records
share a set, so a search counts three numbers per match, then the few distinct sets' values.
The rows already written are converted here; no rebuild is needed.
"""

from django.db import migrations

from ._postgres import run

GROUPS = {
    "basic_facets": "('~type', '~year', '~role')",
    "topic_facets": "('~topic')",
    "org_facets": "('~org')",
}

FORWARD = [
    "CREATE TABLE IF NOT EXISTS kb_search_searchfacetset ("
    " id serial PRIMARY KEY, facets integer[] NOT NULL UNIQUE)",
    "ALTER TABLE kb_search_searchmatch "
    + ", ".join(f"ADD COLUMN IF NOT EXISTS {c} integer NOT NULL DEFAULT 0" for c in GROUPS),
    "CREATE TEMP TABLE kenes_facet_groups AS SELECT m.id, "
    + ", ".join(
        f"coalesce(array_agg(v ORDER BY v) FILTER (WHERE split_part(f.value, ':', 1) IN {kinds}),"
        f" '{{}}') AS {column}"
        for column, kinds in GROUPS.items()
    )
    + " FROM kb_search_searchmatch m LEFT JOIN LATERAL unnest(m.facets) v ON true"
    " LEFT JOIN kb_search_searchfacetvalue f ON f.id = v GROUP BY m.id",
    "INSERT INTO kb_search_searchfacetset (facets) "
    + " UNION ".join(f"SELECT {c} FROM kenes_facet_groups" for c in GROUPS)
    + " ON CONFLICT DO NOTHING",
    "UPDATE kb_search_searchmatch m SET "
    + ", ".join(
        f"{c} = (SELECT s.id FROM kb_search_searchfacetset s WHERE s.facets = g.{c})"
        for c in GROUPS
    )
    + " FROM kenes_facet_groups g WHERE g.id = m.id",
    "DROP TABLE kenes_facet_groups",
    "ALTER TABLE kb_search_searchmatch DROP COLUMN IF EXISTS facets",
]
BACKWARD = [
    "ALTER TABLE kb_search_searchmatch "
    "ADD COLUMN IF NOT EXISTS facets integer[] NOT NULL DEFAULT '{}'",
    "ALTER TABLE kb_search_searchmatch ALTER COLUMN facets SET STORAGE MAIN",
    "UPDATE kb_search_searchmatch m SET facets = coalesce((SELECT array_agg(v) "
    "FROM kb_search_searchfacetset s, unnest(s.facets) v "
    f"WHERE s.id IN ({', '.join(f'm.{c}' for c in GROUPS)})), '{{}}')",
    "ALTER TABLE kb_search_searchmatch " + ", ".join(f"DROP COLUMN IF EXISTS {c}" for c in GROUPS),
    "DROP TABLE IF EXISTS kb_search_searchfacetset",
]


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0008_search_document_languages"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
