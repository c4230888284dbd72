"""Full-text search: one backend interface, a Whoosh backend and a PostgreSQL backend.

The rest of Kenes talks only to this package; nothing outside it imports whoosh.
"""
