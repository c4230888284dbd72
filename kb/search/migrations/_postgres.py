"""What the PostgreSQL backend's migrations share (a name starting with "_": Django's migration
loader passes it over)."""


def run(statements):
    """A RunPython function that executes `statements` on PostgreSQL and does nothing elsewhere
    (the tables are the PostgreSQL backend's own)."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply
