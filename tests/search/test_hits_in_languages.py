# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""Search hits in the reader's language (kb/search/localized.py), on both backends: the title,
snippet and figures of a hit in Russian or Kazakh where the record has them, English marked
lang="en" with a note where it has not, and no query more than the English page."""

import re

import pytest
from django.utils import translation

from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from tests import factories
from tests.search.test_searching import indexed, search_backend  # noqa: F401

NOTE_RU = '<small class="untranslated">(ещё не переведено)</small>'
NOTE_KK = '<small class="untranslated">(әлі аударылмаған)</small>'


def path(record) -> str:
    """The record's English (unprefixed) address, whatever language a request left active."""
    with translation.override("en"):
        return record.get_absolute_url()


def hits(html: str) -> list[str]:
    return re.findall(r'<li class="search-result search-result-\w+">(.*?)</li>', html, re.S)


def heading(hit: str) -> str:
    return re.search(r"<h2>(.*?)</h2>", hit, re.S).group(1)


def snippet(hit: str) -> str:
    return re.search(r'<p class="search-result-snippet">(.*?)</p>', hit, re.S).group(1)


@pytest.fixture
def translated_event(search_backend, db):
    event = factories.event(
        title_en="Quorzian protest trials",
        title_ru="Кворзианские процессы над протестующими",
        summary_en="Hearings of the quorzian protesters in Almaty.",
        summary_ru="Слушания по делам кворзианских протестующих в Алматы.",
        subtitle_en="",
        description_en="",
    )
    index_rebuild(backend=get_backend())
    return event


def test_a_hit_shows_its_russian_title_and_text_on_the_russian_page(client, translated_event):
    url = f"/ru{translated_event.get_absolute_url()}"
    page = client.get("/ru/search/", {"q": "кворзианских"}).content.decode()

    (hit,) = hits(page)
    assert heading(hit) == f'<a href="{url}">Кворзианские процессы над протестующими</a>'
    assert snippet(hit) == ("Слушания по делам <mark>кворзианских</mark> протестующих в Алматы.")
    assert 'lang="en"' not in hit


def test_a_hit_with_no_kazakh_text_shows_english_marked_on_the_kazakh_page(
    client, translated_event
):
    url = f"/kk{translated_event.get_absolute_url()}"
    page = client.get("/kk/search/", {"q": "quorzian"}).content.decode()

    (hit,) = hits(page)
    assert heading(hit) == f'<a href="{url}" lang="en">Quorzian protest trials</a> {NOTE_KK}'
    assert snippet(hit) == (
        '<span lang="en">Hearings of the <mark>quorzian</mark> protesters in Almaty.</span>'
    )


def test_the_english_page_shows_the_english_hit_unmarked(client, translated_event):
    page = client.get("/search/", {"q": "quorzian"}).content.decode()

    (hit,) = hits(page)
    assert (
        heading(hit)
        == f'<a href="{translated_event.get_absolute_url()}">Quorzian protest trials</a>'
    )
    # (PostgreSQL's own headline for an English page leaves the full stop out.)
    assert snippet(hit).rstrip(".") == "Hearings of the <mark>quorzian</mark> protesters in Almaty"


def test_an_english_word_finds_the_record_and_shows_it_in_russian(client, translated_event):
    (hit,) = hits(client.get("/ru/search/", {"q": "quorzian"}).content.decode())

    assert ">Кворзианские процессы над протестующими</a>" in heading(hit)
    assert snippet(hit) == "Слушания по делам кворзианских протестующих в Алматы."


def test_a_question_hit_writes_its_figures_and_lines_as_the_language_does(client, indexed):
    russian = hits(client.get("/ru/search/", {"q": "torture", "type": "question"}).content.decode())
    english = hits(client.get("/search/", {"q": "torture", "type": "question"}).content.decode())

    assert snippet(english[0]).startswith(
        "Attitude to the use of <mark>torture</mark> Condemn the use of <mark>torture</mark>: 71.6%"
    )
    # The question has no Russian wording yet: English, marked, with the figures as Russian
    # writes them.
    assert heading(russian[0]) == (
        '<a href="/ru/surveys/january-events-survey-2023/questions/2/" lang="en">Use of torture</a>'
        f" {NOTE_RU}"
    )
    assert snippet(russian[0]).startswith(
        '<span lang="en">Attitude to the use of <mark>torture</mark> Condemn the use of '
        "<mark>torture</mark>: 71,6%"
    )


