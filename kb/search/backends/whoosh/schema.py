"""The index's fields, its analysers, and a record (SearchDoc) as the fields Whoosh is given."""

from __future__ import annotations

from whoosh import analysis, columns, fields

from ...documents import SearchDoc
from ...localized import pack
from ...text import STOP_WORDS, fold, words
from ..base import digest

# Facet name (as the page and the API say it) -> the field holding its values.
FACET_FIELDS = {
    "type": "type",
    "topic": "topic_slugs",
    "org": "org_slugs",
    "year": "years",
    "role": "roles",
}
FACET_NAMES = {fieldname: name for name, fieldname in FACET_FIELDS.items()}

SIMPLE = analysis.RegexTokenizer(r"\w+") | analysis.LowercaseFilter()
# PostgreSQL's stop words (text.py), not Whoosh's own shorter list: the same words dropped on both.
STEM = analysis.StemmingAnalyzer(stoplist=STOP_WORDS, minsize=1)


def schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        title=fields.TEXT(analyzer=STEM, stored=True, field_boost=4.0),
        name_keys=fields.TEXT(analyzer=SIMPLE, field_boost=4.0),
        people=fields.TEXT(analyzer=SIMPLE, field_boost=2.0),
        orgs=fields.TEXT(analyzer=SIMPLE, phrase=False),
        topics=fields.TEXT(analyzer=STEM, field_boost=1.5, phrase=False),
        body=fields.TEXT(analyzer=STEM, stored=True),
        # Other spellings of the names in the texts, and the parts of joined words (text.py).
        text_keys=fields.TEXT(analyzer=SIMPLE, field_boost=0.5),
        # Only its word list is read (for "Did you mean"): no positions, no frequencies.
        spell=fields.KEYWORD(scorable=False),
        url=fields.STORED(),
        slug=fields.STORED(),
        figures=fields.STORED(),
        languages=fields.STORED(),  # kb.search.localized
        digest=fields.STORED(),
        day=fields.STORED(),
        # Sort keys as bare columns: a NUMERIC field would also index range terms, which
        # costs more than all the text (dates are only sorted on, never searched).
        date=fields.COLUMN(columns.NumericColumn("I")),
        # Undated records sort last both ways: "oldest first" reads this column.
        date_asc=fields.COLUMN(columns.NumericColumn("I")),
        years=fields.KEYWORD(commas=True),
        topic_slugs=fields.KEYWORD(commas=True),
        org_slugs=fields.KEYWORD(commas=True),
        roles=fields.KEYWORD(commas=True),
    )


def fields_of(doc: SearchDoc) -> dict:
    """The record as add_document() / update_document() keyword arguments."""
    return {
        "key": doc.key,
        "type": doc.type,
        "title": doc.title,
        "name_keys": doc.name_keys,
        "people": doc.people_keys,
        "orgs": fold(doc.orgs),
        "topics": doc.topics,
        "body": doc.body,
        "text_keys": doc.text_keys,
        # Unstemmed words for "Did you mean": a suggestion must read as a real word. Names and
        # titles only: the body's words would cost a third of the indexing time.
        "spell": " ".join(
            {w.lower() for w in words(f"{doc.title} {doc.names} {doc.people} {doc.topics}")}
        ),
        "url": doc.url,
        "slug": doc.slug,
        "figures": doc.figures,
        "languages": pack(doc.languages),
        "digest": digest(doc),
        "day": doc.datekey,
        "date": doc.datekey,
        "date_asc": doc.datekey or 99991231,
        "years": ",".join(map(str, doc.years)),
        "topic_slugs": ",".join(doc.topic_slugs),
        "org_slugs": ",".join(doc.org_slugs),
        "roles": ",".join(doc.roles),
    }
