"""The event page: the recording embedded (privacy-friendly hosts, allowed by CSP and nothing
else), the transcript as paragraphs per speaker with times that start the recording there, and
materials; private ones for staff only."""

import pytest
from django.contrib.auth.models import User

from kb.media.services import transcript_attach
from kb.models import Material, Recording

from .conftest import DATA


@pytest.fixture
def with_transcript(recording):
    transcript_attach(recording=recording, content=(DATA / "bloody-january.vtt").read_bytes())
    Material.objects.create(
        event=recording.event, title="Survey slides", url="https://example.org/slides.pdf"
    )
    Material.objects.create(
        event=recording.event, title="Internal notes", url="https://example.org/n.pdf", public=False
    )
    Recording.objects.create(
        event=recording.event, title="Raw cut", url="https://vimeo.com/555", public=False
    )
    return recording


def test_the_recording_is_embedded_from_youtube_nocookie(client, with_transcript, event):
    body = client.get(event.get_absolute_url()).text
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    import re

    assert re.findall(r'<iframe[^>]* src="([^"]+)"', body) == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    ]


def test_the_transcript_reads_as_paragraphs_with_time_links(client, with_transcript, event):
    body = client.get(event.get_absolute_url()).text
    start = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start="
    assert (
        f'<p id="t-14"><a class="transcript__time" href="{start}14">00:00:14</a> '
        '<span class="transcript__speaker"><a href="/people/serik-beissembayev/">Serik '
        "Beissembayev</a></span>: In this invented example, our survey asked people why they "
        "went to the protests. Most answers, in this test, named prices and fairness.</p>"
    ) in body
    assert (
        f'<p id="t-1930"><a class="transcript__time" href="{start}1930">00:32:10</a> '
        '<span class="transcript__speaker"><a href="/people/yevgeniy-zhovtis/">Yevgeniy '
        "Zhovtis</a></span>: In this made-up passage I speak about torture in detention after "
        "the protests.</p>"
    ) in body
    # A name nobody matched may be a withheld person's other spelling: staff only.
    assert "Audience Member" not in body
    assert '<span class="transcript__speaker">Unidentified speaker</span>:' in body
    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = client.get(event.get_absolute_url()).text
    assert (
        '<span class="transcript__speaker">Audience Member (not matched to a person)</span>:'
        in staff
    )
    assert body.count('class="transcript__time"') == 6


def test_private_materials_and_recordings_are_for_staff_only(client, with_transcript, event):
    public = client.get(event.get_absolute_url()).text
    assert "Survey slides" in public
    assert "Internal notes" not in public and "Raw cut" not in public
    assert "vimeo.com/555" not in public
    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = client.get(event.get_absolute_url()).text
    assert "Internal notes" in staff and "Raw cut" in staff
    assert 'src="https://player.vimeo.com/video/555?dnt=1"' in staff


def test_csp_allows_exactly_the_embed_hosts(client, with_transcript, event):
    policy = client.get(event.get_absolute_url())["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"
    assert directives["media-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("recordings", [1, 3])
def test_the_event_page_runs_a_fixed_number_of_queries(
    client, event, recordings, django_assert_max_num_queries
):
    for i in range(recordings):
        recording = Recording.objects.create(event=event, url=f"https://vimeo.com/{i + 1}")
        transcript_attach(recording=recording, content=(DATA / "bloody-january.srt").read_bytes())
        Material.objects.create(event=event, title=f"Slides {i}", url="https://example.org/s.pdf")
    with django_assert_max_num_queries(20):
        assert client.get(event.get_absolute_url()).status_code == 200


def _jsonld(body: str) -> dict:
    import json

    start = body.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(body[start : body.index("</script>", start)])


def test_the_events_json_ld_carries_public_recordings_and_materials(client, with_transcript, event):
    data = _jsonld(client.get(event.get_absolute_url()).text)
    assert data["recordedIn"] == [
        {
            "@type": "VideoObject",
            "name": "Full recording",
            "description": event.summary or event.title,
            "uploadDate": "2023-12-07",
            "inLanguage": "en",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        }
    ]
    assert data["workFeatured"] == [
        {
            "@type": "DigitalDocument",
            "name": "Survey slides",
            "url": "https://example.org/slides.pdf",
            "inLanguage": "en",
        }
    ]
    # Staff see private ones on the page, never in its data.
    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = _jsonld(client.get(event.get_absolute_url()).text)
    assert [m["name"] for m in staff["workFeatured"]] == ["Survey slides"]
    assert len(staff["recordedIn"]) == 1


def test_the_events_calendar_file_links_the_public_recording_after_the_event(
    client, with_transcript, event
):
    import icalendar

    body = client.get(f"/events/{event.slug}.ics").content
    description = str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["DESCRIPTION"])
    assert "Recording: https://www.youtube.com/watch?v=dQw4w9WgXcQ" in description
    assert "vimeo.com/555" not in description


def test_unidentified_speakers_in_turn_are_separate_paragraphs(client, recording, event):
    from kb.media.transcripts import paragraphs
    from kb.models import TranscriptSegment

    said = [("Guest One", 5, "Hello."), ("Guest One", 9, "Still me."), ("Guest Two", 20, "Hi.")]
    segments = [
        TranscriptSegment(position=i, start=start, speaker_name=name, text=text)
        for i, (name, start, text) in enumerate(said)
    ]

    public = paragraphs(segments)
    assert [(p.speaker_name, p.start, p.text) for p in public] == [
        ("", 5, "Hello. Still me."),
        ("", 20, "Hi."),
    ]
    staff = paragraphs(segments, User(is_staff=True, is_active=True))
    assert [p.speaker_name for p in staff] == ["Guest One", "Guest Two"]
