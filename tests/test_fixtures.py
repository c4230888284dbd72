"""The documents' fixtures: every fact in, loadable twice, all or nothing."""

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kb.models import (
    Event,
    Organization,
    Person,
    Question,
    Result,
    SourceDocument,
    Survey,
    Topic,
)

FIXTURES = Path(settings.KENES_FIXTURES_DIR)
SURVEY_DOC = FIXTURES / "documents" / "demoscope-january-events-survey.txt"
EVENT_DOC = FIXTURES / "documents" / "bloody-january-online-discussion-2023-12-07.txt"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

pytestmark = pytest.mark.django_db


def snapshot():
    """Every kb row as plain values, for "nothing changed" comparisons."""
    from django.apps import apps

    return {
        model.__name__: sorted(
            json.dumps(row, sort_keys=True, default=str)
            for row in model.objects.values(
                *[f.attname for f in model._meta.concrete_fields if f.name != "updated_at"]
            )
        )
        for model in apps.get_app_config("kb").get_models()
    }


def folded(text):
    return re.sub(r"\s+", " ", text)


# -- loading --------------------------------------------------------------------------------------


def test_fixtures_load_into_an_empty_database_and_again_with_no_change():
    assert Event.objects.count() == 0
    call_command("load_documents", verbosity=0)
    first = snapshot()
    assert Survey.objects.count() == 1
    assert Event.objects.count() == 1
    assert Question.objects.count() == 12

    call_command("load_documents", verbosity=0)
    assert snapshot() == first


def test_loading_again_keeps_what_staff_changed_unless_asked(documents):
    zhovtis = Person.objects.get(slug="yevgeniy-zhovtis")
    zhovtis.name = "Yevgeniy A. Zhovtis"
    zhovtis.save()

    call_command("load_documents", verbosity=0)
    assert Person.objects.get(slug="yevgeniy-zhovtis").name == "Yevgeniy A. Zhovtis"

    call_command("load_documents", "--update", verbosity=0)
    assert Person.objects.get(slug="yevgeniy-zhovtis").name == "Yevgeniy Zhovtis"
    assert Person.objects.filter(slug="yevgeniy-zhovtis").count() == 1


def test_the_shipped_documents_are_the_source_documents_verbatim(documents):
    for path in (SURVEY_DOC, EVENT_DOC):
        stored = SourceDocument.objects.get(slug=path.stem)
        assert stored.text == path.read_text(encoding="utf-8")
        seed = SEEDS / path.name
        if seed.exists():  # ../shared sits beside the repository on developers' machines and CI
            assert stored.text == seed.read_text(encoding="utf-8")


def broken_copy(tmp_path, name, mutate):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    path = target / name
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "mutate", "message"),
    [
        (
            "05_surveys.json",
            lambda s: s[: len(s) // 2],
            r"05_surveys\.json: cannot be read as a fixture: not valid JSON \(cut short\?\): "
            r"\w.* at line \d+ column \d+",
        ),
        ("05_surveys.json", lambda s: s.replace('"71.1"', '"171.1"'), "above 100"),
        ("06_events.json", lambda s: s.replace('"paperlab"', '"no-such-org"'), "06_events.json"),
        ("05_surveys.json", lambda s: s.replace('"30.8"', '"40.8"'), "parts add up to"),
        (
            "05_surveys.json",
            lambda s: s.replace("71.1% of citizens disapprove", "71.1% of all citizens disapprove"),
            "does not stand in",
        ),
    ],
    ids=["truncated-json", "over-100", "unknown-organization", "net-disagrees", "bad-quote"],
)
def test_a_broken_fixture_names_the_problem_and_changes_nothing(tmp_path, name, mutate, message):
    directory = broken_copy(tmp_path, name, mutate)
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("load_documents", directory=directory, verbosity=0)
    assert snapshot() == before
    assert Event.objects.count() == 0


def test_a_broken_fixture_leaves_a_loaded_database_as_it_was(documents, tmp_path):
    Person.objects.filter(slug="snezhana-tsoy").update(name="Edited by staff")
    directory = broken_copy(
        tmp_path, "06_events.json", lambda s: s.replace("2023-12-07", "2023-13-45")
    )
    before = snapshot()
    with pytest.raises(CommandError, match=r"06_events\.json"):
        call_command("load_documents", "--update", directory=directory, verbosity=0)
    assert snapshot() == before


# -- the survey ----------------------------------------------------------------------------------

