"""Open formats: survey and list CSVs, iCalendar, feeds, sitemap, robots.txt; their query
counts; nothing withheld in any of them."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest

from kb.exports.tables import SURVEY_RESULT_COLUMNS
from tests.exports.conftest import (
    EVENT,
    SURVEY,
    UPCOMING,
    download,
    read_csv,
    render,
)
from tests.factories import LEAK_MARKS, more_rows

pytestmark = pytest.mark.django_db


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
    # Each page in English (unprefixed), Russian and Kazakh.
    assert locs == expected | {f"/ru{path}" for path in expected} | {
        f"/kk{path}" for path in expected
    }


def test_sitemap_gives_each_page_its_other_languages(client, world):
    response = download(client, "/sitemap.xml", "application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(response.content)  # noqa: S314
    entry = next(
        url
        for url in root.iterfind("s:url", ns)
        if url.findtext("s:loc", namespaces=ns) == f"http://testserver/ru/events/{EVENT}/"
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.iterfind("x:link", ns)}
    assert alternates == {
        "en": f"http://testserver/events/{EVENT}/",
        "ru": f"http://testserver/ru/events/{EVENT}/",
        "kk": f"http://testserver/kk/events/{EVENT}/",
        "x-default": f"http://testserver/events/{EVENT}/",
    }


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
        (
            "/sitemap.xml",
            8,
        ),  # one query per kind of record; no COUNT: the three languages list each once
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
