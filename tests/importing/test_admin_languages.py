"""Import a document with the admin in Russian or Kazakh: the page, its form's errors and what
the importer asks staff to decide come in the staff member's language."""

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.admin_forms import admin_form_data, post_data

from .seeds import SURVEY_DOCUMENT, document_path

UPLOAD = "/admin/kb/sourcedocument/import/"
CREATE = "/admin/kb/sourcedocument/import/create/"


def editor_in(client, language):
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
    return client


def test_the_import_page_and_its_errors_are_in_kazakh(client, documents):
    editor = editor_in(client, "kk")

    page = editor.get(UPLOAD).content.decode()
    empty = editor.post(UPLOAD, {"text": "", "kind": ""}).content.decode()

    assert '<input type="submit" value="Құжатты оқу" class="default">' in page
    assert "…немесе мәтінді қойыңыз" in page
    assert '<option value="survey">Сауалнама хабарламасы</option>' in page
    assert "Файлды таңдаңыз немесе мәтінді қойыңыз." in empty


def test_a_rejected_document_is_explained_in_russian(client, documents):
    editor = editor_in(client, "ru")
    upload = SimpleUploadedFile("notes.xyz", b"some text")

    page = editor.post(UPLOAD, {"file": upload, "kind": ""}).content.decode()

    assert (
        "Ничего не импортировано: Файлы типа .xyz импортировать нельзя; используйте .txt, "
        ".html, .pdf или .docx (или вставьте текст)."
    ) in page


def test_the_preview_and_what_to_decide_are_in_russian(client, documents):
    editor = editor_in(client, "ru")
    path = document_path(SURVEY_DOCUMENT)

    page = editor.post(
        UPLOAD, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": ""}
    ).content.decode()

    assert "Прочитан как пресс-релиз опроса (en, символов: " in page
    assert "процентов: 57)." in page
    assert "Предложение читается как противоречивое" in page
    assert '<input type="submit" name="create" value="Создать черновики" class="default">' in page
    assert "The sentence reads as contradictory" not in page


def test_cancelling_says_so_in_kazakh(client, documents):
    editor = editor_in(client, "kk")

    response = editor.post(CREATE, {"cancel": "1"}, follow=True)

    assert "Импорттаудан бас тартылды: ештеңе сақталмады." in response.content.decode()


def test_the_drafts_made_are_summed_up_in_russian(client, documents):
    editor = editor_in(client, "ru")
    path = document_path(SURVEY_DOCUMENT)
    preview = editor.post(
        UPLOAD, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": ""}
    )

    done = editor.post(CREATE, post_data(admin_form_data(preview), create="1"), follow=True)

    assert (
        '<li class="success">Созданы черновики: опрос '
        "«what-people-in-kazakhstan-think-of-the-january-events» (опросы: 1, "
        "организации опроса: 5, доли в выборке: 7, вопросы: 12, результаты: 47, "
        "фрагменты источников: 87). Проверьте их, затем опубликуйте.</li>"
    ) in done.content.decode()


def test_a_document_in_another_language_is_turned_away_in_kazakh(client, documents):
    editor = editor_in(client, "kk")
    text = "Die Umfrage wurde von der Stiftung gemacht. " * 9

    page = editor.post(UPLOAD, {"text": text, "kind": ""}).content.decode()

    assert (
        '<div class="errornote">Ештеңе импортталмады: Құжат мына тілдердің бірінде жазылмаған: '
        "Ағылшын тілі, Орыс тілі, Қазақ тілі; импорттау ережелері тек осы тілдерді қамтиды. </div>"
    ) in page
