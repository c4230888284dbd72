"""The documents' own facts in the open formats, and the pages that link to those formats."""

import datetime
import json
import re

import icalendar
import pytest

from kb.models import Event, Organization, Question, Result, Survey
from tests.exports.conftest import (
    EVENT,
    SURVEY,
    download,
    jsonld_of,
    read_csv,
    today,
)

pytestmark = pytest.mark.django_db


# --- The documents' facts (fixtures/) ------------------------------------------------------------


def test_the_real_survey_csv_reads_into_the_expected_rows(client, documents):
    header, *rows = read_csv(
        download(client, f"/surveys/{SURVEY}/results.csv", "text/csv; charset=utf-8")
    )
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert len(table) == Result.objects.filter(question__survey__slug=SURVEY).count()
    numbers = Question.objects.filter(survey__slug=SURVEY).values_list("number", flat=True)
    assert sorted({int(row["question_number"]) for row in table}) == sorted(numbers)
    first = table[0]
    assert {
        k: first[k] for k in ("question_number", "option", "percent", "is_net", "multiple_choice")
    } == {
        "question_number": "1",
        "option": "Disapprove",
        "percent": "71.1",
        "is_net": "false",
        "multiple_choice": "false",
    }
    assert first["source_passage"] == (
        "According to the survey, 71.1% of citizens disapprove of Tokayev’s order to shoot "
        "protesters to kill."
    )
    assert first["source_url"] == "http://testserver/documents/demoscope-january-events-survey/"
    trust = [
        (r["option"], r["percent"], r["is_net"], r["net_of"], r["part_of_net"])
        for r in table
        if r["question_number"] == "3"
    ]
    assert trust[:3] == [
        ("Do not trust (total)", "53.0", "true", "Do not trust at all; Rather do not trust", ""),
        ("Do not trust at all", "30.8", "false", "", "Do not trust (total)"),
        ("Rather do not trust", "22.2", "false", "", "Do not trust (total)"),
    ]
    assert {r["multiple_choice"] for r in table if r["question_number"] == "9"} == {"true"}


def test_the_real_event_is_an_all_day_event_with_its_people(client, documents):
    response = download(client, f"/events/{EVENT}.ics", "text/calendar; charset=utf-8")
    [event] = icalendar.Calendar.from_ical(response.content).events
    assert event.start == datetime.date(2023, 12, 7)
    assert event.end == datetime.date(2023, 12, 8)
    assert str(event["LOCATION"]) == "Online"
    people = str(event["DESCRIPTION"]).split("\n\n")[2].splitlines()
    assert people == [
        "Speaker: Aldiyar Auyezbek, Research Fellow, PaperLab Research Center",
        "Speaker: Kamila Kovyazina, Researcher, PaperLab Research Center",
        "Speaker: Serik Beissembayev, Co-founder and Director, PaperLab Research Center",
        "Speaker: Yevgeniy Zhovtis, Director, Kazakhstan International Bureau for Human Rights",
        "Moderator: Karlygash Kabatova, Program Associate, Central Asia Program",
    ]


def test_the_real_survey_and_event_jsonld(documents):
    survey = jsonld_of(Survey.objects.with_detail_related().get(slug=SURVEY))
    assert [o["name"] for o in survey["creator"]] == [
        "DEMOSCOPE Public Opinion Express Monitoring Bureau",
        "PaperLab Research Center",
    ]
    assert [o["name"] for o in survey["funder"]] == ["Konrad Adenauer Foundation"]
    assert [o["name"] for o in survey["contributor"]] == [
        "MediaNet International Centre of Journalism"
    ]
    assert survey["temporalCoverage"] == "2022-12-29/2023-01-14"
    assert len(survey["variableMeasured"]) == Question.objects.filter(survey__slug=SURVEY).count()
    event = jsonld_of(Event.objects.with_detail_related().get(slug=EVENT))
    assert event["startDate"] == "2023-12-07"
    assert [p["url"].rsplit("/", 2)[1] for p in event["performer"]] == [
        "aldiyar-auyezbek",
        "kamila-kovyazina",
        "serik-beissembayev",
        "yevgeniy-zhovtis",
    ]
    assert [o["name"] for o in event["sponsor"]] == ["PaperLab Research Center"]
    cap = jsonld_of(Organization.objects.get(slug="central-asia-program"))
    assert (
        cap["parentOrganization"]["name"] == "Institute for European, Russian and Eurasian Studies"
    )


