"""History and undo: every admin save is a version; staff compare, revert and recover."""

from decimal import Decimal

from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from kb.history import versions_of
from kb.models import Affiliation, Organization, Person, Result, Survey
from tests.admin_forms import admin_form_data, post_data

SURVEY = "january-events-survey-2023"


def _first_result(survey):
    return Result.objects.filter(question__survey=survey, question__number=1).earliest("position")


def _edit_first_result(admin_client, survey, percent):
    url = f"/admin/kb/survey/{survey.pk}/change/"
    form = admin_form_data(admin_client.get(url))
    response = admin_client.post(url, post_data(form, **{"questions-0-results-0-percent": percent}))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_restoring_the_earlier_version_gives_back_the_same_public_page(documents, admin_client):
    survey = Survey.objects.get(slug=SURVEY)
    page = survey.get_absolute_url()
    _edit_first_result(admin_client, survey, "71.1")  # saved as it is: a version from the admin
    before = Client().get(page).content
    assert _first_result(survey).percent == Decimal("71.1")

    _edit_first_result(admin_client, survey, "70.0")
    assert _first_result(survey).percent == Decimal("70.0")
    assert Client().get(page).content != before

    loaded, earlier, edited = versions_of(survey)
    assert loaded.revision.comment == "Loaded from the documents (load_documents)"
    assert edited.revision.user.username == "admin"
    revert_url = f"/admin/kb/survey/{survey.pk}/history/{earlier.pk}/"
    form = admin_form_data(admin_client.get(revert_url))
    response = admin_client.post(revert_url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert _first_result(survey).percent == Decimal("71.1")
    assert Client().get(page).content == before


def test_history_lists_who_changed_what_and_compares_two_versions(documents, admin_client):
    survey = Survey.objects.get(slug=SURVEY)
    _edit_first_result(admin_client, survey, "70.0")
    loaded, edited = versions_of(survey)

    history = admin_client.get(f"/admin/kb/survey/{survey.pk}/history/").content.decode()
    compare = admin_client.get(
        f"/admin/kb/survey/{survey.pk}/history/compare/",
        {"version_id1": loaded.pk, "version_id2": edited.pk},
    )

    assert "Loaded from the documents (load_documents)" in history
    assert "admin" in history
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Revert to this version" in html
    assert f"/admin/kb/survey/{survey.pk}/history/{loaded.pk}/" in html


def test_a_deleted_person_is_recovered_with_their_affiliations(admin_client):
    org = Organization.objects.create(slug="paperlab", name="PaperLab", published=True)
    response = admin_client.post(
        "/admin/kb/person/add/",
        {
            "name_en": "Ainur Test",
            "sort_name": "Test, Ainur",
            "slug": "ainur-test",
            "is_public": "on",
            "bio_public": "on",
            "photo_public": "on",
            "affiliations_public": "on",
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-INITIAL_FORMS": "0",
            "affiliations-0-position": "0",
            "affiliations-0-title": "Analyst",
            "affiliations-0-organization": str(org.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(slug="ainur-test")
    pk = person.pk

    admin_client.post(f"/admin/kb/person/{pk}/delete/", {"post": "yes"})
    assert not Person.objects.filter(pk=pk).exists()
    recover_list = admin_client.get("/admin/kb/person/recover/").content.decode()
    (version,) = Version.objects.get_deleted(Person)
    assert f"/admin/kb/person/recover/{version.pk}/" in recover_list
    url = f"/admin/kb/person/recover/{version.pk}/"
    response = admin_client.post(url, admin_form_data(admin_client.get(url)))

    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(pk=pk)
    assert person.slug == "ainur-test"
    assert list(Affiliation.objects.filter(person=person).values_list("title", "organization")) == [
        ("Analyst", org.pk)
    ]


def test_export_and_restore_carry_the_history(documents, admin_client, tmp_path):
    survey = Survey.objects.get(slug=SURVEY)
    _edit_first_result(admin_client, survey, "70.0")
    before = [(v.pk, v.revision.comment, v.serialized_data) for v in versions_of(survey)]
    backup = tmp_path / "kenes.json"

    call_command("export_kb", str(backup), verbosity=0)
    call_command("restore_kb", str(backup), "--replace", verbosity=0)

    after = [(v.pk, v.revision.comment, v.serialized_data) for v in versions_of(survey)]
    assert after == before
    assert len(after) == 2
