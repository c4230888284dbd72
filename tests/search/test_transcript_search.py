# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""Search finds what was said: transcript passages with their speaker and time, on both backends.

The transcript is the made-up test dialogue of tests/media/data (nobody said any of it).
"""

import re

import pytest
from django.contrib.auth.models import User

from kb.media.services import transcript_attach, transcript_speaker_resolve
from kb.models import Event, Person, Recording, TranscriptSegment
from kb.search.backends import get_backend
from kb.search.maintenance import index_check, index_rebuild
from kb.search.searching import search_run
from kb.search.transcript_docs import Passage
from tests.media.conftest import DATA, EVENT, YOUTUBE
from tests.search.test_indexing import commit  # noqa: F401 (fixture)
from tests.search.test_searching import search_backend  # noqa: F401 (fixture)

TITLE = "Kazakhstan’s Bloody January: Protest Motivations, Public Perceptions and Human Rights"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start="
ZHOVTIS_SAID = Passage(
    event=TITLE,
    speaker="Yevgeniy Zhovtis",
    speaker_url="/people/yevgeniy-zhovtis/",
    start=1930,
    recording_url=f"{PLAYER}1930",
)


def attach(recording, name="bloody-january.vtt"):
    return transcript_attach(recording=recording, content=(DATA / name).read_bytes())


@pytest.fixture
def recording(documents):
    return Recording.objects.create(
        event=Event.objects.get(slug=EVENT), url=YOUTUBE, title="Full recording"
    )


@pytest.fixture
def said(search_backend, recording):
    """The documents' data and the test transcript, indexed from scratch."""
    attach(recording)
    index_rebuild(backend=get_backend())
    return recording


def hits(q, **params):
    return search_run(params={"q": q, "per_page": 100, **params}).page.hits


def passages(q, **params) -> list[tuple[str, str, list[str]]]:
    """Transcript hits as (speaker, time, the snippet's marked words). (The backends cut a
    snippet differently: Whoosh keeps the first stop word, PostgreSQL's headline drops it.)"""
    return [
        (h.passage.speaker, h.passage.clock, re.findall(r"<mark>(.*?)</mark>", str(h.snippet)))
        for h in hits(q, **params)
        if h.type == "transcript"
    ]


def test_a_word_finds_who_said_it_and_when(said):
    [hit] = [h for h in hits("torture") if h.type == "transcript"]
    assert hit.passage == ZHOVTIS_SAID
    assert (hit.title, hit.url, hit.type_label, hit.figures) == (
        TITLE,
        f"/events/{EVENT}/#t-1930",
        "Transcript passage",
        "",
    )
    assert (
        "made-up passage I speak about <mark>torture</mark> in detention after the protests"
        in str(hit.snippet)
    )
    assert hit.date.isoformat() == "2023-12-07"


def test_type_transcript_gives_only_what_was_said(said):
    assert sorted(passages("protests", type="transcript")) == [
        ("Serik Beissembayev", "00:00:14", ["protests"]),
        ("Yevgeniy Zhovtis", "00:32:10", ["protests"]),
    ]
    assert [h.type for h in hits("type:transcript")] == ["transcript"] * 6


def test_person_field_includes_what_the_person_said(said):
    found = hits("person:zhovtis")
    assert (found[0].type, found[0].title) == ("person", "Yevgeniy Zhovtis")
    # The event he spoke at and what he said there; the backends may rank the two either way.
    assert sorted((h.type, h.title, h.passage) for h in found[1:]) == [
        ("event", TITLE, None),
        ("transcript", TITLE, ZHOVTIS_SAID),
    ]
    # Any spelling of the name, as for the events they spoke at.
    assert [h.passage for h in hits("person:Жовтис type:transcript")] == [ZHOVTIS_SAID]


def test_the_people_facet_counts_what_speakers_said(said):
    page = search_run(params={"q": "person:zhovtis"}).page
    assert dict(page.facets["type"]) == {"person": 1, "event": 1, "transcript": 1}
    # Zhovtis spoke at the event: his person record and his words both count as "spoke".
    assert dict(page.facets["role"]) == {"spoke": 2}
    assert [h.type for h in hits("person:zhovtis", role="spoke")] == ["person", "transcript"]


