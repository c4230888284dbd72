"""Citations (BibTeX, RIS, CSL-JSON) and JSON-LD, with the "Cite this" and download partials."""

import json
import re

import pytest

from tests.exports.conftest import (
    EVENT,
    SURVEY,
    UPCOMING,
    download,
    jsonld_of,
    render,
    today,
)

pytestmark = pytest.mark.django_db


# --- Citations ---------------------------------------------------------------------------------


def test_survey_citation_in_three_formats(client, world):
    day, accessed = today()
    text = download(
        client, f"/surveys/{SURVEY}/cite.txt", "text/plain; charset=utf-8"
    ).content.decode()
    assert text == (
        "DEMOSCOPE & PaperLab Research Center. (2023). What People in Kazakhstan Think of the "
        "January Events [Data set, telephone interviews, n = 1,047]. Kenes. "
        f"http://testserver/surveys/{SURVEY}/ (accessed {accessed}).\n"
    )
    csl = json.loads(
        download(
            client,
            f"/surveys/{SURVEY}/cite.json",
            "application/vnd.citationstyles.csl+json; charset=utf-8",
        ).content
    )
    assert csl == [
        {
            "id": "Demoscope2023January",
            "type": "dataset",
            "title": "What People in Kazakhstan Think of the January Events",
            "URL": f"http://testserver/surveys/{SURVEY}/",
            "accessed": {"date-parts": [[day.year, day.month, day.day]]},
            "medium": "Data set, telephone interviews, n = 1,047",
            "author": [{"literal": "DEMOSCOPE"}, {"literal": "PaperLab Research Center"}],
            "issued": {"date-parts": [[2023, 1, 14]]},
            "publisher": "Kenes",
            "note": "Fieldwork 2022-12-29 to 2023-01-14",
        }
    ]
    bib = download(
        client, f"/surveys/{SURVEY}/cite.bib", "application/x-bibtex; charset=utf-8"
    ).content.decode()
    assert bib == (
        "@misc{Demoscope2023January,\n"
        "  title = {{What People in Kazakhstan Think of the January Events}},\n"
        "  author = {{DEMOSCOPE} and {PaperLab Research Center}},\n"
        "  year = {2023},\n"
        "  date = {2023-01-14},\n"
        "  howpublished = {Data set, telephone interviews, n = 1,047},\n"
        "  publisher = {Kenes},\n"
        f"  url = {{http://testserver/surveys/{SURVEY}/}},\n"
        f"  urldate = {{{day.isoformat()}}}\n"
        "}\n"
    )


def test_question_and_event_citations(client, world):
    _, accessed = today()
    question = client.get(f"/surveys/{SURVEY}/questions/3/cite.txt").content.decode()
    assert question == (
        "DEMOSCOPE & PaperLab Research Center. (2023). Q3. Trust in official information "
        "[Data set, telephone interviews, n = 1,047]. In What People in Kazakhstan Think of the "
        f"January Events. Kenes. http://testserver/surveys/{SURVEY}/questions/3/ "
        f"(accessed {accessed}).\n"
    )
    event = json.loads(client.get(f"/events/{EVENT}/cite.json").content)[0]
    assert event["type"] == "speech"
    assert event["author"] == [
        {"family": "Auyezbek", "given": "Aldiyar"},
        {"family": "Kovyazina", "given": "Kamila"},
        {"family": "Beissembayev", "given": "Serik"},
        {"family": "Zhovtis", "given": "Yevgeniy"},
    ]
    assert event["event-date"] == {"date-parts": [[2023, 12, 7]]}
    assert event["publisher"] == "Central Asia Program"
    bib = client.get(f"/events/{EVENT}/cite.bib").content.decode()
    authors = (
        "Auyezbek, Aldiyar and Kovyazina, Kamila and Beissembayev, Serik and Zhovtis, Yevgeniy"
    )
    assert f"  author = {{{authors}}},\n" in bib


@pytest.mark.parametrize(
    "url",
    [f"/surveys/{SURVEY}/cite.docx", "/surveys/draftmark-survey/cite.bib",
     "/surveys/draftmark-survey/questions/1/cite.bib", f"/surveys/{SURVEY}/questions/99/cite.bib",
     "/events/draftmark-event/cite.json"],
)  # fmt: skip
def test_citation_of_a_draft_or_in_an_unknown_format_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_bibtex_escapes_special_characters(client, world):
    world.survey.title = "Trust & {braces} 50% #1"
    world.survey.save()
    bib = client.get(f"/surveys/{SURVEY}/cite.bib").content.decode()
    assert "  title = {{Trust \\& \\{braces\\} 50\\% \\#1}},\n" in bib


# --- JSON-LD and the "Cite this" partial -------------------------------------------------------


def test_event_jsonld(world):
    data = jsonld_of(world.event)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == world.event.title
    assert data["startDate"] == "2023-12-07T09:00:00-05:00"
    assert data["endDate"] == "2023-12-07T10:30:00-05:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/webinar"}
    assert [o["name"] for o in data["organizer"]] == ["Central Asia Program"]
    assert [o["name"] for o in data["sponsor"]] == ["PaperLab Research Center"]
    assert [p["name"] for p in data["performer"]] == [
        "Aldiyar Auyezbek",
        "Kamila Kovyazina",
        "Serik Beissembayev",
        "Yevgeniy Zhovtis",
    ]
    assert data["performer"][0]["jobTitle"] == "Research Fellow, PaperLab Research Center"
    assert "jobTitle" not in data["performer"][2]
    assert [p["name"] for p in data["contributor"]] == ["Karlygash Kabatova"]
    all_day = jsonld_of(world.upcoming)
    assert all_day["startDate"] == UPCOMING.isoformat()
    assert all_day["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert all_day["location"] == {
        "@type": "Place",
        "name": "Astana, PaperLab office",
        "address": "Astana, PaperLab office",
    }


