"""Import a document in the admin: upload, preview, correct, create drafts; or cancel."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from kb.models import Event, Result, SourceDocument, SourcePassage, Survey
from tests.admin_forms import admin_form_data, post_data

from .measure import DATA
from .seeds import SURVEY_DOCUMENT, document_path

UPLOAD = "/admin/kb/sourcedocument/import/"
CREATE = "/admin/kb/sourcedocument/import/create/"


@pytest.fixture
def editor(client, documents):
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def _upload(client, path, **extra):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(UPLOAD, {"file": upload, "kind": "", **extra})


def test_the_admin_index_and_the_documents_list_link_to_the_import(editor):
    assert 'href="/admin/kb/sourcedocument/import/"' in editor.get("/admin/").content.decode()
    changelist = editor.get("/admin/kb/sourcedocument/").content.decode()
    assert 'href="/admin/kb/sourcedocument/import/"' in changelist
    assert editor.get(UPLOAD).status_code == 200


def test_preview_shows_each_figure_beside_its_highlighted_sentence(editor):
    response = _upload(editor, document_path(SURVEY_DOCUMENT))
    assert response.status_code == 200
    page = response.content.decode()
    assert "57 percentages" in page
    assert (
        '<a class="import-quote" href="#p-896">According to the survey, '
        '<strong class="import-figure">71.1%</strong> of citizens disapprove'
    ) in page
    assert '<mark id="p-896">According to the survey, 71.1% of citizens' in page
    assert "The sentence reads as contradictory" in page
    assert SourceDocument.objects.filter(slug__startswith="qantar").count() == 0


def test_preview_page_has_no_inline_script_or_style(editor):
    response = _upload(editor, document_path(SURVEY_DOCUMENT))
    page = response.content.decode()
    assert "style=" not in page and "<style" not in page
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag or "application/json" in tag for tag in scripts)
    assert "/static/css/import.css" in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_correct_a_label_then_create_drafts_with_provenance(editor):
    preview = _upload(editor, document_path(SURVEY_DOCUMENT))
    form = admin_form_data(preview)
    assert form["opt-1-label"] == ["Support this decision"]
    response = editor.post(CREATE, post_data(form, **{"opt-1-label": "Support", "create": "1"}))
    survey = Survey.objects.get(title="What People in Kazakhstan Think of the January events")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/kb/survey/{survey.pk}/change/"
    assert not survey.published
    document = survey.sources.get()
    assert not document.published and document.text.startswith("Qantar:")
    results = Result.objects.filter(question__survey=survey)
    assert results.count() == 47
    corrected = results.get(question__number=1, position=1)
    assert (corrected.label, corrected.percent, corrected.source_quote) == (
        "Support",
        corrected.percent,
        "While 11.3%, on the contrary support this decision.",
    )
    passage = SourcePassage.objects.get(
        object_id=corrected.pk, field="percent", content_type__model="result"
    )
    assert document.text[passage.start : passage.end] == passage.quote == corrected.source_quote
    nets = results.filter(is_net=True).values_list("percent", flat=True)
    assert sorted(str(n) for n in nets) == ["29.6", "36.0", "53.0"]
    assert survey.contact.slug == "snezhana-tsoy"
    from kb.history import versions_of

    (version,) = versions_of(survey)
    assert version.revision.user.username == "editor"
    assert version.revision.comment == "Imported from demoscope-january-events-survey.txt"


def test_unticked_rows_are_left_out(editor):
    form = admin_form_data(_upload(editor, document_path(SURVEY_DOCUMENT)))
    form.pop("q-11-keep")  # the last question: unticked
    editor.post(CREATE, post_data(form, create="1"))
    survey = Survey.objects.get(title="What People in Kazakhstan Think of the January events")
    assert list(survey.questions.values_list("number", flat=True)) == list(range(1, 12))


def test_cancel_saves_nothing(editor):
    counts = (SourceDocument.objects.count(), Survey.objects.count(), Result.objects.count())
    form = admin_form_data(_upload(editor, document_path(SURVEY_DOCUMENT)))
    response = editor.post(CREATE, post_data(form, cancel="1"), follow=True)
    assert "Import cancelled: nothing was saved." in response.content.decode()
    assert (
        SourceDocument.objects.count(),
        Survey.objects.count(),
        Result.objects.count(),
    ) == counts


def test_an_invalid_correction_saves_nothing_and_says_why(editor):
    form = admin_form_data(_upload(editor, document_path(SURVEY_DOCUMENT)))
    response = editor.post(CREATE, post_data(form, **{"opt-0-percent": "171.1", "create": "1"}))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not Survey.objects.filter(published=False).exists()


def test_an_event_page_becomes_a_draft_event_with_its_people(editor):
    form = admin_form_data(_upload(editor, DATA / "event-en-hybrid.html"))
    editor.post(CREATE, post_data(form, create="1"))
    event = Event.objects.get(date="2024-09-18")
    assert not event.published and event.format == "hybrid"
    people = list(event.person_roles.values_list("person__name", "role", "person__published"))
    assert people == [
        ("Serik Beissembayev", "speaker", True),  # matched by another spelling, not duplicated
        ("Kamila Kovyazina", "speaker", True),
        ("Asel Nurgaliyeva", "speaker", False),  # new: a draft person
        ("Dinara Zhakupova", "moderator", False),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"\x00\x01\x02\x03" * 50, "The file holds binary data, not text."),
        ("slides.pptx", b"PK\x03\x04xx", "This is a ZIP archive, not a Word (.docx) document."),
        ("scan.pdf", b"%PDF-1.4\n%%EOF", "The PDF cannot be read"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_stored(editor, name, content, message):
    before = SourceDocument.objects.count()
    response = editor.post(UPLOAD, {"file": SimpleUploadedFile(name, content), "kind": ""})
    assert response.status_code == 200
    assert "Nothing was imported: " + message in response.content.decode()
    assert SourceDocument.objects.count() == before


def test_too_large_an_upload_is_refused(editor, settings):
    settings.KENES_IMPORT_MAX_BYTES = 100
    response = _upload(editor, document_path(SURVEY_DOCUMENT))
    assert "documents of up to 0 MB can be imported" in response.content.decode()


def test_staff_without_add_permission_may_not_import(client, db):
    user = User.objects.create_user("viewer", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    client.logout()
    assert client.get(UPLOAD).status_code == 302  # to the login page
