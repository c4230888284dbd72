"""Uploaded recordings and materials at /media/: served only when their row may be seen, with
our own type and name, and in byte ranges for players that seek."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from kb.media.files import ByteRange, Unsatisfiable, byte_range
from kb.models import Material, Recording
from tests import factories

AUDIO = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def media(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    event = factories.event(slug="a-webinar", title="A webinar", date="2023-12-07")
    audio = Recording.objects.create(
        event=event,
        title="Full talk",
        file=SimpleUploadedFile("../../etc/Кто я <script>.MP3", AUDIO),
    )
    slides = Material.objects.create(
        event=event,
        title="Survey slides, 2023",
        file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4 made-up slides"),
    )
    private = Material.objects.create(
        event=event,
        title="Internal notes",
        file=SimpleUploadedFile("notes.docx", b"PK made-up notes"),
        public=False,
    )
    return {"event": event, "audio": audio, "slides": slides, "private": private}


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_uploaded_file_gets_a_name_kenes_chose(media):
    name = media["audio"].file.name
    assert re.fullmatch(r"recordings/[0-9a-f]{32}\.mp3", name)
    assert media["audio"].address == f"/media/{name}"
    assert re.fullmatch(r"materials/[0-9a-f]{32}\.pdf", media["slides"].file.name)


def test_a_public_recording_streams_inline_with_its_type(client, media):
    response = client.get(media["audio"].address)

    assert response.status_code == 200
    assert body(response) == AUDIO
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Length"] == "10240"
    assert response["Content-Disposition"] == 'inline; filename="full-talk.mp3"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_material_downloads_as_an_attachment_named_after_its_title(client, media):
    response = client.get(media["slides"].address)

    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 made-up slides"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="survey-slides-2023.pdf"'


def test_a_range_request_gets_those_bytes(client, media):
    url = media["audio"].address

    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert body(part) == AUDIO[100:200]
    assert part["Content-Range"] == "bytes 100-199/10240"
    assert part["Content-Length"] == "100"
    assert part["Content-Type"] == "audio/mpeg"

    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert (tail.status_code, body(tail)) == (206, AUDIO[-10:])
    assert tail["Content-Range"] == "bytes 10230-10239/10240"

    rest = client.get(url, HTTP_RANGE="bytes=10000-")
    assert (rest.status_code, body(rest)) == (206, AUDIO[10000:])

    past = client.get(url, HTTP_RANGE="bytes=20000-")
    assert past.status_code == 416
    assert past["Content-Range"] == "bytes */10240"

    # Several ranges, or a changed file (If-Range no longer matches): the whole file.
    several = client.get(url, HTTP_RANGE="bytes=0-1,5-6")
    assert (several.status_code, len(body(several))) == (200, 10240)
    stale = client.get(url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE="Wed, 01 Jan 2020 00:00:00 GMT")
    assert (stale.status_code, len(body(stale))) == (200, 10240)
    fresh = client.get(url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE=rest["Last-Modified"])
    assert (fresh.status_code, body(fresh)) == (206, AUDIO[:2])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", ByteRange(0, 0)),
        ("bytes=5-", ByteRange(5, 99)),
        ("bytes=90-500", ByteRange(90, 99)),
        ("bytes=-500", ByteRange(0, 99)),
        ("bytes=9-3", None),
        ("bytes=-", None),
        ("items=0-5", None),
        ("bytes=0-5,7-9", None),
        ("", None),
    ],
)
def test_byte_range_reads_one_range_of_a_hundred_bytes(header, expected):
    assert byte_range(header, 100) == expected


@pytest.mark.parametrize(
    ("header", "size"), [("bytes=100-", 100), ("bytes=-0", 100), ("bytes=-5", 0)]
)
def test_byte_range_past_the_end_is_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        byte_range(header, size)


def test_private_files_and_those_of_draft_events_are_404_for_the_public(client, media):
    private = media["private"].address
    assert client.get(private).status_code == 404
    media["event"].published = False
    media["event"].save()
    assert client.get(media["audio"].address).status_code == 404
    assert client.get(media["slides"].address).status_code == 404

    client.force_login(User.objects.create_user("staff", is_staff=True))
    staff = client.get(private)
    assert staff.status_code == 200
    assert body(staff) == b"PK made-up notes"
    assert staff["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert staff["Cache-Control"] == "private, no-store"
    assert client.get(media["audio"].address).status_code == 200


def test_files_no_row_holds_are_404_even_on_disk(client, media, settings):
    (settings.MEDIA_ROOT / "materials" / "stray.pdf").write_bytes(b"%PDF stray")
    for path in ["materials/stray.pdf", "../../etc/passwd", "recordings/", "people/x.jpg"]:
        assert client.get(f"/media/{path}").status_code == 404, path
    assert client.post(media["slides"].address).status_code == 405


def test_files_are_served_with_debug_off(client, media, settings):
    settings.DEBUG = False
    assert client.get(media["slides"].address).status_code == 200


def test_a_persons_photo_shows_only_while_the_person_and_the_photo_are_public(
    client, settings, tmp_path, db
):
    settings.MEDIA_ROOT = tmp_path
    person = factories.person(
        slug="a-speaker", name="A Speaker", photo=SimpleUploadedFile("Me <1>.JPG", b"\xff\xd8 jpeg")
    )
    address = person.photo.url
    assert re.fullmatch(r"/media/people/[0-9a-f]{32}\.jpg", address)
    assert f'src="{address}"' in client.get("/people/a-speaker/").text

    response = client.get(address)
    assert (response.status_code, body(response)) == (200, b"\xff\xd8 jpeg")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="a-speaker.jpg"'

    person.photo_public = False
    person.save()
    assert client.get(address).status_code == 404
    person.photo_public, person.is_public = True, False
    person.save()
    assert client.get(address).status_code == 404
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert client.get(address).status_code == 200
