"""Recordings and materials in the API, the event's JSON-LD and its calendar file: the public
ones, with a valid language tag; private ones in none of them."""

import datetime
import json

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kb.exports.ics import event_is_over
from kb.media.services import transcript_attach
from kb.models import Material, Person, Recording

from .conftest import DATA


@pytest.fixture
def outputs(settings, tmp_path, recording, event):
    settings.MEDIA_ROOT = tmp_path
    recording.presenters.add(Person.objects.get(slug="yevgeniy-zhovtis"))
    transcript_attach(recording=recording, content=(DATA / "bloody-january.vtt").read_bytes())
    audio = Recording.objects.create(
        event=event,
        title="Audio in Uzbek",
        language="other",
        file=SimpleUploadedFile("talk.mp3", b"ID3 made-up audio"),
        position=1,
    )
    slides = Material.objects.create(
        event=event,
        title="Survey slides",
        language="ru",
        file=SimpleUploadedFile("Слайды.pdf", b"%PDF-1.4"),
        presenter=Person.objects.get(slug="serik-beissembayev"),
    )
    Material.objects.create(
        event=event, title="Privmaterial notes", url="https://example.org/n.pdf", public=False
    )
    Recording.objects.create(
        event=event, title="Privrecording cut", url="https://vimeo.com/555", public=False
    )
    return {"audio": audio, "slides": slides}


def test_the_api_event_carries_public_recordings_and_materials(client, outputs, event, recording):
    data = client.get(f"/api/events/{event.slug}/", HTTP_ACCEPT="application/json").json()
    page = f"http://testserver/events/{event.slug}/"
    audio, slides = outputs["audio"], outputs["slides"]

    assert data["recordings"] == [
        {
            "title": "Full recording",
            "language": "en",
            "kind": "youtube",
            "medium": "video",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "embed_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "presenters": [{"slug": "yevgeniy-zhovtis", "name": "Yevgeniy Zhovtis"}],
            "transcript_url": f"{page}#transcript-{recording.pk}",
        },
        {
            "title": "Audio in Uzbek",
            "language": None,
            "kind": "file",
            "medium": "audio",
            "url": f"http://testserver/media/{audio.file.name}",
            "embed_url": "",
            "presenters": [],
            "transcript_url": None,
        },
    ]
    assert data["materials"] == [
        {
            "title": "Survey slides",
            "language": "ru",
            "kind": "pdf",
            "url": f"http://testserver/media/{slides.file.name}",
            "presenter": {"slug": "serik-beissembayev", "name": "Serik Beissembayev"},
        }
    ]
    # The transcript link points at the transcript on the event's page.
    body = client.get(f"/events/{event.slug}/").text
    assert f'id="{data["recordings"][0]["transcript_url"].split("#")[1]}"' in body


def test_the_api_list_carries_them_too_and_the_schema_says_so(client, outputs, event):
    listed = client.get("/api/events/?output=json").json()["results"]
    ours = next(e for e in listed if e["slug"] == event.slug)
    assert [r["title"] for r in ours["recordings"]] == ["Full recording", "Audio in Uzbek"]
    assert [m["title"] for m in ours["materials"]] == ["Survey slides"]

    schema = client.get("/api/schema/?output=json").json()["components"]["schemas"]
    assert set(schema["Recording"]["properties"]) == {
        "title", "language", "kind", "medium", "url", "embed_url", "presenters", "transcript_url",
    }  # fmt: skip
    for field in ("language", "transcript_url"):
        assert schema["Recording"]["properties"][field]["nullable"] is True
    assert set(schema["Material"]["properties"]) == {
        "title", "language", "kind", "url", "presenter",
    }  # fmt: skip
    assert schema["Event"]["properties"]["recordings"]["items"] == {
        "$ref": "#/components/schemas/Recording"
    }


def _jsonld(body: str) -> dict:
    marker = '<script type="application/ld+json">'
    start = body.index(marker) + len(marker)
    return json.loads(body[start : body.index("</script>", start)])


def test_json_ld_has_an_audio_object_for_a_sound_file_and_no_made_up_language(
    client, outputs, event
):
    data = _jsonld(client.get(event.get_absolute_url()).text)
    audio = outputs["audio"]

    assert [r["@type"] for r in data["recordedIn"]] == ["VideoObject", "AudioObject"]
    assert data["recordedIn"][1] == {
        "@type": "AudioObject",
        "name": "Audio in Uzbek",
        "description": event.summary or event.title,
        "uploadDate": "2023-12-07",
        "url": f"http://testserver/media/{audio.file.name}",
        "contentUrl": f"http://testserver/media/{audio.file.name}",
    }
    assert data["workFeatured"] == [
        {
            "@type": "DigitalDocument",
            "name": "Survey slides",
            "url": f"http://testserver/media/{outputs['slides'].file.name}",
            "inLanguage": "ru",
            "encodingFormat": "application/pdf",
        }
    ]


def _description(client, event) -> str:
    body = client.get(f"/events/{event.slug}.ics").content
    return str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["DESCRIPTION"])


def test_the_calendar_links_the_recordings_only_once_the_event_is_over(client, outputs, event):
    audio = outputs["audio"]
    assert _description(client, event).count("Recording: ") == 2
    assert f"Recording: http://testserver/media/{audio.file.name}" in _description(client, event)

    event.date = timezone.localdate() + datetime.timedelta(days=3)
    event.save()
    assert "Recording:" not in _description(client, event)


def test_an_event_is_over_at_its_end_time_or_after_its_day(event):
    event.date = datetime.date(2024, 5, 2)
    event.start_time, event.end_time = None, None
    assert not event_is_over(event, datetime.datetime(2024, 5, 2, 23, 0, tzinfo=datetime.UTC))
    assert event_is_over(event, datetime.datetime(2024, 5, 3, 1, 0, tzinfo=datetime.UTC))
    event.start_time, event.end_time = datetime.time(10, 0), datetime.time(11, 30)
    event.time_zone = "Asia/Almaty"  # UTC+5
    assert not event_is_over(event, datetime.datetime(2024, 5, 2, 6, 29, tzinfo=datetime.UTC))
    assert event_is_over(event, datetime.datetime(2024, 5, 2, 6, 30, tzinfo=datetime.UTC))
