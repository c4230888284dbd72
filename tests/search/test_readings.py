"""Questions in plain words and loose readings (kb/search/reading.py), on both backends."""

from kb.search.searching import search_run

from .test_searching import indexed, keys, search_backend  # noqa: F401 (fixtures)


def test_who_asks_for_people_and_its_question_words_are_not_required(indexed):  # noqa: F811
    outcome = search_run(params={"q": "who has spoken about torture"})
    assert [outcome.reading, outcome.reading_note] == [
        "question",
        "Read as a question: searched people for torture (left out: who, has, spoken, about).",
    ]
    assert keys("who has spoken about torture") == ["person:yevgeniy-zhovtis"]


def test_what_did_people_think_finds_the_shutdown_question_and_topic(indexed):  # noqa: F811
    found = keys("what did people think of the internet shutdown")
    assert set(found[:2]) == {"question:8", "topic:internet-shutdowns"}
    assert len(found) == 3


def test_which_organizations_asks_for_organizations(indexed):  # noqa: F811
    found = keys("which organizations work on freedom of assembly")
    assert sorted(found) == [
        "organization:international-expert-commission",
        "organization:osce-odihr",
    ]


def test_no_record_holds_every_word_so_those_holding_most_come_first(indexed):  # noqa: F811
    outcome = search_run(params={"q": "torture shutdown zebra", "per_page": 100})
    assert outcome.reading == "loose"
    assert outcome.reading_note == (
        "No record holds every word of “torture shutdown zebra”: "
        "showing the records that hold most of them, best first."
    )
    found = keys("torture shutdown zebra")
    # Only the survey's source document holds both torture and shutdown; nine records hold one.
    assert found[0] == "document:demoscope-january-events-survey"
    assert sorted(found[1:]) == [
        "document:bloody-january-online-discussion-2023-12-07",
        "event:kazakhstans-bloody-january-2023-12-07",
        "organization:kibhr",
        "person:yevgeniy-zhovtis",
        "question:2",
        "question:8",
        "survey:january-events-survey-2023",
        "topic:freedom-from-torture",
        "topic:internet-shutdowns",
    ]


def test_the_page_says_it_read_loosely_instead_of_nothing_found(indexed, client):  # noqa: F811
    html = client.get("/search/", {"q": "torture shutdown zebra"}).content.decode()
    assert "Nothing found" not in html
    assert (
        '<p class="search-reading" role="status">No record holds every word of '
        "“torture shutdown zebra”: showing the records that hold most of them, best first.</p>"
    ) in html
    assert "<strong>10 results</strong>" in html


def test_the_api_says_which_reading_it_used(indexed, client):  # noqa: F811
    body = client.get(
        "/api/search/", {"q": "what did people think of the internet shutdown"}
    ).json()
    assert [body["reading"], body["reading_note"], body["count"]] == [
        "question",
        "Read as a question: searched for internet shutdown "
        "(left out: what, did, people, think, of, the).",
        3,
    ]
    strict = client.get("/api/search/", {"q": "torture"}).json()
    assert [strict["reading"], strict["reading_note"]] == ["strict", ""]


def test_the_query_as_typed_comes_first_when_it_finds_anything(indexed):  # noqa: F811
    outcome = search_run(params={"q": "freedom of assembly"})
    assert [outcome.reading, outcome.reading_note] == ["strict", ""]


def test_two_words_typed_apart_are_read_as_the_joined_word_the_index_holds(indexed):  # noqa: F811
    # DEMOSCOPE is one word in capitals: no parts of it are indexed to meet "Demo scope".
    outcome = search_run(params={"q": "who is Demo scope"})
    assert [outcome.reading, outcome.reading_note] == [
        "joined",
        "Read “Demo scope” as one word: Demoscope. Left out as question words: who, is.",
    ]
    assert keys("Demo scope")[0] == "organization:demoscope"


def test_how_many_asks_for_a_questions_figures_even_when_it_holds_only_some_words(indexed):  # noqa: F811
    outcome = search_run(params={"q": "how many approve of shooting protesters"})
    assert [outcome.reading, outcome.reading_note] == [
        "loose",
        "No survey question holds every word of “approve shooting protesters”: showing the "
        "survey questions that hold most of them, best first. "
        "Left out as question words: how, many, of.",
    ]
    # "Order to shoot protesters to kill" holds two of the three words; the others one.
    found = keys("how many approve of shooting protesters")
    assert found[0] == "question:1"
    # Then the seven that hold one word (protesters, or approve among their answers).
    assert sorted(found[1:]) == [f"question:{n}" for n in (10, 12, 4, 5, 6, 7, 8)]
