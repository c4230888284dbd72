"""An event page with a YouTube, a Vimeo and an uploaded recording, in Chromium: the policy lets
exactly the two privacy-friendly players be framed, nothing is refused, and every transcript
time starts its recording there. No network: requests off the test server are refused by the
test itself (the players never load), so the test holds offline."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kb.media.services import transcript_attach
from kb.models import Recording
from tests import factories

from .conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(1000)  # not a playable film: only its bytes count


@pytest.fixture
def webinar(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = factories.event(slug="a-webinar", title="A webinar", date="2023-12-07")
    youtube = Recording.objects.create(
        event=event, title="On YouTube", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    vimeo = Recording.objects.create(
        event=event, title="On Vimeo", url="https://vimeo.com/76979871", position=1
    )
    upload = Recording.objects.create(
        event=event, title="Uploaded", file=SimpleUploadedFile("film.mp4", VIDEO), position=2
    )
    for recording, name in [(youtube, "vtt"), (vimeo, "srt"), (upload, "txt")]:
        content = (DATA / f"bloody-january.{name}").read_bytes()
        transcript_attach(recording=recording, content=content, filename=f"t.{name}")
    return {"youtube": youtube, "vimeo": vimeo, "upload": upload}


def test_the_page_frames_exactly_the_two_players_and_times_start_them(live_server, page, webinar):
    outside = []

    def offline(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    response = page.goto(f"{live_server.url}/events/a-webinar/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    policy = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"
    assert directives["media-src"] == "'self'"

    frames = page.locator("iframe.recording__player")
    assert [frames.nth(i).get_attribute("src") for i in range(frames.count())] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    for i in range(frames.count()):
        frames.nth(i).scroll_into_view_if_needed()  # lazy frames load when seen
    page.wait_for_timeout(300)
    # The browser asked for the players (the policy let it) and for nothing else outside.
    assert sorted(outside) == [
        "https://player.vimeo.com/video/76979871?dnt=1",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ]

    upload = webinar["upload"].address
    assert page.locator("video.recording__player").get_attribute("src") == upload

    def times(recording):
        links = page.locator(f"#transcript-{recording.pk} a.transcript__time")
        return [links.nth(i).get_attribute("href") for i in range(links.count())]

    youtube = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start="
    # A paragraph per speaker in turn (the file's speakers are nobody of this event's).
    assert times(webinar["youtube"]) == [f"{youtube}{s}" for s in (5, 14, 1930, 1945, 1960, 1980)]
    vimeo = "https://player.vimeo.com/video/76979871?dnt=1#t="
    assert times(webinar["vimeo"]) == [f"{vimeo}{s}s" for s in (5, 14, 1930)]
    assert times(webinar["upload"]) == [f"{upload}#t={s}" for s in (5, 14, 1930, 1945)]
    # Each time is also an anchor on the page, unique to its transcript: 00:32:10 is #t-1930 in
    # the first, #r<recording>-t-1930 in the others, and the page has no id twice.
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert [i for i in ids if ids.count(i) > 1] == []
    upload_pk = webinar["upload"].pk
    assert page.locator(f"#transcript-{webinar['youtube'].pk} #t-1930").count() == 1
    assert page.locator(f"#transcript-{upload_pk} #r{upload_pk}-t-1930").count() == 1
    page.goto(f"{live_server.url}/events/a-webinar/#r{upload_pk}-t-1930")
    target = page.locator(f"#transcript-{upload_pk} p:target")
    assert target.locator("a.transcript__time").get_attribute("href") == f"{upload}#t=1930"

    # (The file itself is not fetched here: Django's live server answers /media/ with its own
    # handler, before Kenes's view; tests/media/test_files.py covers the view.)
    assert page.violations == []


def test_a_time_link_of_an_uploaded_file_starts_it_there(live_server, page, webinar):
    """Following a file's time link opens the file at that second (a media fragment)."""
    upload = webinar["upload"]
    page.goto(f"{live_server.url}/events/a-webinar/")
    link = page.locator(f"#transcript-{upload.pk} a.transcript__time").first
    assert re.fullmatch(rf"{re.escape(upload.address)}#t=\d+", link.get_attribute("href"))
    assert link.text_content() == "00:00:05"
