"""Precision and recall of the importer on documents with hand-written expected answers.

Each tests/importing/data/<name>.expected.json says, for the document <name>.txt or .html,
every percentage (value and sentence), every person (name, role, order, title, organization)
and the facts a person would check first. `measure()` compares the importer's proposal with it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kb.importing.matching import known_records
from kb.importing.pipeline import analyse
from kb.importing.reading import read_document

DATA = Path(__file__).parent / "data"


@dataclass
class Score:
    name: str
    figures_expected: int = 0
    figures_found: int = 0
    figures_right: int = 0
    people_expected: int = 0
    people_right: int = 0
    affiliations_right: int = 0
    facts_expected: int = 0
    facts_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.name:40} figures {self.figures_right}/{self.figures_expected} right, "
            f"{self.figures_found - self.figures_right} false; people "
            f"{self.people_right}/{self.people_expected} (title and organization "
            f"{self.affiliations_right}); facts {self.facts_right}/{self.facts_expected}"
        )


def expected_documents() -> list[tuple[Path, dict]]:
    found = []
    for expected in sorted(DATA.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        source = next(p for p in DATA.glob(f"{stem}.*") if not p.name.endswith(".json"))
        found.append((source, json.loads(expected.read_text(encoding="utf-8"))))
    return found


def measure(source: Path, expected: dict) -> Score:
    proposal = analyse(
        read_document(data=source.read_bytes(), filename=source.name),
        kind=expected["kind"],
        known=known_records(),
    )
    score = Score(source.name)
    want = Counter((round(float(v), 2), s) for v, s in expected["figures"])
    got = Counter((round(float(f.value), 2), f.sentence.text) for f in proposal.figures)
    score.figures_expected, score.figures_found = sum(want.values()), sum(got.values())
    score.figures_right = sum((want & got).values())
    score.wrong += [f"missed figure {k}" for k in want - got]
    score.wrong += [f"false figure {k}" for k in got - want]
    people = proposal.event.people if proposal.event else []
    score.people_expected = len(expected.get("people", []))
    for name, role, position, title, organization in expected.get("people", []):
        match = next((p for p in people if p.name == name), None)
        if match and (match.role, match.position) == (role, position):
            score.people_right += 1
            if (match.title, match.organization) == (title, organization):
                score.affiliations_right += 1
            else:
                score.wrong.append(f"{name}: {match.title!r} at {match.organization!r}")
        else:
            score.wrong.append(f"person {name} {role} {position}: {match}")
    part = proposal.survey or proposal.event
    facts = {f.field: f.value for f in part.facts}
    for name, value in expected.get("facts", {}).items():
        score.facts_expected += 1
        proposed = facts.get(name)
        same = (
            float(proposed) == float(value)
            if isinstance(value, int | float) and proposed is not None
            else str(proposed) == str(value)
        )
        score.facts_right += same
        if not same:
            score.wrong.append(f"fact {name}: {proposed!r}, expected {value!r}")
    return score