def test_an_unmatched_speaker_is_unidentified_and_their_name_never_indexed(said):
    assert passages("amnesty") == [("Unidentified speaker", "00:33:00", ["amnesty"])]
    assert hits("audience member", type="transcript") == []


def test_the_search_page_shows_speaker_time_and_passage(said, client):
    body = client.get("/search/", {"q": "torture", "type": "transcript"}).text
    assert f'<h2><a href="/events/{EVENT}/#t-1930">{TITLE}</a></h2>' in body
    assert (
        '<p class="search-result-snippet search-result-passage">'
        '<a href="/people/yevgeniy-zhovtis/">Yevgeniy Zhovtis</a>, '
        '<a class="transcript__time" href="'
        f'{PLAYER}1930" rel="noopener" title="Play the recording from 00:32:10">00:32:10</a>: '
    ) in body
    assert "speak about <mark>torture</mark> in detention after the protests" in body


def test_the_api_gives_the_passage(said, client):
    response = client.get("/api/search/", {"q": "torture", "type": "transcript"})
    [result] = response.json()["results"]
    assert result["passage"] == {
        "speaker": "Yevgeniy Zhovtis",
        "speaker_url": "http://testserver/people/yevgeniy-zhovtis/",
        "start": 1930,
        "clock": "00:32:10",
        "recording_url": f"{PLAYER}1930",
    }
    assert (result["title"], result["page_url"], result["api_url"]) == (
        TITLE,
        f"http://testserver/events/{EVENT}/#t-1930",
        f"http://testserver/api/events/{EVENT}/",
    )


# --- only what the public may read ----------------------------------------------------------


def test_a_private_recordings_words_are_never_searchable(search_backend, recording, client):
    recording.public = False
    recording.save()
    attach(recording)
    index_rebuild(backend=get_backend())
    assert passages("torture") == []
    assert hits("type:transcript") == []
    api = client.get("/api/search/", {"q": "torture"}).json()
    assert [r["type"] for r in api["results"] if r["passage"]] == []
    assert "made-up passage" not in client.get("/search/", {"q": "torture detention"}).text
    assert "Talks" not in client.get("/people/yevgeniy-zhovtis/").text


def test_a_draft_event_or_a_withheld_speaker_keeps_their_words_out(search_backend, recording):
    attach(recording)
    Person.objects.filter(slug="yevgeniy-zhovtis").update(is_public=False)
    index_rebuild(backend=get_backend())
    assert passages("torture") == []
    assert len(hits("type:transcript")) == 5  # everyone else's words
    Event.objects.filter(slug=EVENT).update(published=False)
    index_rebuild(backend=get_backend())
    assert hits("type:transcript") == []


# --- the index follows the transcript ---------------------------------------------------------


def test_attaching_replacing_and_deleting_a_transcript_updates_the_index(
    search_backend, recording, commit
):
    index_rebuild(backend=get_backend())
    with commit():
        attach(recording)
    assert [h.passage for h in hits("torture", type="transcript")] == [ZHOVTIS_SAID]
    with commit():
        attach(recording, "bloody-january.srt")  # three of the cues, new segments
    assert [h.passage.speaker for h in hits("type:transcript", sort="oldest")] == [
        "Karlygash Kabatova",
        "Serik Beissembayev",
        "Yevgeniy Zhovtis",
    ]
    assert passages("amnesty") == []
    status = index_check(backend=get_backend())
    assert (status.missing, status.stale, status.extra) == ([], [], [])
    with commit():
        recording.public = False
        recording.save()
    assert hits("type:transcript") == []
    with commit():
        recording.public = True
        recording.save()
    assert len(hits("type:transcript")) == 3
    with commit():
        recording.transcript.delete()
    assert hits("type:transcript") == []
    assert TranscriptSegment.objects.count() == 0


