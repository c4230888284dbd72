"""A search document (SearchDoc) and the parts every type's builder makes one from.

A builder (kb.search.documents, kb.search.survey_docs) reads a chunk of records once (`fetch`);
what a results page shows of each record (`shown`: title, text, figures) is then built in
English for the index and again in Russian and Kazakh for their results pages
(kb.search.languages), from the same records; the rest of its document (`rest`) in English only.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import get_language

from kb.enums import EventPersonRole
from kb.text import markdown_text

from .languages import translations
from .organizations import org_words, with_parents
from .text import fold, spelling_keys, text_fold

# Roles a person facet offers, in the words of a researcher (people's and passages' documents).
ROLE_LABELS = {EventPersonRole.SPEAKER: "spoke", EventPersonRole.MODERATOR: "moderated"}
ROLE_LABELS.update({EventPersonRole.DISCUSSANT: "discussed", EventPersonRole.CHAIR: "chaired"})


@dataclass
class SearchDoc:
    key: str  # "<type>:<pk>"
    type: str
    title: str
    url: str
    slug: str = ""  # the record's own slug (none for a question): the API links by it
    names: str = ""  # the record's own names and other spellings
    body: str = ""  # everything else a researcher may search for, already public
    people: str = ""  # names of the people the record is about or linked to
    orgs: str = ""  # names, short names and slugs of linked organizations
    topics: str = ""  # names of linked topics
    figures: str = ""  # a question's leading figures, shown with the hit
    date: datetime.date | None = None
    years: list[int] = field(default_factory=list)
    topic_slugs: list[str] = field(default_factory=list)
    org_slugs: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    # What a Russian or Kazakh results page shows of it (kb.search.localized), by language.
    languages: dict = field(default_factory=dict)

    @property
    def name_keys(self) -> str:
        """Folded spellings of the record's own names (and its title's words): a person's
        names folded whatever they are, other records' ordinary English words as spelt."""
        names = f"{self.title} {self.names}"
        return fold(names) if self.type == "person" else text_fold(names)

    @functools.cached_property
    def text_keys(self) -> str:
        """Folded keys of the proper names in all its text and of the parts of joined words
        (kept: the PostgreSQL backend reads them twice, for the row and the vocabulary)."""
        return spelling_keys(f"{self.title}\n{self.names}\n{self.body}")

    @property
    def people_keys(self) -> str:
        return fold(self.people)

    @property
    def datekey(self) -> int:
        return int(self.date.strftime("%Y%m%d")) if self.date else 0


class Shown(NamedTuple):
    """What a results page shows of a record, in the active language."""

    key: str  # "<type>:<pk>"
    title: str
    body: str
    figures: str = ""


class Builder(NamedTuple):
    """A type's documents: `fetch` narrows a queryset to what may be shown, with everything its
    documents read; `shown` builds a fetched record's Shown in the active language; `rest` its
    other SearchDoc fields (the index's, built in English)."""

    fetch: Callable
    shown: Callable[..., Shown]
    rest: Callable[..., dict]

    def doc(self, record) -> SearchDoc:
        return SearchDoc(**self.shown(record)._asdict(), **self.rest(record))

    def __call__(self, records) -> Iterator[SearchDoc]:
        return map(self.doc, self.fetch(records))


def lines(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def topic_words(topic) -> str:
    """A topic's names in every language: a Russian query meets an English record through them."""
    return " ".join(
        dict.fromkeys(p for p in (*translations(topic, "name"), topic.alternate_names) if p)
    )


def topic_fields(topics: list) -> dict:
    """A record's topic fields: its topics' names in every language, and their slugs."""
    return {
        "topics": " ".join(topic_words(t) for t in topics),
        "topic_slugs": sorted({t.slug for t in topics}),
    }


def org_fields(orgs: Iterable) -> dict:
    """A record's organization fields: the organizations' names and slugs, with the ones they
    sit inside (kb.search.organizations)."""
    orgs = with_parents(orgs)
    return {"orgs": " ".join(map(org_words, orgs)), "org_slugs": sorted({o.slug for o in orgs})}


def person_names(person) -> str:
    return " ".join(dict.fromkeys([*person.all_names, *translations(person, "name")]))


# Staff's Markdown as text, rendered once: where a record has no Russian or Kazakh version of
# a text, its English one stands in there too. Room for a 500-record chunk's texts in three
# languages, not more: a web process that rebuilt its index keeps no more than that.
plain = functools.lru_cache(maxsize=1500)(markdown_text)
_labels: dict[tuple, str] = {}


def display(record, name: str) -> str:
    """`record.get_<name>_display()`, looked up once per value and language (Django hashes
    every choice's label, in the active language, on each call)."""
    key = (type(record), name, getattr(record, name), get_language())
    if key not in _labels:
        _labels[key] = getattr(record, f"get_{name}_display")()
    return _labels[key]
