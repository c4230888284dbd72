"""A synthetic corpus of realistic shape, for the pages benchmark and the load test.

`build_corpus()` fills the current database with made-up organizations, people, events and
surveys (bulk_create). Names, links and topics look real; the numbers do not mean anything. Every
slug starts with "syn-" except the topics, which reuse the real thesaurus (so fixtures and a
corpus can share one database). The vocabulary is in `words`, the surveys and events in modules
of their own.
"""

from .build import CorpusReport, build_corpus

__all__ = ["CorpusReport", "build_corpus"]
