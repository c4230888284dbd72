"""Search's own tables: the queue of pending index changes, and the PostgreSQL backend's index."""

from django.db import models


class PendingChange(models.Model):
    """A record whose index entry must be rebuilt or removed.

    Written in the same transaction as the change itself, so a change that commits is never lost:
    whichever process next holds the index lock drains the queue (kb.search.indexing.drain).
    """

    key = models.CharField("record", max_length=64, help_text="<type>:<primary key>")
    created_at = models.DateTimeField("queued", auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "pending index change"

    def __str__(self):
        return self.key


class SearchDocument(models.Model):
    """One indexed record, for the PostgreSQL backend (unused by Whoosh).

    What the page shows of a hit. On PostgreSQL each row has a narrow twin in
    kb_search_searchmatch (made by migration 0005, written and read only by
    kb.search.backends.postgres.sql): the GIN-indexed vector and what a search reads of every
    matching row. On SQLite the table stays empty.
    """

    key = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=20, db_index=True)
    title = models.TextField()
    url = models.CharField(max_length=500)
    slug = models.CharField(max_length=255, blank=True, default="")
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)
    name_keys = models.TextField(blank=True)
    people_keys = models.TextField(blank=True)
    orgs = models.TextField(blank=True)
    topics = models.TextField(blank=True)
    figures = models.TextField(blank=True)
    # The hit's Russian and Kazakh title, text and figures (JSON, kb.search.localized).
    languages = models.TextField(blank=True, default="")
    datekey = models.IntegerField(default=0)
    digest = models.CharField(max_length=40)

    class Meta:
        verbose_name = "search document"

    def __str__(self):
        return self.key


class SearchTerm(models.Model):
    """The PostgreSQL backend's vocabulary for "Did you mean" (trigram-indexed on PostgreSQL).

    Words are added as records are indexed and never removed: a suggestion is only shown when
    it finds more than what was typed, so a word no longer in use is harmless.
    """

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = "search vocabulary word"

    def __str__(self):
        return self.word


class SearchKey(models.Model):
    """The PostgreSQL backend's vocabulary of folded name keys, per field (the record's own names,
    its people's, its organizations'): a misspelt name is expanded against it into the keys
    within one or two edits before the search. Like SearchTerm,
    rows are only added; a key no record holds any longer expands to nothing."""

    field = models.CharField(max_length=1)
    word = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["field", "word"], name="kb_search_key_unique")
        ]
        verbose_name = "search name key"

    def __str__(self):
        return f"{self.field}:{self.word}"


class SearchFacetValue(models.Model):
    """A facet value ("~type:event", "~year:2023") and the small number that stands for it in
    the PostgreSQL index's per-record `facets` array, which a search counts in one pass."""

    id = models.AutoField(primary_key=True)
    value = models.CharField(max_length=140, unique=True)

    class Meta:
        verbose_name = "search facet value"

    def __str__(self):
        return self.value