def test_resolving_a_speaker_puts_their_name_on_the_passage(search_backend, recording, commit):
    report = attach(recording)
    index_rebuild(backend=get_backend())
    assert report.unmatched == ["Audience Member"]
    with commit():
        transcript_speaker_resolve(
            transcript=report.transcript,
            name="Audience Member",
            person=Person.objects.get(slug="karlygash-kabatova"),
        )
    assert passages("amnesty") == [("Karlygash Kabatova", "00:33:00", ["amnesty"])]


# --- a person's talks -------------------------------------------------------------------------


def test_a_persons_page_lists_their_talks_with_links_into_the_transcript(client, recording):
    attach(recording)
    Recording.objects.create(
        event=recording.event, url="https://vimeo.com/555", title="Raw cut", public=False
    )
    body = client.get("/people/yevgeniy-zhovtis/").text
    assert (
        '<li><time datetime="2023-12-07">7 Dec 2023</time> '
        f'<a href="/events/{EVENT}/">{TITLE}</a>, Full recording: '
        f'<a href="/events/{EVENT}/#t-1930">transcript from 00:32:10</a> · '
        f'<a href="{PLAYER}1930" rel="noopener">play from 00:32:10</a></li>'
    ) in body
    assert body.count("transcript from") == 1


def test_staff_see_a_private_talk_marked_private(client, recording):
    recording.public = False
    recording.save()
    attach(recording)
    assert "transcript from" not in client.get("/people/yevgeniy-zhovtis/").text
    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = client.get("/people/yevgeniy-zhovtis/").text
    assert (
        f'<a href="{PLAYER}1930" rel="noopener">play from 00:32:10</a> '
        "<strong>private</strong> (staff only)</li>"
    ) in staff


# --- an event with several transcripts ------------------------------------------------------

VIMEO = "https://vimeo.com/555"


@pytest.fixture
def two_said(search_backend, recording):
    """The event with two transcribed recordings: the full one, then a cut of it (the SRT file,
    whose times are the full one's, so every time of the cut is also one of the full one)."""
    attach(recording)
    cut = Recording.objects.create(event=recording.event, url=VIMEO, title="Cut", position=1)
    attach(cut, "bloody-january.srt")
    index_rebuild(backend=get_backend())
    return recording, cut


def transcripts_on(body: str) -> dict[str, tuple[int, str]]:
    """Each transcript paragraph of an event page by its id: (its recording's pk, its HTML)."""
    found = {}
    sections = r'<section class="transcript" id="transcript-(\d+)"[^>]*>(.*?)</section>'
    for pk, section in re.findall(sections, body, re.S):
        for anchor, text in re.findall(r'<p id="([^"]+)">(.*?)</p>', section, re.S):
            assert anchor not in found
            found[anchor] = (int(pk), text)
    return found


def test_each_transcript_of_an_event_has_its_own_passage_anchors(two_said, client):
    full, cut = two_said
    body = client.get(f"/events/{EVENT}/").text
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert [i for i in ids if ids.count(i) > 1] == []
    # The first transcript keeps the anchors it had alone; the other's carry its recording.
    assert {anchor: pk for anchor, (pk, _) in transcripts_on(body).items()} == {
        "t-5": full.pk,
        "t-14": full.pk,
        "t-1930": full.pk,
        "t-1945": full.pk,
        "t-1960": full.pk,
        "t-1980": full.pk,
        f"r{cut.pk}-t-5": cut.pk,
        f"r{cut.pk}-t-14": cut.pk,
        f"r{cut.pk}-t-1930": cut.pk,
    }


