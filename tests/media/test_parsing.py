"""Transcript files to segments: the three formats, speakers, and files that do not parse."""

import pytest

from kb.media.parsing import ParsedSegment, TranscriptError, parse_transcript, split_speaker

from .conftest import DATA


def test_webvtt_segments_with_voice_tags_and_continued_speaker():
    parsed = parse_transcript((DATA / "bloody-january.vtt").read_bytes(), "x.vtt")
    assert parsed.source_format == "vtt"
    assert parsed.segments[:3] == [
        ParsedSegment(
            6,
            5.0,
            14.0,
            "Karlygash Kabatova",
            "Welcome to this made-up test discussion of the January events.",
        ),
        ParsedSegment(
            10,
            14.0,
            30.5,
            "Serik Beisembaev",
            "In this invented example, our survey asked people why they went to the protests.",
        ),
        # No voice tag: the speaker before goes on.
        ParsedSegment(
            14,
            30.5,
            41.0,
            "Serik Beisembaev",
            "Most answers, in this test, named prices and fairness.",
        ),
    ]
    assert [s.start for s in parsed.segments[3:]] == [1930.0, 1945.0, 1960.0, 1980.0]
    assert parsed.speaker_names == [
        "Audience Member",
        "Auezbek",
        "Kamila Koviazina",
        "Karlygash Kabatova",
        "Serik Beisembaev",
        "Евгений Жовтис",
    ]


def test_srt_segments_with_name_prefixes():
    parsed = parse_transcript((DATA / "bloody-january.srt").read_text(), "x.srt")
    assert parsed.source_format == "srt"
    assert [(s.line, s.start, s.end, s.speaker) for s in parsed.segments] == [
        (1, 5.0, 14.0, "Karlygash Qabatova"),
        (5, 14.0, 30.5, "Beysembayev Serik"),
        (9, 1930.0, 1945.0, "Yevgeny Zhovtis"),
    ]
    assert parsed.segments[2].text == (
        "In this made-up passage I speak about torture in detention after the protests."
    )


def test_plain_text_lines_continue_and_end_where_the_next_begins():
    parsed = parse_transcript((DATA / "bloody-january.txt").read_bytes())
    assert parsed.source_format == "text"
    assert [(s.line, s.start, s.end, s.speaker) for s in parsed.segments] == [
        (1, 5, 14, "Karlygash Kabatova"),
        (2, 14, 1930, "Serik Beissembayev"),
        (4, 1930, 1945, "Zhovtis"),
        (5, 1945, None, "Kamila Kovyazina"),
    ]
    assert parsed.segments[1].text == (
        "In this invented example, our survey asked people why they went to the protests."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<v Yevgeniy Zhovtis>On torture.", ("Yevgeniy Zhovtis", "On torture.")),
        ("<v.loud Жовтис>On <i>torture</i>.", ("Жовтис", "On torture.")),
        ("Serik Beissembayev: 71.1% said so.", ("Serik Beissembayev", "71.1% said so.")),
        ("At 10:30: we began.", ("", "At 10:30: we began.")),
        ("Note 2: not a name.", ("", "Note 2: not a name.")),
        ("No speaker here.", ("", "No speaker here.")),
    ],
)
def test_speaker_from_voice_tag_or_name_prefix(text, expected):
    assert split_speaker(text) == expected


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("", "a.vtt", "the file is empty"),
        (
            "00:00:05.000 --> 00:00:09.000\nHello\n",
            "a.vtt",
            'line 1: a WebVTT file starts with "WEBVTT"',
        ),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\nHello\n\n00:00:10.000 -> 00:00:12.000\nBye\n",
            "a.vtt",
            'line 6: "00:00:10.000 -> 00:00:12.000" is not a cue timing',
        ),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\nHello\n\n00:00:10.000 --> 00:00:2.000\nBye\n",
            "a.vtt",
            'line 6: "00:00:10.000 --> 00:00:2.000" is not a cue timing',
        ),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:61:09.000\nHello\n",
            "a.vtt",
            "line 3: 61:09 is not a time (minutes and seconds < 60)",
        ),
        (
            "WEBVTT\n\n00:00:09.000 --> 00:00:05.000\nHello\n",
            "a.vtt",
            "line 3: the cue ends before it starts",
        ),
        (
            "1\n00:00:05,000 --> 00:00:09,000\nHello\n\n2\n00:00:10,000 --> soon\nBye\n",
            "a.srt",
            'line 5: "2" is not a subtitle block (number, times, text)',
        ),
        (
            # `srt` alone reads this block as more words of subtitle 1, said by "A".
            "1\n00:00:05,000 --> 00:00:09,000\nA: Hello\n\n2\nnot a time\nB: Bye\n",
            "a.srt",
            'line 6: "not a time" is not the times of subtitle 2 '
            '(expected "00:00:05,000 --> 00:00:09,000")',
        ),
        (
            "00:00:05 A: one\n00:01:75 B: two\n",
            "",
            "line 2: 01:75 is not a time (minutes and seconds < 60)",
        ),
        (
            "Hello there\n00:00:05 A: one\n",
            "",
            'line 1: text before the first time (expected "00:00:05 Name: text")',
        ),
        (
            "00:00:05 A: one\n\n00:00:02 B: two\n",
            "",
            "line 3: this time is earlier than the line before",
        ),
        (
            "00:00:05 A: one\n1:2:3 B: two\n",
            "",
            'line 2: "1:2:3 B: two" starts with a time that cannot be read',
        ),
        (b"00:00:05 A: one\n00:00:06 B: \xff\n", "", "line 2: the file is not UTF-8 text"),
    ],
)
def test_a_malformed_file_names_the_line(content, filename, message):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(content, filename)
    assert str(caught.value) == message