def test_the_real_survey_citation(client, documents):
    _, accessed = today()
    assert client.get(f"/surveys/{SURVEY}/cite.txt").content.decode() == (
        "DEMOSCOPE Public Opinion Express Monitoring Bureau & PaperLab Research Center. (2023). "
        "What People in Kazakhstan Think of the January Events [Data set, telephone interviews, "
        f"n = 1,047]. Kenes. http://testserver/surveys/{SURVEY}/ (accessed {accessed}).\n"
    )


def test_unpublishing_the_real_survey_takes_it_out_of_every_output(client, documents):
    Survey.objects.filter(slug=SURVEY).update(published=False)
    assert client.get(f"/surveys/{SURVEY}/results.csv").status_code == 404
    assert client.get(f"/surveys/{SURVEY}/cite.bib").status_code == 404
    assert SURVEY not in client.get("/sitemap.xml").content.decode()
    assert SURVEY not in client.get("/feeds/latest.atom").content.decode()
    assert SURVEY not in client.get(f"/events/{EVENT}.ics").content.decode()


# --- In the public pages -------------------------------------------------------------------------

JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.parametrize(
    ("url", "schema_type"),
    [
        (f"/events/{EVENT}/", "Event"),
        (f"/surveys/{SURVEY}/", "Dataset"),
        ("/people/aldiyar-auyezbek/", "Person"),
        ("/organizations/central-asia-program/", "Organization"),
        ("/topics/public-trust/", "DefinedTerm"),
        ("/documents/demoscope-january-events-survey/", "CreativeWork"),
    ],
)
def test_each_detail_page_carries_its_jsonld_in_the_head(client, documents, url, schema_type):
    html = client.get(url).content.decode()
    head = html.split("</head>")[0]
    [script] = JSONLD_SCRIPT.findall(head)
    data = json.loads(script)
    assert (data["@context"], data["@type"]) == ("https://schema.org", schema_type)
    assert data["url"] == f"http://testserver{url}"
    assert 'type="application/atom+xml"' in head


def test_the_survey_page_links_its_data_and_citations(client, documents):
    html = client.get(f"/surveys/{SURVEY}/").content.decode()
    assert f'href="/surveys/{SURVEY}/results.csv"' in html
    assert f'href="/surveys/{SURVEY}/cite.bib"' in html
    assert "Cite this" in html
    question_links = re.findall(rf'href="/surveys/{SURVEY}/questions/(\d+)/cite.bib"', html)
    numbers = Question.objects.filter(survey__slug=SURVEY).values_list("number", flat=True)
    assert [int(n) for n in question_links] == sorted(numbers)


def test_the_event_page_links_its_calendar_file_and_citation(client, documents):
    html = client.get(f"/events/{EVENT}/").content.decode()
    assert f'href="/events/{EVENT}.ics"' in html
    assert f'href="/events/{EVENT}/cite.json"' in html
    assert (
        "Auyezbek, A., Kovyazina, K., Beissembayev, S., &amp; Zhovtis, Y. (2023, December 7)."
        in html
    )


def test_the_lists_link_their_csv_with_the_same_filters(client, documents):
    events = client.get("/events/?organization=paperlab").content.decode()
    assert 'href="/events/export.csv?organization=paperlab"' in events
    people = client.get("/people/").content.decode()
    assert 'href="/people/export.csv"' in people


def test_a_draft_shown_to_staff_has_no_jsonld_and_no_downloads(client, documents, admin_user):
    Event.objects.filter(slug=EVENT).update(published=False)
    client.force_login(admin_user)
    html = client.get(f"/events/{EVENT}/").content.decode()
    assert JSONLD_SCRIPT.findall(html) == []
    assert ".ics" not in html.replace("feed.ics", "")
    assert "Cite this" not in html
