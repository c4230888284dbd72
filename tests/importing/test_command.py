"""manage.py import_document: the JSON it prints, the drafts it creates, the inputs it refuses."""

import json

import pytest
from django.core.management import CommandError, call_command

from kb.models import Event, Result, SourceDocument, SourcePassage, Survey

from .seeds import EVENT_DOCUMENT, SURVEY_DOCUMENT, document_path


def _run(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("import_document", *map(str, args), stdout=out)
    return json.loads(out.getvalue())


def test_dry_run_prints_figures_with_offsets_and_stores_nothing(documents):
    before = SourceDocument.objects.count()
    data = _run(document_path(SURVEY_DOCUMENT), "--dry-run", "--json")
    first = data["figures"][0]
    assert {k: first[k] for k in ("value", "text", "start", "end")} == {
        "value": 71.1,
        "text": "71.1%",
        "start": 921,
        "end": 926,
    }
    assert first["sentence"] == (
        "According to the survey, 71.1% of citizens disapprove of Tokayev’s order to shoot "
        "protesters to kill."
    )
    assert len(data["figures"]) == 57
    assert data["kind"] == "survey" and len(data["survey"]["questions"]) == 12
    assert SourceDocument.objects.count() == before


def test_event_json_lists_people_in_order(documents):
    data = _run(document_path(EVENT_DOCUMENT), "--dry-run", "--json")
    assert data["people"] == [
        {"name": "Aldiyar Auyezbek", "role": "speaker", "position": 0},
        {"name": "Kamila Kovyazina", "role": "speaker", "position": 1},
        {"name": "Serik Beissembayev", "role": "speaker", "position": 2},
        {"name": "Yevgeniy Zhovtis", "role": "speaker", "position": 3},
        {"name": "Karlygash Kabatova", "role": "moderator", "position": 4},
    ]


def test_import_creates_drafts_with_a_passage_for_every_figure(documents):
    data = _run(document_path(SURVEY_DOCUMENT), "--json")
    survey = Survey.objects.get(slug=data["created"]["survey"])
    assert not survey.published and not survey.sources.get().published
    assert survey.sample_size == 1047 and str(survey.field_start) == "2022-12-29"
    results = Result.objects.filter(question__survey=survey)
    assert results.count() == 47
    document = survey.sources.get()
    figures = SourcePassage.objects.filter(document=document, field="percent")
    assert figures.count() == 47 + 7  # results and sample shares
    for passage in figures:
        assert document.text[passage.start : passage.end] == passage.quote
    # Existing organizations and people are linked, not drafted again.
    assert survey.contact.slug == "snezhana-tsoy"
    assert list(survey.organization_roles.values_list("organization__slug", "role")) == [
        ("demoscope", "conductor"),
        ("paperlab", "conductor"),
        ("medianet", "implementer"),
        ("konrad-adenauer-foundation", "funder"),
        ("paperlab", "partner"),
    ]


def test_event_import_links_known_people(documents):
    data = _run(document_path(EVENT_DOCUMENT), "--json")
    event = Event.objects.get(slug=data["created"]["event"])
    assert not event.published
    assert list(event.person_roles.values_list("person__slug", "role", "position")) == [
        ("aldiyar-auyezbek", "speaker", 0),
        ("kamila-kovyazina", "speaker", 1),
        ("serik-beissembayev", "speaker", 2),
        ("yevgeniy-zhovtis", "speaker", 3),
        ("karlygash-kabatova", "moderator", 4),
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason", "code"),
    [
        ("empty.txt", b"", "empty", 3),
        ("binary.txt", b"\x00\x01\x02" * 100, "binary", 4),
        ("sheet.xlsx", b"a,b,c", "unsupported-type", 7),
        ("de.txt", "Die Umfrage wurde von der Stiftung gemacht. " * 9, "unexpected-language", 8),
    ],
)
def test_bad_input_named_exit_and_nothing_stored(db, tmp_path, name, content, reason, code):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(CommandError) as failure:
        call_command("import_document", str(path))
    assert f"Nothing was imported ({reason})" in str(failure.value)
    assert failure.value.returncode == code
    assert SourceDocument.objects.count() == 0


def test_too_large_is_refused_before_reading(db, tmp_path, settings):
    settings.KENES_IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("The survey found 45% agree. " * 100)
    with pytest.raises(CommandError, match=r"too-large.*up to 0 MB") as failure:
        call_command("import_document", str(path))
    assert failure.value.returncode == 6


def test_an_event_without_a_date_is_not_half_imported(documents, tmp_path):
    path = tmp_path / "talk.txt"
    path.write_text(
        "A talk on courts\n\nThe webinar will discuss the courts.\n\nSpeakers\n\n"
        "– Jane Roe, Professor, Some University"
    )
    before = SourceDocument.objects.count()
    with pytest.raises(CommandError, match=r"Nothing was imported \(invalid-drafts\)") as failure:
        call_command("import_document", str(path))
    assert failure.value.returncode == 10
    assert SourceDocument.objects.count() == before


def test_a_figure_above_100_is_kept_without_a_share(documents, tmp_path):
    path = tmp_path / "growth.txt"
    path.write_text(
        "Prices poll\n\nThe survey of 1,000 adults was conducted from 1 to 5 May 2024. "
        "Prices rose by 150% while 45% of respondents noticed it and 55% did not."
    )
    data = _run(path, "--json")
    survey = Survey.objects.get(slug=data["created"]["survey"])
    shares = list(Result.objects.filter(question__survey=survey).values_list("label", "percent"))
    assert [str(p) for _, p in shares] == ["None", "45.0", "55.0"]