def test_a_topic_hit_names_its_kind_in_the_readers_language(client, indexed):
    (hit, *_rest) = hits(client.get("/ru/search/", {"q": "пытки"}).content.decode())

    assert heading(hit) == (
        '<a href="/ru/topics/freedom-from-torture/">Свобода от пыток и жестокого обращения</a>'
    )
    assert snippet(hit) == "Право человека"


@pytest.mark.parametrize("language", ["", "/ru", "/kk"])
def test_a_translated_results_page_runs_the_english_number_of_queries(
    client, translated_event, search_backend, django_assert_num_queries, language
):
    # The hits' texts come from the index: only the event's people are read (one query); no
    # topic or organization to name in the facets. PostgreSQL answers the search itself with
    # three more.
    with django_assert_num_queries({"whoosh": 1, "postgres": 4}[search_backend]):
        response = client.get(f"{language}/search/", {"q": "quorzian"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("lang", "title", "title_language", "snippet_text", "snippet_language"),
    [
        (
            "ru",
            "Кворзианские процессы над протестующими",
            "ru",
            "Слушания по делам кворзианских протестующих в Алматы.",
            "ru",
        ),
        (
            "kk",
            "Quorzian protest trials",
            "en",
            "Hearings of the quorzian protesters in Almaty.",
            "en",
        ),
        (
            "en",
            "Quorzian protest trials",
            "en",
            "Hearings of the quorzian protesters in Almaty.",
            "en",
        ),
    ],
)
def test_the_api_serves_a_hit_in_the_language_asked_for_and_says_which(
    client, translated_event, lang, title, title_language, snippet_text, snippet_language
):
    data = client.get("/api/search/", {"q": "quorzian", "lang": lang}).json()

    (hit,) = data["results"]
    assert (hit["title"], hit["title_language"]) == (title, title_language)
    # (PostgreSQL's own headline for English leaves the full stop out.)
    assert (hit["snippet"].rstrip("."), hit["snippet_language"]) == (
        snippet_text.rstrip("."),
        snippet_language,
    )
    assert data["language"] == lang


def test_an_event_hits_people_are_named_in_the_readers_language(client, translated_event):
    named = factories.person(name="Aliya Nurova")
    named.name_ru = "Алия Нурова"
    named.save()
    unnamed = factories.person(name="Daniyar Sadykov")
    factories.event_person(event=translated_event, person=named, role="speaker", position=1)
    factories.event_person(event=translated_event, person=unnamed, role="speaker", position=2)
    paths = [path(named), path(unnamed)]
    index_rebuild(backend=get_backend())

    (hit, *_people) = hits(client.get("/ru/search/", {"q": "кворзианских"}).content.decode())

    assert (
        f'<a href="/ru{paths[0]}">Алия Нурова</a>, '
        f'<a href="/ru{paths[1]}" lang="en">Daniyar Sadykov</a>'
    ) in hit


def test_a_person_hits_events_are_titled_in_the_readers_language(client, translated_event):
    person = factories.person(name="Zorvan Quillby")
    factories.event_person(event=translated_event, person=person, role="speaker", position=1)
    other = factories.event(title="Zorvan's second hearing", date=translated_event.date)
    factories.event_person(event=other, person=person, role="speaker", position=1)
    paths = [path(translated_event), path(other)]
    index_rebuild(backend=get_backend())

    page = client.get("/ru/search/", {"q": "Zorvan Quillby", "type": "person"}).content.decode()

    (hit,) = hits(page)
    assert f'<a href="/ru{paths[0]}">Кворзианские процессы над протестующими</a>' in hit
    assert f'<a href="/ru{paths[1]}" lang="en">Zorvan&#39;s second hearing</a>' in hit


def test_a_question_hits_answers_are_marked_where_english(client, indexed):
    (hit,) = hits(client.get("/ru/search/", {"q": "torture", "type": "question"}).content.decode())[
        :1
    ]

    assert '<th scope="row" class="chart__label" lang="en">Condemn the use of torture</th>' in hit


@pytest.fixture
def untranslated_topic(search_backend, db):
    topic = factories.topic(
        name_en="Zelmirian assembly",
        name_ru="Зельмирианские собрания",
        kind="right",
        description_en="Gatherings of the zelmirian movement in Shymkent.",
    )
    index_rebuild(backend=get_backend())
    return topic


def test_only_the_english_part_of_a_snippet_is_marked_english(client, untranslated_topic):
    # The topic's kind is an interface line, in Russian; its description has no Russian yet.
    (hit,) = hits(client.get("/ru/search/", {"q": "zelmirian", "type": "topic"}).content.decode())

    assert heading(hit) == f'<a href="/ru{path(untranslated_topic)}">Зельмирианские собрания</a>'
    assert snippet(hit) == (
        'Право человека <span lang="en">Gatherings of the <mark>zelmirian</mark> movement in'
        f" Shymkent.</span> {NOTE_RU}"
    )


def test_an_english_run_cut_by_the_snippets_window_is_marked_on_both_sides(
    client, db, search_backend
):
    words = " ".join(f"filler{n}" for n in range(40))
    factories.topic(
        name_en="Vexlorn hearings",
        name_kk="Векслорн тыңдаулары",
        kind="theme",
        description_en=f"{words} the vexlorn record {words}",
    )
    index_rebuild(backend=get_backend())

    (hit,) = hits(client.get("/kk/search/", {"q": "vexlorn", "type": "topic"}).content.decode())

    assert snippet(hit) == (
        '… <span lang="en">filler37 filler38 filler39 the <mark>vexlorn</mark> record '
        + " ".join(f"filler{n}" for n in range(26))
        + f"</span> … {NOTE_KK}"
    )


def test_the_marks_characters_typed_by_staff_do_not_unpair_the_pages_spans(
    client, db, search_backend
):
    # U+E000 and U+E001 mark English runs in the stored text; typed into a field they are dropped.
    factories.topic(
        name_en="Quorvane inquiry",
        name_ru="Расследование Кворван",
        kind="theme",
        description_en="Closing \ue001 the quorvane \ue000 file",
    )
    index_rebuild(backend=get_backend())

    (hit,) = hits(client.get("/ru/search/", {"q": "quorvane", "type": "topic"}).content.decode())

    assert snippet(hit) == (
        'Исследовательская тема <span lang="en">Closing the <mark>quorvane</mark> file</span> '
        f"{NOTE_RU}"
    )


def test_the_lines_the_index_writes_read_in_the_readers_language(client, db, search_backend):
    # "Part of …" is the search text's own line, not staff's: each language's hit writes it.
    parent = factories.topic(name_en="Brastovian rights", name_ru="Брастовские права", kind="right")
    factories.topic(
        name_en="Brastovian assembly",
        name_ru="Брастовские собрания",
        name_kk="Брастов жиналыстары",
        kind="right",
        parent=parent,
    )
    index_rebuild(backend=get_backend())

    def lines(prefix):
        page = client.get(f"{prefix}/search/", {"q": "brastovian assembly", "type": "topic"})
        (hit,) = hits(page.content.decode())
        return snippet(hit)

    assert lines("") == "Human right Part of <mark>Brastovian</mark> rights"
    assert lines("/ru") == "Право человека Входит в: Брастовские права"
    # No Kazakh name for the parent: its English one stands in, marked; the line's words are Kazakh.
    assert lines("/kk") == (
        'Адам құқығы <span lang="en"><mark>Brastovian</mark> rights</span> құрамына кіреді'
    )
