"""Staff attach recordings and materials on the event, upload a transcript, resolve names."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from kb.models import Person, Transcript
from tests.admin_forms import admin_form_data, post_data

from .conftest import DATA

ADD = "/admin/kb/transcript/add/"


@pytest.fixture
def editor(client, documents):
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def _upload(client, recording, name, content, url=ADD):
    upload = SimpleUploadedFile(name, content)
    return client.post(url, {"recording": recording.pk, "language": "en", "upload": upload})


def test_the_event_page_has_recording_and_material_inlines(editor, event):
    page = editor.get(f"/admin/kb/event/{event.pk}/change/").content.decode()
    assert "Recordings (a web address or a file; their transcripts: Transcripts)" in page
    assert "Materials (slides, papers: PDF, PPTX, DOCX)" in page
    assert 'name="recordings-TOTAL_FORMS"' in page and 'name="materials-TOTAL_FORMS"' in page


def test_upload_reads_the_file_and_says_which_names_matched_nobody(editor, recording):
    response = _upload(
        editor, recording, "bloody-january.vtt", (DATA / "bloody-january.vtt").read_bytes()
    )
    assert response.status_code == 302
    transcript = Transcript.objects.get(recording=recording)
    assert (transcript.source_format, transcript.source_name, transcript.segments.count()) == (
        "vtt",
        "bloody-january.vtt",
        7,
    )
    page = editor.get(response.url).content.decode()
    assert (
        "Read the transcript: 7 segment(s), 5 speaker name(s) matched; not matched, to resolve "
        "in the admin: Audience Member." in page
    )
    change = editor.get(f"/admin/kb/transcript/{transcript.pk}/change/").content.decode()
    assert "Who is &quot;Audience Member&quot;?" in change
    assert "names that matched nobody" in change.lower()


def test_a_malformed_upload_names_the_line_and_saves_nothing(editor, recording):
    response = _upload(editor, recording, "bad.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02\nHi\n")
    assert response.status_code == 200
    assert "bad.vtt, line 3: &quot;00:00:01.000 --&gt; 00:00:02&quot; is not a cue timing" in (
        response.content.decode()
    )
    assert not Transcript.objects.exists()


def test_staff_say_who_an_unmatched_name_is(editor, recording):
    _upload(editor, recording, "a.vtt", (DATA / "bloody-january.vtt").read_bytes())
    transcript = Transcript.objects.get(recording=recording)
    url = f"/admin/kb/transcript/{transcript.pk}/change/"
    data = admin_form_data(editor.get(url))
    moderator = Person.objects.get(slug="karlygash-kabatova")
    data["who_0"] = [str(moderator.pk)]
    response = editor.post(url, post_data(data))
    assert response.status_code == 302
    assert transcript.unmatched_names() == []
    assert transcript.segments.get(position=7).speaker == moderator


def test_adding_a_second_transcript_to_a_recording_says_where_to_upload_it(editor, recording):
    _upload(editor, recording, "a.vtt", (DATA / "bloody-january.vtt").read_bytes())
    response = _upload(editor, recording, "b.srt", (DATA / "bloody-january.srt").read_bytes())

    assert response.status_code == 200
    assert (
        "This recording has a transcript already: open it in the list of transcripts and "
        "upload the new file there (it replaces the earlier one)." in response.content.decode()
    )
    assert Transcript.objects.get().source_name == "a.vtt"


def test_an_srt_block_with_broken_times_is_refused_not_read_as_words(editor, recording):
    content = b"1\n00:00:05,000 --> 00:00:09,000\nA: fine\n\n2\nnot a time\nB: broken\n"
    response = _upload(editor, recording, "bad.srt", content)

    assert response.status_code == 200
    assert (
        "bad.srt, line 6: &quot;not a time&quot; is not the times of subtitle 2"
        in response.content.decode()
    )
    assert not Transcript.objects.exists()


def test_a_new_file_on_the_transcripts_page_replaces_its_segments(editor, recording):
    _upload(editor, recording, "a.vtt", (DATA / "bloody-january.vtt").read_bytes())
    transcript = Transcript.objects.get(recording=recording)
    url = f"/admin/kb/transcript/{transcript.pk}/change/"
    data = admin_form_data(editor.get(url))
    data["upload"] = SimpleUploadedFile("b.srt", (DATA / "bloody-january.srt").read_bytes())

    response = editor.post(url, post_data(data))

    assert response.status_code == 302
    transcript.refresh_from_db()
    assert (transcript.source_format, transcript.source_name) == ("srt", "b.srt")
    assert [s.clock for s in transcript.segments.all()] == ["00:00:05", "00:00:14", "00:32:10"]
    assert "Read the transcript: 3 segment(s), 3 speaker name(s) matched." in (
        editor.get(response.url).content.decode()
    )
