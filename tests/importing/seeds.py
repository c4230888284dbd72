"""The curated fixtures of the two source documents, read as the importer's expected answers."""

import json
from decimal import Decimal

from django.conf import settings

SURVEY_DOCUMENT = "demoscope-january-events-survey"
EVENT_DOCUMENT = "bloody-january-online-discussion-2023-12-07"


def _fixture(name):
    return json.loads((settings.KENES_FIXTURES_DIR / name).read_text(encoding="utf-8"))


def document_path(slug):
    return settings.KENES_FIXTURES_DIR / "documents" / f"{slug}.txt"


def curated_results() -> list[dict]:
    """Every result with a figure, in question and position order."""
    rows = [r["fields"] for r in _fixture("05_surveys.json") if r["model"] == "kb.result"]
    rows = [r for r in rows if r["percent"] is not None]
    return sorted(rows, key=lambda r: (r["question"][1], r["position"]))


def curated_composition() -> list[dict]:
    return [
        r["fields"] for r in _fixture("05_surveys.json") if r["model"] == "kb.samplecomposition"
    ]


def curated_survey() -> dict:
    return next(r["fields"] for r in _fixture("05_surveys.json") if r["model"] == "kb.survey")


def curated_people() -> list[dict]:
    rows = [r["fields"] for r in _fixture("06_events.json") if r["model"] == "kb.eventperson"]
    return sorted(rows, key=lambda r: r["position"])


def curated_person_names() -> dict[str, str]:
    return {
        r["fields"]["slug"]: r["fields"]["name"]
        for r in _fixture("04_people.json")
        if r["model"] == "kb.person"
    }


def curated_organization_names() -> dict[str, str]:
    return {
        r["fields"]["slug"]: r["fields"]["name"]
        for r in _fixture("02_organizations.json")
        if r["model"] == "kb.organization"
    }


def percent(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))
