# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""The results page's rows: snippets as the reader sees the text, a question's leading figures
drawn, a person's roles and events, an event's date and people; on both backends."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from kb.enums import EventPersonRole
from kb.pagecache import content_version_bump
from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from tests import factories
from tests.search.test_searching import indexed, search_backend  # noqa: F401

URL = reverse("search:search")

NASTY = (
    "# Zzquill briefing\n\n"
    "A **bold** claim, an *emphasised* word and [a link](https://example.org/x) &amp; more.\n\n"
    "- first point\n- second point\n\n"
    "<script>alert('zzquill')</script>\n\n"
    "<b>Staff</b> wrote <i>tags</i> and <em>more</em>\n"
)


def snippet_of(html: str, href: str) -> str:
    """The snippet of the hit linking to `href`, its marks kept, entities read."""
    row = row_of(html, href)
    return unescape(re.search(r'<p class="search-result-snippet">(.*?)</p>', row, re.S)[1])


def text_of(fragment: str) -> str:
    """The words of an HTML fragment: a link's tags dropped, any other tag a space."""
    fragment = re.sub(r"</?a\b[^>]*>", "", fragment)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def row_of(html: str, href: str) -> str:
    """The result row (<li>) of the hit linking to `href`."""
    end = html.index(f'<a href="{href}">')
    row = html[html.rindex("<li", 0, end) :]
    return row[: row.index("</li>")]


@pytest.fixture
def nasty(search_backend, db):
    event = factories.event(
        title="Zzquill round table",
        slug="zzquill",
        date=datetime.date(2024, 3, 5),
        description=NASTY,
    )
    person = factories.person(name="Zzquill Speaker", slug="zzquill-speaker", bio=NASTY)
    index_rebuild(backend=get_backend())
    return event, person


def test_snippets_show_markdown_and_staff_html_as_the_page_shows_them(client, nasty):
    event, person = nasty
    html = client.get(URL, {"q": "zzquill"}).content.decode()

    expected = (
        "<mark>Zzquill</mark> briefing A bold claim, an emphasised word and a link & more. "
        "first point second point Staff wrote tags and more"
    )
    assert snippet_of(html, event.get_absolute_url()) == expected
    assert snippet_of(html, person.get_absolute_url()) == expected
    assert "alert(" not in html and "**" not in html and "](" not in html


def test_a_question_hit_draws_its_leading_figures(client, indexed):
    html = client.get(URL, {"q": "trust in official information"}).content.decode()
    row = row_of(html, "/surveys/january-events-survey-2023/questions/3/")

    chart = row[row.index('<table class="chart chart--hit">') : row.index("</table>")]
    assert text_of(chart) == "Leading answers Do not trust (total) 53% Trust (total) 29.6%"
    assert re.findall(r'<rect class="bar__fill" x="0" y="0" width="([\d.]+)"', chart) == [
        "53",
        "29.6",
    ]


def test_a_person_hit_shows_their_roles_and_events(client, indexed):
    html = client.get(URL, {"q": "zhovtis"}).content.decode()
    row = row_of(html, "/people/yevgeniy-zhovtis/")

    lines = re.findall(r'<p class="search-result-line">(.*?)</p>', row, re.S)
    assert [text_of(line) for line in lines] == [
        "Roles Speaker at 1 event",
        "Events Kazakhstan’s Bloody January: Protest Motivations, Public Perceptions and Human "
        "Rights (2023)",
    ]
    assert 'href="/events/kazakhstans-bloody-january-2023-12-07/"' in lines[1]