def test_hits_and_talks_link_to_the_passage_in_the_right_transcript(two_said, client):
    full, cut = two_said
    page = transcripts_on(client.get(f"/events/{EVENT}/").text)
    event = f"/events/{EVENT}/"
    links = [event + f"#r{cut.pk}-t-1930", event + "#t-1930"]
    found = sorted((h.url, h.passage.recording_url) for h in hits("torture", type="transcript"))
    assert found == [(links[0], cut.url_at(1930)), (links[1], f"{PLAYER}1930")]
    for (url, recording_url), recording in zip(found, [cut, full], strict=True):
        pk, text = page[url.partition("#")[2]]
        # The paragraph there is the hit's, in its recording's transcript: its time starts the
        # hit's recording, its words match.
        assert pk == recording.pk
        assert f'href="{recording_url}"' in text
        assert "speak about torture in detention" in text
    api = client.get("/api/search/", {"q": "torture", "type": "transcript"}).json()
    assert sorted(r["page_url"] for r in api["results"]) == [f"http://testserver{u}" for u in links]
    talks = client.get("/people/yevgeniy-zhovtis/").text
    assert re.findall(r'<a href="([^"]+)">transcript from 00:32:10</a>', talks) == [
        links[1],  # the full recording comes first on the event page, so among the talks too
        links[0],
    ]


def test_the_anchors_follow_the_first_public_transcript(two_said, client, commit):
    full, cut = two_said
    with commit():
        full.public = False
        full.save()
    # The cut is now the first (only) public transcript: its passages take the short anchors,
    # in search, on the page and on the person's page; staff see the private one's apart.
    [hit] = hits("torture", type="transcript")
    assert (hit.url, hit.passage.recording_url) == (f"/events/{EVENT}/#t-1930", cut.url_at(1930))
    assert list(transcripts_on(client.get(f"/events/{EVENT}/").text)) == ["t-5", "t-14", "t-1930"]
    talks = client.get("/people/yevgeniy-zhovtis/").text
    assert f'<a href="/events/{EVENT}/#t-1930">transcript from 00:32:10</a>' in talks
    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = transcripts_on(client.get(f"/events/{EVENT}/").text)
    assert (staff["t-1930"][0], staff[f"r{full.pk}-t-1930"][0]) == (cut.pk, full.pk)
    status = index_check(backend=get_backend())
    assert (status.missing, status.stale, status.extra) == ([], [], [])


def test_passages_and_talks_read_in_the_pages_language(said, client):
    search = client.get("/kk/search/", {"q": "amnesty", "type": "transcript"}).text
    assert (
        '<p class="search-result-snippet search-result-passage">Белгісіз сөйлеуші, '
        '<a class="transcript__time"'
    ) in search
    assert "Стенограмма үзіндісі" in search  # the hit's type
    talks = client.get("/kk/people/yevgeniy-zhovtis/").text
    assert '<h2 id="talks-title">Сөйлеген сөздері</h2>' in talks
    assert "00:32:10 бастап стенограмма</a> · " in talks
    assert "00:32:10 бастап ойнату</a>" in talks


def test_a_passage_hit_reads_in_the_readers_language_or_english_marked(said, client):
    Event.objects.filter(slug=EVENT).update(title_ru="Кровавый январь Казахстана")
    Person.objects.filter(slug="yevgeniy-zhovtis").update(name_kk="")  # a Russian name only
    index_rebuild(backend=get_backend())
    russian = client.get("/ru/search/", {"q": "torture", "type": "transcript"}).text
    kazakh = client.get("/kk/search/", {"q": "torture", "type": "transcript"}).text

    assert f'<h2><a href="/ru/events/{EVENT}/#t-1930">Кровавый январь Казахстана</a></h2>' in (
        russian
    )
    assert (
        '<p class="search-result-snippet search-result-passage">'
        '<a href="/ru/people/yevgeniy-zhovtis/">Евгений Жовтис</a>, '
    ) in russian
    # No Kazakh title or name yet: the English ones, marked, with the note.
    assert (
        f'<h2><a href="/kk/events/{EVENT}/#t-1930" lang="en">{TITLE}</a> '
        '<small class="untranslated">(әлі аударылмаған)</small></h2>'
    ) in kazakh
    assert (
        '<p class="search-result-snippet search-result-passage">'
        '<a href="/kk/people/yevgeniy-zhovtis/" lang="en">Yevgeniy Zhovtis</a>, '
    ) in kazakh
    # The English page is as it was.
    english = client.get("/search/", {"q": "torture", "type": "transcript"}).text
    assert f'<h2><a href="/events/{EVENT}/#t-1930">{TITLE}</a></h2>' in english