def test_person_jsonld_respects_the_flags(world):
    aldiyar = jsonld_of(world.aldiyar)
    assert aldiyar["@type"] == "Person"
    assert aldiyar["name"] == "Aldiyar Auyezbek"
    assert aldiyar["url"] == "http://testserver/people/aldiyar-auyezbek/"
    assert aldiyar["jobTitle"] == "Research Fellow"
    assert [o["name"] for o in aldiyar["affiliation"]] == ["PaperLab Research Center"]
    assert aldiyar["knowsAbout"] == ["Public trust"]
    assert "description" not in jsonld_of(world.kamila)
    serik = jsonld_of(world.serik)
    assert "affiliation" not in serik and "jobTitle" not in serik
    assert render("{{ jsonld(object) }}", object=world.hidden) == ""
    assert render("{{ jsonld(object) }}", object=world.draft_person) == ""


def test_organization_and_topic_jsonld(world):
    cap = jsonld_of(world.cap)
    assert cap["@type"] == "Organization"
    assert cap["name"] == "Central Asia Program"
    assert cap["parentOrganization"]["name"] == "IERES"
    assert jsonld_of(world.paperlab)["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Astana",
        "addressCountry": "Kazakhstan",
    }
    topic = jsonld_of(world.trust)
    assert (topic["@type"], topic["name"]) == ("DefinedTerm", "Public trust")
    assert render("{{ jsonld(object) }}", object=world.draft_org) == ""


def test_survey_jsonld_is_a_dataset(world):
    data = jsonld_of(world.survey)
    assert data["@type"] == "Dataset"
    assert data["name"] == "What People in Kazakhstan Think of the January Events"
    assert len(data["description"]) >= 50  # what dataset search engines require
    assert data["temporalCoverage"] == "2022-12-29/2023-01-14"
    assert data["spatialCoverage"] == {"@type": "Place", "name": "Kazakhstan"}
    assert [o["name"] for o in data["creator"]] == ["DEMOSCOPE", "PaperLab Research Center"]
    assert [o["name"] for o in data["funder"]] == ["Konrad Adenauer Foundation"]
    assert "contributor" not in data  # the only implementer is a draft
    assert [v["name"] for v in data["variableMeasured"]] == [
        "Q1. Order to shoot",
        "Q3. Trust in official information",
        "Q10. Feelings",
    ]
    assert (
        data["distribution"][0]["contentUrl"] == f"http://testserver/surveys/{SURVEY}/results.csv"
    )
    assert render("{{ jsonld(object) }}", object=world.draft_survey) == ""


def test_jsonld_cannot_break_out_of_its_script_element(world):
    world.event.title = "</script><script>alert(1)</script> & <!--"
    world.event.save()
    html = render("{{ jsonld(object) }}", object=world.event)
    assert html.count("<") == 2  # the opening and closing tags only
    assert jsonld_of(world.event)["name"] == "</script><script>alert(1)</script> & <!--"


def test_cite_this_partial_shows_the_citation_and_the_downloads(world):
    _, accessed = today()
    html = render("{{ cite_this(object) }}", object=world.survey)
    assert f"(accessed {accessed})" in html
    assert "DEMOSCOPE &amp; PaperLab Research Center. (2023)." in html
    assert f'href="/surveys/{SURVEY}/cite.bib"' in html
    assert f'href="/surveys/{SURVEY}/cite.json"' in html
    question = render("{{ cite_this(object) }}", object=world.q3)
    assert 'id="cite-q3"' in question
    assert f'href="/surveys/{SURVEY}/questions/3/cite.bib"' in question
    assert render("{{ cite_this(object) }}", object=world.draft_survey).strip() == ""


def test_download_partials_link_to_the_files(world):
    survey = render('{% include "kb/includes/survey_downloads.html" %}', survey=world.survey)
    assert f'href="/surveys/{SURVEY}/results.csv"' in survey
    event = render('{% include "kb/includes/event_downloads.html" %}', event=world.event)
    assert f'href="/events/{EVENT}.ics"' in event
    question = render(
        '{% include "kb/includes/question.html" %}', question=world.q3, show_survey=False
    )
    assert [href for href in re.findall(r'href="([^"]+)"', question) if "/cite." in href] == [
        f"/surveys/{SURVEY}/questions/3/cite.txt",
        f"/surveys/{SURVEY}/questions/3/cite.bib",
        f"/surveys/{SURVEY}/questions/3/cite.json",
    ]
    listing = render(
        '{% include "kb/includes/list_csv_link.html" %}',
        csv_url="/events/export.csv",
        query="organization=paperlab&year=2023",
    )
    assert 'href="/events/export.csv?organization=paperlab&amp;year=2023"' in listing
    feeds = render('{% include "kb/includes/feed_links.html" %}')
    assert re.findall(r'href="([^"]+)"', feeds) == [
        "/feeds/latest.atom",
        "/feeds/latest.rss",
        "/events/feed.ics",
    ]