def test_an_event_hit_shows_its_date_and_people_but_never_a_withheld_person(client, indexed):
    event = factories.event(title="Zzquorum seminar", slug="zzq", date=datetime.date(2024, 5, 6))
    shown = factories.person(name="Aigerim Shown", slug="aigerim-shown")
    withheld = factories.person(name="Withheld Person", slug="withheld-person", is_public=False)
    moderator = factories.person(name="Dana Moderator", slug="dana-moderator")
    factories.event_person(event=event, person=shown, role=EventPersonRole.SPEAKER, position=1)
    factories.event_person(event=event, person=withheld, role=EventPersonRole.SPEAKER, position=2)
    factories.event_person(
        event=event, person=moderator, role=EventPersonRole.MODERATOR, position=3
    )
    index_rebuild(backend=get_backend())

    html = client.get(URL, {"q": "zzquorum"}).content.decode()
    row = row_of(html, "/events/zzq/")

    assert '<time datetime="2024-05-06">6 May 2024</time>' in row
    (line,) = re.findall(r'<p class="search-result-line">(.*?)</p>', row, re.S)
    assert text_of(line) == "Speakers Aigerim Shown, Dana Moderator (moderator)"
    assert "Withheld" not in html


def many_events(count: int) -> None:
    for n in range(count):
        event = factories.event(
            title=f"Zzquorum meeting {n}", slug=f"zzq-{n}", date=datetime.date(2024, 1, n + 1)
        )
        for position in (1, 2):
            factories.event_person(
                event=event, person=factories.person(), role="speaker", position=position
            )
    question = factories.question(
        survey=factories.survey(), number=1, text="Zzquorum question", short_label=""
    )
    for position, percent in enumerate(("40.5", "30", "20")):
        factories.result(
            question=question, position=position, percent=percent, label=f"Option {position}"
        )


@pytest.mark.parametrize("count", [1, 10])
def test_the_page_runs_the_same_queries_for_one_hit_and_for_ten(
    client, search_backend, db, django_assert_num_queries, count
):
    many_events(count)
    person = factories.person(name="Talgat Moderator", bio="Zzquorum studies.")
    factories.event_person(event=factories.event(), person=person, role="moderator")
    index_rebuild(backend=get_backend())

    # Events, a question and people on one page (no topic or organization to name in the
    # facets): the questions' results (1), the people's events (1), the events' people (1).
    # PostgreSQL answers the search itself with three more queries.
    with django_assert_num_queries({"whoosh": 3, "postgres": 6}[search_backend]):
        html = client.get(URL, {"q": "zzquorum", "per_page": 20}).content.decode()

    assert html.count('<li class="search-result search-result-event">') == count
    assert html.count('<table class="chart chart--hit">') == 1
    # The speakers are found too (their pages name the meetings): each with roles and events.
    people = html.count('<li class="search-result search-result-person">')
    assert people == min(2 * count + 1, 20 - count - 1)
    assert html.count('<span class="card__label">Roles</span>') == people


def test_facet_names_are_read_once_per_version_and_again_after_an_edit(
    client, search_backend, db, django_assert_num_queries
):
    topic = factories.topic(name="Zzwater rights", slug="zzwater")
    event = factories.event(title="Zzriver hearing")
    event.topics.add(topic)
    index_rebuild(backend=get_backend())
    # The questions' results, people's events and events' people are read for each page; the
    # topic's name once for this state of the content and the index. PostgreSQL runs three
    # queries of its own for the first search and one when the same words are searched again
    # (their stems and expansions kept for the index's generation).
    first, again = {"whoosh": (2, 1), "postgres": (5, 3)}[search_backend]

    with django_assert_num_queries(first):
        html = client.get(URL, {"q": "zzriver"}).content.decode()
    assert 'topic=zzwater" rel="nofollow">Zzwater rights</a>' in html
    with django_assert_num_queries(again):
        html = client.get(URL, {"q": "zzriver"}).content.decode()
    assert 'topic=zzwater" rel="nofollow">Zzwater rights</a>' in html

    topic.name = "Zzriver rights"
    topic.save()
    content_version_bump()  # as the edit's commit does, on every server
    html = client.get(URL, {"q": "zzriver"}).content.decode()
    assert 'topic=zzwater" rel="nofollow">Zzriver rights</a>' in html
