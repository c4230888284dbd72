"""The API in a chosen language (kb/api/languages.py): ?lang=, Accept-Language, and saying which."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def torture():
    topic = factories.topic(slug="freedom-from-torture", name="Freedom from torture", kind="right")
    topic.name_ru = "Свобода от пыток"
    topic.save()
    return topic


def test_lang_chooses_the_records_language_and_the_response_says_so(client, torture):
    response = client.get("/api/topics/freedom-from-torture/?lang=ru")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert (response.json()["name"], response.json()["language"]) == ("Свобода от пыток", "ru")


def test_accept_language_chooses_when_lang_is_absent(client, torture):
    response = client.get("/api/topics/", headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})

    assert response["Content-Language"] == "ru"
    assert response.json()["language"] == "ru"
    assert [t["name"] for t in response.json()["results"]] == ["Свобода от пыток"]
    assert "Accept-Language" in response["Vary"]


def test_an_untranslated_field_comes_in_english(client, torture):
    response = client.get("/api/topics/freedom-from-torture/?lang=kk")

    assert response["Content-Language"] == "kk"
    assert response.json()["name"] == "Freedom from torture"


def test_english_by_default_and_an_unknown_language_is_named(client, torture):
    english = client.get("/api/topics/freedom-from-torture/")
    unknown = client.get("/api/topics/?lang=fr")

    assert (english["Content-Language"], english.json()["name"]) == ("en", "Freedom from torture")
    assert unknown.status_code == 400
    assert unknown.json() == {"lang": ["Unknown language. Known: en, ru, kk."]}


def test_the_schema_documents_lang(client):
    schema = client.get("/api/schema/?output=json")
    text = schema.content.decode()

    assert schema.status_code == 200
    assert text.count('"name": "lang"') >= 2
