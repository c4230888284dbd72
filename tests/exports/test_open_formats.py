"""Open formats: survey and list CSVs, iCalendar, feeds, sitemap, robots.txt, citations, JSON-LD."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from kb.exports.tables import SURVEY_RESULT_COLUMNS
from kb.models import Event, Organization, Question, Result, Survey
from tests.factories import LEAK_MARKS, more_rows, open_world

pytestmark = pytest.mark.django_db

UPCOMING = timezone.localdate() + datetime.timedelta(days=30)
EVENT = "kazakhstans-bloody-january-2023-12-07"
SURVEY = "january-events-survey-2023"


@pytest.fixture
def world(db):
    return open_world(upcoming_date=UPCOMING)


def download(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    return response


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets detect UTF-8 by the byte-order mark
    return list(csv.reader(io.StringIO(text[1:])))


# --- CSV ---------------------------------------------------------------------------------------


def test_survey_results_csv_has_one_row_per_result(client, world):
    response = download(client, f"/surveys/{SURVEY}/results.csv", "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == f'attachment; filename="{SURVEY}-results.csv"'
    header, *rows = read_csv(response)
    assert header == SURVEY_RESULT_COLUMNS
    title = "What People in Kazakhstan Think of the January Events"
    q1 = ["1", "Do you support Tokayev's order to shoot protesters?", "Order to shoot"]
    q1 += ["false", "true", "All respondents"]
    q3 = ["3", "Do you trust official information about the January events?"]
    q3 += ["Trust in official information", "false", "true", "All respondents"]
    q10 = ["10", "What feelings do you have when you recall the January events?", "Feelings"]
    q10 += ["true", "true", "All respondents"]
    net = "Do not trust (total)"
    expected = [
        [*q1, "0", "Disapprove", "71.1", "exact", "false", "", ""],
        [*q1, "1", "Support", "11.3", "exact", "false", "", ""],
        [*q1, "2", "Difficult to answer", "11.1", "exact", "false", "", ""],
        [*q1, "3", "Did not know", "6.5", "exact", "false", "", ""],
        [*q3, "0", net, "53.0", "exact", "true", "Not at all; Rather not", ""],
        [*q3, "1", "Not at all", "30.8", "exact", "false", "", net],
        [*q3, "2", "Rather not", "22.2", "exact", "false", "", net],
        [*q10, "0", "Fear, anxiety", "33.3", "exact", "false", "", ""],
        [*q10, "1", "Irritation", "2.0", "lt", "false", "", ""],
    ]
    assert rows == [[SURVEY, title, *row, "", "", ""] for row in expected]


def test_survey_csv_of_a_draft_is_not_found(client, world):
    assert client.get("/surveys/draftmark-survey/results.csv").status_code == 404
    assert client.get("/surveys/no-such-survey/results.csv").status_code == 404


def test_event_list_csv_is_filtered_like_the_list(client, world):
    response = download(
        client, "/events/export.csv?organization=paperlab", "text/csv; charset=utf-8"
    )
    header, *rows = read_csv(response)
    by_column = [dict(zip(header, row, strict=True)) for row in rows]
    assert [row["slug"] for row in by_column] == [EVENT]
    row = by_column[0]
    assert row["starts_at_utc"] == "2023-12-07T14:00:00+00:00"
    assert (
        row["speakers"]
        == "Aldiyar Auyezbek; Kamila Kovyazina; Serik Beissembayev; Yevgeniy Zhovtis"
    )
    assert row["moderators"] == "Karlygash Kabatova"
    assert row["organizers"] == "Central Asia Program"
    assert row["co_sponsors"] == "PaperLab Research Center"
    everything = read_csv(download(client, "/events/export.csv", "text/csv; charset=utf-8"))
    assert [row[0] for row in everything[1:]] == ["next-discussion", EVENT]


def test_people_list_csv_respects_the_flags(client, world):
    header, *rows = read_csv(download(client, "/people/export.csv", "text/csv; charset=utf-8"))
    by_slug = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_slug) == [
        "aldiyar-auyezbek",
        "serik-beissembayev",
        "karlygash-kabatova",
        "kamila-kovyazina",
        "yevgeniy-zhovtis",
    ]
    assert (
        by_slug["aldiyar-auyezbek"]["affiliations"] == "Research Fellow, PaperLab Research Center"
    )
    assert by_slug["serik-beissembayev"]["affiliations"] == ""
    assert by_slug["yevgeniy-zhovtis"]["events"] == "2"
    moderators = read_csv(
        download(client, "/people/export.csv?role=moderator", "text/csv; charset=utf-8")
    )
    assert [row[0] for row in moderators[1:]] == ["karlygash-kabatova"]


@pytest.mark.parametrize(
    "url",
    ["/events/export.csv?organization=no-such-org", "/events/export.csv?year=abc",
     "/people/export.csv?role=king", "/events/export.csv?format=paper"],
)  # fmt: skip
def test_list_csv_with_a_bad_filter_says_so(client, world, url):
    response = client.get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [url.split("?")[1].split("=")[0]]


# --- iCalendar ---------------------------------------------------------------------------------


def test_event_ics_has_the_start_in_utc_and_the_people(client, world):
    response = download(client, f"/events/{EVENT}.ics", "text/calendar; charset=utf-8")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.events
    assert event.start == datetime.datetime(2023, 12, 7, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert event.start.astimezone(datetime.UTC) == datetime.datetime(
        2023, 12, 7, 14, 0, tzinfo=datetime.UTC
    )
    assert event.end.astimezone(datetime.UTC) == datetime.datetime(
        2023, 12, 7, 15, 30, tzinfo=datetime.UTC
    )
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]
    assert str(event["SUMMARY"]) == world.event.title
    assert str(event["LOCATION"]) == "Online (https://example.org/webinar)"
    assert str(event["URL"]) == f"http://testserver/events/{EVENT}/"
    assert str(event["UID"]) == f"event-{EVENT}@testserver"
    description = str(event["DESCRIPTION"])
    assert description.split("\n\n") == [
        "An online discussion of the January 2022 protests.",
        "Organizations: Central Asia Program (organizer); PaperLab Research Center (co-sponsor)",
        "Speaker: Aldiyar Auyezbek, Research Fellow, PaperLab Research Center\n"
        "Speaker: Kamila Kovyazina\n"
        "Speaker: Serik Beissembayev\n"
        "Speaker: Yevgeniy Zhovtis\n"
        "Moderator: Karlygash Kabatova",
        "Join online: https://example.org/webinar",
        f"http://testserver/events/{EVENT}/",
    ]


def test_event_without_a_time_is_an_all_day_event(client, world):
    response = download(client, "/events/next-discussion.ics", "text/calendar; charset=utf-8")
    assert b"DTSTART;VALUE=DATE:" + UPCOMING.strftime("%Y%m%d").encode() in response.content
    [event] = icalendar.Calendar.from_ical(response.content).events
    assert event.start == UPCOMING
    assert event.end == UPCOMING + datetime.timedelta(days=1)
    assert str(event["LOCATION"]) == "Astana, PaperLab office"


def test_calendar_feed_has_upcoming_published_events_only(client, world):
    response = download(client, "/events/feed.ics", "text/calendar; charset=utf-8")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in calendar.events] == ["event-next-discussion@testserver"]
    assert str(calendar["X-WR-CALNAME"]) == "Kenes events"


def test_ics_of_a_draft_event_is_not_found(client, world):
    assert client.get("/events/draftmark-event.ics").status_code == 404


# --- Feeds, sitemap, robots.txt ----------------------------------------------------------------


def test_rss_and_atom_list_new_events_and_surveys(client, world):
    rss = ET.fromstring(  # noqa: S314
        download(client, "/feeds/latest.rss", "application/rss+xml; charset=utf-8").content
    )
    links = [item.findtext("link") for item in rss.iter("item")]
    assert sorted(links) == [
        f"http://testserver/events/{EVENT}/",
        "http://testserver/events/next-discussion/",
        f"http://testserver/surveys/{SURVEY}/",
    ]
    atom = ET.fromstring(  # noqa: S314
        download(client, "/feeds/latest.atom", "application/atom+xml; charset=utf-8").content
    )
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = sorted(entry.findtext("a:id", namespaces=ns) for entry in atom.iterfind("a:entry", ns))
    assert ids == [f"kenes:event:{EVENT}", "kenes:event:next-discussion", f"kenes:survey:{SURVEY}"]


def test_sitemap_lists_every_public_page_and_nothing_else(client, world):
    response = download(client, "/sitemap.xml", "application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {
        loc.text.removeprefix("http://testserver")
        for loc in ET.fromstring(  # noqa: S314
            response.content
        ).iterfind("s:url/s:loc", ns)
    }
    expected = {"/", "/events/", "/people/", "/organizations/", "/topics/", "/surveys/"}
    expected |= {f"/events/{EVENT}/", "/events/next-discussion/", f"/surveys/{SURVEY}/"}
    expected |= {
        f"/people/{p.slug}/"
        for p in (world.aldiyar, world.kamila, world.serik, world.yevgeniy, world.karlygash)
    }
    expected |= {
        f"/organizations/{slug}/"
        for slug in (
            "gwu",
            "ieres",
            "central-asia-program",
            "paperlab",
            "demoscope",
            "konrad-adenauer-foundation",
            "secret-employer",
        )
    }
    expected |= {"/topics/public-trust/", "/topics/freedom-from-torture/"}
    expected |= {"/series/"} | {f"/surveys/{SURVEY}/questions/{n}/" for n in (1, 3, 10)}
    assert locs == expected


def test_robots_txt_points_at_the_sitemap(client, world):
    response = download(client, "/robots.txt", "text/plain; charset=utf-8")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /api/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


# --- Citations ---------------------------------------------------------------------------------


def today():
    day = timezone.localdate()
    return day, f"{day.day} {day:%B %Y}"


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


def render(source, **context):
    request = RequestFactory().get("/")
    return engines["jinja2"].from_string(source).render({**context}, request=request)


def jsonld_of(obj):
    html = render("{{ jsonld(object) }}", object=obj)
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert match, html
    return json.loads(match.group(1))


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


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/events/export.csv", 4),
        ("/people/export.csv", 4),
        ("/events/feed.ics", 6),
        (f"/events/{EVENT}.ics", 7),  # + its public recordings
        (f"/surveys/{SURVEY}/results.csv", 3),
        ("/feeds/latest.atom", 2),
        ("/sitemap.xml", 14),
        (f"/events/{EVENT}/cite.bib", 4),
        (f"/surveys/{SURVEY}/cite.json", 3),
    ],
)
def test_exports_run_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    more_rows()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# --- Nothing withheld anywhere -----------------------------------------------------------------


def test_no_export_carries_a_draft_or_a_withheld_value(client, world):
    urls = [
        f"/surveys/{SURVEY}/results.csv",
        "/events/export.csv",
        "/people/export.csv",
        f"/events/{EVENT}.ics",
        "/events/next-discussion.ics",
        "/events/feed.ics",
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/sitemap.xml",
        f"/surveys/{SURVEY}/cite.bib",
        f"/surveys/{SURVEY}/cite.json",
        f"/surveys/{SURVEY}/questions/1/cite.txt",
        f"/events/{EVENT}/cite.bib",
        f"/events/{EVENT}/cite.json",
        f"/events/{EVENT}/cite.txt",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert [mark for mark in LEAK_MARKS if mark in body] == [], url
    for obj in (
        world.event,
        world.upcoming,
        world.survey,
        world.aldiyar,
        world.kamila,
        world.serik,
        world.cap,
        world.paperlab,
    ):
        html = render("{{ jsonld(object) }}{{ cite_this(object) }}", object=obj)
        assert [mark for mark in LEAK_MARKS if mark in html] == [], obj


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