# Every question's results exactly as printed: (label, percent, net it belongs to).
EXPECTED_RESULTS = {
    1: [
        ("Disapprove", "71.1"),
        ("Support", "11.3"),
        ("Difficult to answer", "11.1"),
        ("Did not know anything about it", "6.5"),
    ],
    2: [
        ("Condemn the use of torture", "71.6"),
        ("Unclear in the source (see the passage)", "7.1"),
        ("Could not answer", "12.5"),
        ("Did not know anything about it", "8.8"),
    ],
    3: [
        ("Do not trust (total)", "53"),
        ("Do not trust at all", "30.8"),
        ("Rather do not trust", "22.2"),
        ("Trust (total)", "29.6"),
        ("Fully trust", "13.7"),
        ("Rather trust", "15.9"),
    ],
    4: [
        ("A provocation organized by some political forces to seize power in the country", "37.9"),
        ("A peaceful protest, which in some places turned into riots and looting", "27.7"),
        ("The country was attacked by terrorists who tried to destabilize the situation", "14.6"),
        ("Another reason", "3.8"),
        ("Difficult to answer", "15.9"),
    ],
    5: [("Acceptable", "42.2"), ("Do not approve of the dispersal of the rally by force", "36.8")],
    6: [("Do not support", "43.6"), ("Approve", "36.8")],
    7: [("Approve", "64.8"), ("Do not support", "14.6")],
    8: [("Do not approve of a total shutdown", "44"), ("Support", "43.2")],
    9: [
        ("Fear and anxiety", "33.3"),
        ("Condolence", "26"),
        ("Sadness", "13.5"),
        ("Indignation", "8.2"),
        ("Disappointment", "6.1"),
        ("Injustice", "5.6"),
        ("Anger", "3.7"),
        ("Irritation, apathy, hatred, aggression (each)", "2"),
        ("Pride", None),
        ("Trust", None),
    ],
    10: [
        (
            "The country’s top leadership (the president and the presidential administration)",
            "28.4",
        ),
        ("The citizens themselves", "21.3"),
        ("Law enforcement agencies", "11.3"),
        ("Local akims", "5.2"),
        ("Other reasons", "10.5"),
    ],
    11: [
        ("No significant changes, but believe in them in the future", "39.3"),
        ("There are no changes and there will not be", "24.7"),
        ("Positive changes are obvious", "24.6"),
        ("It has become worse than before", "6.5"),
    ],
    12: [("50/50", "31"), ("Very low (total)", "36"), ("Quite high", "13.7")],
}


def test_every_question_has_its_results_in_order_exactly_as_printed(documents):
    survey = Survey.objects.get(slug="january-events-survey-2023")
    stored = {
        q.number: [(r.label, r.percent) for r in q.results.order_by("position")]
        for q in survey.questions.all()
    }
    expected = {
        number: [(label, None if pct is None else Decimal(pct)) for label, pct in rows]
        for number, rows in EXPECTED_RESULTS.items()
    }
    assert stored == expected


def test_every_percentage_printed_in_the_survey_document_is_stored_where_it_was_said(documents):
    """Read the shipped document, find every figure, find the record that quotes its sentence."""
    text = folded(SURVEY_DOC.read_text(encoding="utf-8"))
    figures = [(m.start(), Decimal(m.group(1))) for m in re.finditer(r"(\d+(?:\.\d+)?)%", text)]
    assert len(figures) == 57

    survey = Survey.objects.get(slug="january-events-survey-2023")
    records = [(r.source_quote, r.percent) for r in Result.objects.filter(question__survey=survey)]
    records += [(c.source_quote, c.percent) for c in survey.composition.all()]
    method = folded(survey.methodology_note)
    records += [
        (method, survey.margin_of_error),
        (method, survey.confidence_level),
        (method, survey.response_rate),
    ]

    def covering(position):
        for quote, percent in records:
            start = text.find(folded(quote))
            if start != -1 and start <= position < start + len(folded(quote)):
                yield percent

    missing = [(text[pos : pos + 40], v) for pos, v in figures if v not in covering(pos)]
    assert missing == []


def test_nets_equal_the_sum_of_their_parts_as_printed(documents):
    nets = Result.objects.filter(is_net=True).prefetch_related("parts")
    with_parts = {n.label: (n.percent, sum(p.percent for p in n.parts.all())) for n in nets}
    assert with_parts == {
        "Do not trust (total)": (Decimal("53"), Decimal("53.0")),
        "Trust (total)": (Decimal("29.6"), Decimal("29.6")),
        "Very low (total)": (Decimal("36"), 0),  # "in total, 36%": its parts are not given
    }


def test_the_feelings_question_is_multiple_choice_and_incomplete_toplines_are_marked(documents):
    questions = {q.number: q for q in Question.objects.all()}
    assert [n for n, q in questions.items() if q.is_multiple] == [9]
    assert sorted(n for n, q in questions.items() if q.topline_complete) == [1, 2, 4]
    bound = questions[9].results.get(percent=2)
    assert bound.get_qualifier_display() == "less than"


def test_the_garbled_sentence_is_kept_as_printed(documents):
    result = Result.objects.get(question__number=2, percent=Decimal("7.1"))
    assert result.source_quote == "7.1% of respondents who justify the use of torture oppose them."
    assert "garbled" in result.question.note


