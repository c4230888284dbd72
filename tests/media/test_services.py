"""Attaching a transcript: speakers matched in any spelling, replaced on a new upload, nothing
stored from a bad file; the same from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kb.media.parsing import TranscriptError
from kb.media.services import event_people, transcript_attach, transcript_speaker_resolve
from kb.media.speakers import SpeakerIndex
from kb.models import Person, Recording, Transcript, TranscriptSegment

from .conftest import DATA, EVENT, YOUTUBE


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Yevgeniy Zhovtis", "yevgeniy-zhovtis"),
        ("Евгений Жовтис", "yevgeniy-zhovtis"),
        ("Evgenii Zhovtis", "yevgeniy-zhovtis"),
        ("Zhovtis Yevgeniy", "yevgeniy-zhovtis"),
        ("Zhovtis", "yevgeniy-zhovtis"),
        ("Серик Бейсембаев", "serik-beissembayev"),
        ("Beysembayev Serik", "serik-beissembayev"),
        ("Karlygash Qabatova", "karlygash-kabatova"),
        ("Auezbek", "aldiyar-auyezbek"),
        ("KAMILA KOVIAZINA", "kamila-kovyazina"),
        ("Audience Member", None),
        ("Snezhana Tsoy", None),  # a person of the knowledge base, but not at this event
        ("Serik", None),
    ],
)
def test_speaker_names_match_the_events_people_in_any_spelling(event, name, slug):
    found = SpeakerIndex(event_people(event)).match(name)
    assert (found.slug if found else None) == slug


def test_attach_webvtt_matches_speakers_and_lists_the_unmatched(recording):
    report = transcript_attach(
        recording=recording,
        content=(DATA / "bloody-january.vtt").read_bytes(),
        filename="bloody-january.vtt",
    )
    assert report.segments == 7
    assert report.unmatched == ["Audience Member"]
    assert report.matched == {
        "Auezbek": "Aldiyar Auyezbek",
        "Kamila Koviazina": "Kamila Kovyazina",
        "Karlygash Kabatova": "Karlygash Kabatova",
        "Serik Beisembaev": "Serik Beissembayev",
        "Евгений Жовтис": "Yevgeniy Zhovtis",
    }
    rows = TranscriptSegment.objects.filter(transcript=report.transcript)
    assert [
        (s.position, s.start, s.speaker.slug if s.speaker else s.speaker_name) for s in rows
    ] == [
        (1, 5.0, "karlygash-kabatova"),
        (2, 14.0, "serik-beissembayev"),
        (3, 30.5, "serik-beissembayev"),
        (4, 1930.0, "yevgeniy-zhovtis"),
        (5, 1945.0, "kamila-kovyazina"),
        (6, 1960.0, "aldiyar-auyezbek"),
        (7, 1980.0, "Audience Member"),
    ]
    assert report.transcript.source_format == "vtt"
    assert report.transcript.unmatched_names() == ["Audience Member"]


def test_a_new_upload_replaces_the_segments_and_resolving_a_name(recording):
    transcript_attach(recording=recording, content=(DATA / "bloody-january.vtt").read_bytes())
    report = transcript_attach(
        recording=recording, content=(DATA / "bloody-january.srt").read_bytes(), filename="a.srt"
    )
    assert Transcript.objects.count() == 1
    assert report.transcript.segments.count() == 3
    moderator = Person.objects.get(slug="karlygash-kabatova")
    transcript_attach(recording=recording, content="00:00:01 Host: Hello.\n00:00:02 Host: Bye.")
    assert (
        transcript_speaker_resolve(transcript=recording.transcript, name="Host", person=moderator)
        == 2
    )
    assert recording.transcript.unmatched_names() == []


def test_a_bad_file_stores_nothing_and_keeps_the_earlier_transcript(recording):
    transcript_attach(recording=recording, content=(DATA / "bloody-january.srt").read_bytes())
    with pytest.raises(TranscriptError):
        transcript_attach(recording=recording, content="WEBVTT\n\n00:00:01.000 --> x\nHi\n")
    assert recording.transcript.segments.count() == 3


def _call(*args):
    out = StringIO()
    call_command("attach_transcript", *map(str, args), stdout=out)
    return out.getvalue()


def test_command_makes_the_recording_and_reports(event):
    out = _call(EVENT, DATA / "bloody-january.txt", "--recording-url", YOUTUBE, "--language", "en")
    assert out == (f"{event.title}, {YOUTUBE}: 4 segment(s), 4 speaker name(s) matched\n")
    recording = Recording.objects.get(event=event)
    assert [s.speaker.slug for s in recording.transcript.segments.all()] == [
        "karlygash-kabatova",
        "serik-beissembayev",
        "yevgeniy-zhovtis",
        "kamila-kovyazina",
    ]
    # Again without --recording-url: the event's only recording.
    out = _call(EVENT, DATA / "bloody-january.vtt")
    assert out.endswith("not matched, to resolve in the admin: Audience Member\n")
    assert Recording.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ("no-such-event", DATA / "bloody-january.vtt"),
            'Nothing was stored (unknown-event): no event has the slug "no-such-event"',
            3,
        ),
        (
            (EVENT, DATA / "missing.vtt"),
            f"Nothing was stored (unreadable-file): cannot read {DATA / 'missing.vtt'}: "
            "No such file or directory",
            4,
        ),
        (
            (EVENT, DATA / "README.md", "--recording-url", YOUTUBE),
            "Nothing was stored (malformed-transcript): README.md, line 1: "
            'text before the first time (expected "00:00:05 Name: text")',
            5,
        ),
        (
            (EVENT, DATA / "bloody-january.vtt"),
            "Nothing was stored (no-recording): the event has no recording; give --recording-url",
            6,
        ),
        (
            (EVENT, DATA / "bloody-january.vtt", "--recording-url", "not a url"),
            "Nothing was stored (invalid-recording): Enter a valid URL.",
            8,
        ),
    ],
)
def test_command_refuses_with_a_named_reason_and_stores_nothing(event, args, message, code):
    with pytest.raises(CommandError) as caught:
        _call(*args)
    assert (str(caught.value), caught.value.returncode) == (message, code)
    assert (Recording.objects.count(), Transcript.objects.count()) == (0, 0)
