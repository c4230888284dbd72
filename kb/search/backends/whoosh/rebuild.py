"""The writer of a full rebuild: every record into one new segment, postings gathered in memory.

What reaches the segment is what Whoosh's writer writes, block for block (the dumps compare);
only the way there is shorter.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from whoosh import writing

from .fast_analysis import fast_indexer


@dataclass(slots=True)
class TermPostings:
    """A term's postings in the new segment, in document order."""

    ids: array = field(default_factory=lambda: array("I"))
    weights: array = field(default_factory=lambda: array("d"))
    values: list = field(default_factory=list)  # encoded positions or frequency, shared


class TermPool:
    """A full rebuild's postings, gathered per field and term in memory.

    Whoosh's PostingPool keeps every posting as a tuple, sorts runs of them to temporary files
    and merges the runs at commit (most of a large build's time). Documents arrive in order,
    so each term's postings are already sorted: only the terms need sorting. Positions lists
    repeat (a word at position 3), so equal values are shared.
    """

    def __init__(self):
        self.fields: dict[str, dict[bytes, TermPostings]] = {}
        self.shared_values: dict[bytes, bytes] = {}

    def add(self, item):
        """Whoosh's PostingPool.add (for its merges; the rebuild adds inline)."""
        fieldname, btext, docnum, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        postings = terms.get(btext)
        if postings is None:
            postings = terms[btext] = TermPostings()
        postings.ids.append(docnum)
        postings.weights.append(weight)
        postings.values.append(self.shared_values.setdefault(value, value) if value else value)

    def cleanup(self):
        self.fields = {}
        self.shared_values = {}


class RebuildWriter(writing.SegmentWriter):
    """A SegmentWriter for a full rebuild into one new segment (commit with mergetype=CLEAR).

    The postings come from TermPool, and each block is filled as Whoosh fills it, a block at a
    time instead of one posting per call (codec.PostingsWriter.add_term_postings), with each
    document's field length read once per field instead of once per posting.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        self._fast = {name: fast_indexer(field) for name, field in self.schema.items()}

    def add_document(self, **fields):
        """SegmentWriter.add_document for the fields schema.fields_of() gives (no boosts, no
        stored overrides, no vectors), with the fast indexers and the pool inline."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool.fields
        shared = self.pool.shared_values
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fast = self._fast.get(fieldname)
                    items = fast(value) if fast is not None else field.index(value)
                    scorable = field.scorable
                    terms = pool.get(fieldname)
                    if terms is None:
                        terms = pool[fieldname] = {}
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        postings = terms.get(tbytes)
                        if postings is None:
                            postings = terms[tbytes] = TermPostings()
                        postings.ids.append(docnum)
                        postings.weights.append(weight)
                        postings.values.append(
                            shared.setdefault(vbytes, vbytes) if vbytes else vbytes
                        )
                if field.separate_spelling() or field.vector:
                    raise ValueError(f"{fieldname}: spelling or vector fields are not supported")
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            self._write_postings(lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _write_postings(self, lengths):
        fieldwriter = self.fieldwriter
        count = self.docnum
        for fieldname in sorted(self.pool.fields):
            fieldobj = self.schema[fieldname]
            terms = self.pool.fields.pop(fieldname)
            if fieldobj.scorable:
                field_lengths = [
                    lengths.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)
                ]
            else:
                field_lengths = None  # no length column: Whoosh passes 0, which is not kept
            fieldwriter.start_field(fieldname, fieldobj)
            for btext in sorted(terms):
                postings = terms[btext]
                fieldwriter.start_term(btext)
                fieldwriter.postings_writer.add_term_postings(
                    postings.ids, postings.weights, postings.values, field_lengths
                )
                fieldwriter.finish_term()
            fieldwriter.finish_field()