def test_the_survey_methodology_and_sponsors(documents):
    survey = Survey.objects.get(slug="january-events-survey-2023")
    assert (survey.field_start.isoformat(), survey.field_end.isoformat()) == (
        "2022-12-29",
        "2023-01-14",
    )
    assert survey.sample_size == 1047
    assert survey.get_mode_display() == "Telephone interviews"
    assert (survey.margin_of_error, survey.confidence_level, survey.response_rate) == (3, 95, 12)
    assert "gender and age" in survey.weighting
    assert "17 regions" in survey.geography
    roles = [(link.organization.slug, link.role) for link in survey.organization_roles.all()]
    assert roles == [
        ("demoscope", "conductor"),
        ("paperlab", "conductor"),
        ("medianet", "implementer"),
        ("konrad-adenauer-foundation", "funder"),
        ("paperlab", "partner"),
    ]
    composition = {(c.dimension, c.category): str(c.percent) for c in survey.composition.all()}
    assert composition == {
        ("gender", "Men"): "54.2",
        ("gender", "Women"): "45.8",
        ("language", "Russian"): "60.3",
        ("language", "Kazakh"): "39.7",
        ("ethnicity", "Kazakhs"): "69.9",
        ("ethnicity", "Russians"): "16.1",
        ("ethnicity", "Other ethnicities"): "13.9",
    }
    assert survey.contact.name == "Snezhana Tsoy"
    assert [item.title[:26] for item in survey.related_items.all()] == [
        "OPINION POLLING ABOUT ELEC",
        "Press releases and infogra",
    ]


# -- the event -----------------------------------------------------------------------------------


def test_the_event_has_four_speakers_and_a_moderator_in_the_pages_order(documents):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    people = [
        (link.person.name, link.role, link.affiliation.label)
        for link in event.person_roles.select_related("person", "affiliation__organization")
    ]
    assert people == [
        ("Aldiyar Auyezbek", "speaker", "Research Fellow, PaperLab Research Center"),
        ("Kamila Kovyazina", "speaker", "Researcher, PaperLab Research Center"),
        ("Serik Beissembayev", "speaker", "Co-founder and Director, PaperLab Research Center"),
        (
            "Yevgeniy Zhovtis",
            "speaker",
            "Director, Kazakhstan International Bureau for Human Rights",
        ),
        ("Karlygash Kabatova", "moderator", "Program Associate, Central Asia Program"),
    ]


def test_the_event_facts_and_provenance(documents):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    assert event.date.isoformat() == "2023-12-07"
    assert event.get_format_display() == "Online"
    assert [(o.organization.slug, o.role) for o in event.organization_roles.all()] == [
        ("central-asia-program", "organizer"),
        ("paperlab", "co_sponsor"),
    ]
    assert "Mangystau region" in event.description
    assert list(event.surveys.values_list("slug", flat=True)) == ["january-events-survey-2023"]
    assert {
        "right-to-life",
        "freedom-from-torture",
        "right-to-fair-trial",
        "labour-and-social-rights",
    } <= set(event.topics.values_list("slug", flat=True))
    source = event.source_links.get()
    assert source.document.slug == "bloody-january-online-discussion-2023-12-07"
    assert source.document.contains(source.quote)
    assert "December 7, 2023" in source.quote


def test_every_bio_is_the_event_pages_paragraph(documents):
    text = EVENT_DOC.read_text(encoding="utf-8")
    for slug in ("aldiyar-auyezbek", "kamila-kovyazina", "serik-beissembayev", "yevgeniy-zhovtis"):
        bio = Person.objects.get(slug=slug).bio
        assert bio in text
        assert len(bio) > 300


def test_organizations_sit_inside_their_parents_with_websites_where_given(documents):
    program = Organization.objects.get(slug="central-asia-program")
    assert [o.name for o in program.ancestors()] == [
        "The George Washington University",
        "Institute for European, Russian and Eurasian Studies",
    ]
    websites = dict(Organization.objects.exclude(website="").values_list("slug", "website"))
    assert websites == {
        "paperlab": "https://paperlab.kz",
        "kibhr": "https://bureau.kz",
        "uyatemes": "https://uyatemes.kz",
    }
    assert Organization.objects.get(slug="paperlab").place == "Astana, Kazakhstan"


def test_topics_link_rights_to_events_questions_and_people(documents):
    torture = Topic.objects.get(slug="freedom-from-torture")
    assert torture.kind == "right"
    assert list(torture.questions.values_list("number", flat=True)) == [2]
    assert list(torture.events.values_list("slug", flat=True)) == [
        "kazakhstans-bloody-january-2023-12-07"
    ]
    assert "yevgeniy-zhovtis" in torture.people.values_list("slug", flat=True)
    shutdown = Topic.objects.get(slug="internet-shutdowns")
    assert shutdown.parent.slug == "freedom-of-expression-and-information"
    assert list(shutdown.questions.values_list("number", flat=True)) == [8]


def test_other_spellings_of_names_are_kept(documents):
    assert "Serik Beisembayev" in Person.objects.get(slug="serik-beissembayev").alternate_name_list
    assert "Евгений Жовтис" in Person.objects.get(slug="yevgeniy-zhovtis").alternate_name_list
