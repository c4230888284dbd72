"""What the importer proposes: plain data that the preview shows, staff correct and the
service turns into draft records. Every item carries the passage it came from and, when the
rules were not sure, what a person has to decide."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from .figures import Figure


@dataclass
class Passage:
    start: int
    end: int
    quote: str


@dataclass
class Fact:
    """A field of the draft record with the sentence it came from."""

    field: str
    value: Any
    passage: Passage | None = None
    decide: str = ""


@dataclass
class OrganizationRole:
    name: str
    role: str
    existing: int | None = None  # pk of the matched Organization
    passage: Passage | None = None
    decide: str = ""


@dataclass
class Option:
    position: int
    label: str
    percent: Decimal | None
    qualifier: str
    figure_text: str = ""
    figure_start: int | None = None
    figure_end: int | None = None
    is_net: bool = False
    net: int | None = None  # position of the net this option is part of
    passage: Passage | None = None
    decide: str = ""


@dataclass
class ProposedQuestion:
    number: int
    text: str
    kind: str
    topline_complete: bool
    note: str = ""
    passage: Passage | None = None
    options: list[Option] = field(default_factory=list)
    decide: list[str] = field(default_factory=list)


@dataclass
class CompositionShare:
    dimension: str
    category: str
    percent: Decimal
    figure_text: str = ""
    passage: Passage | None = None
    decide: str = ""


@dataclass
class ProposedTopic:
    pk: int
    name: str
    hits: int
    passage: Passage | None = None


@dataclass
class ProposedPerson:
    name: str
    role: str
    position: int
    title: str = ""
    organization: str = ""
    organization_existing: int | None = None
    existing: int | None = None  # pk of the matched Person
    bio: str = ""
    passage: Passage | None = None
    decide: list[str] = field(default_factory=list)


@dataclass
class SurveyProposal:
    facts: list[Fact] = field(default_factory=list)
    organizations: list[OrganizationRole] = field(default_factory=list)
    questions: list[ProposedQuestion] = field(default_factory=list)
    composition: list[CompositionShare] = field(default_factory=list)
    contact: ProposedPerson | None = None

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.field == name), None)


@dataclass
class EventProposal:
    facts: list[Fact] = field(default_factory=list)
    organizations: list[OrganizationRole] = field(default_factory=list)
    people: list[ProposedPerson] = field(default_factory=list)

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.field == name), None)


@dataclass
class Proposal:
    kind: str  # "survey" or "event"
    kind_detected: str
    language: str
    title: str
    text: str
    filename: str
    file_type: str
    figures: list[Figure] = field(default_factory=list)
    survey: SurveyProposal | None = None
    event: EventProposal | None = None
    topics: list[ProposedTopic] = field(default_factory=list)
    decide: list[str] = field(default_factory=list)

    def open_decisions(self) -> list[str]:
        """Everything marked for a person to decide, as one list of sentences."""
        found = list(self.decide)
        found += [
            gettext("Figure %(figure)r: %(note)s") % {"figure": f.text, "note": d}
            for f in self.figures
            for d in f.decide
        ]
        part = self.survey or self.event
        if part is not None:
            found += [f"{f.field}: {f.decide}" for f in part.facts if f.decide]
            found += [f"{o.name}: {o.decide}" for o in part.organizations if o.decide]
        if self.survey:
            for q in self.survey.questions:
                found += [f"Q{q.number}: {d}" for d in q.decide]
                found += [f"Q{q.number} {o.figure_text}: {o.decide}" for o in q.options if o.decide]
            found += [
                gettext("Sample %(figure)s: %(note)s") % {"figure": c.figure_text, "note": c.decide}
                for c in self.survey.composition
                if c.decide
            ]
        if self.event:
            found += [f"{p.name}: {d}" for p in self.event.people for d in p.decide]
        return found

    def as_json(self) -> dict:
        data = {
            "kind": self.kind,
            "kind_detected": self.kind_detected,
            "language": self.language,
            "title": self.title,
            "filename": self.filename,
            "file_type": self.file_type,
            "text_length": len(self.text),
            "figures": [f.as_json() for f in self.figures],
            "topics": [_plain(asdict(t)) for t in self.topics],
            "decide": self.open_decisions(),
        }
        if self.survey:
            data["survey"] = _plain(asdict(self.survey))
        if self.event:
            data["event"] = _plain(asdict(self.event))
            data["people"] = [
                {"name": p.name, "role": p.role, "position": p.position} for p in self.event.people
            ]
        return data


def _plain(value):
    """dataclasses.asdict output made JSON-ready (dates, times and decimals as strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return value
