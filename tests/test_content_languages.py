"""What the public reads, per language (kb/translation.py): pages, fallbacks marked, the admin."""

import re

import pytest
from django.utils import translation

from kb.models import Event, Question, Topic
from tests import factories
from tests.admin_forms import admin_form_data, post_data

pytestmark = pytest.mark.django_db


def text_of(html: str, pattern: str) -> str:
    return re.search(pattern, html, re.S).group(1)


@pytest.fixture
def torture():
    topic = factories.topic(
        slug="freedom-from-torture",
        name="Freedom from torture",
        description="The prohibition of torture.",
        kind="right",
    )
    topic.name_ru = "Свобода от пыток"
    topic.name_kk = "Азаптаудан азат болу"
    topic.description_ru = "Запрет пыток."
    topic.save()
    return topic


def test_a_translated_topic_reads_in_each_language(client, torture):
    pages = {
        code: client.get(f"{prefix}/topics/freedom-from-torture/")
        for code, prefix in [("en", ""), ("ru", "/ru"), ("kk", "/kk")]
    }

    titles = {
        code: text_of(r.content.decode(), r'<h1 id="page-title">(.*?)</h1>')
        for code, r in pages.items()
    }
    assert titles == {
        "en": "Freedom from torture",
        "ru": "Свобода от пыток",
        "kk": "Азаптаудан азат болу",
    }
    assert "<p>Запрет пыток.</p>" in pages["ru"].content.decode()


def test_a_missing_translation_shows_the_english_marked_as_english(client, torture):
    kazakh = client.get("/kk/topics/freedom-from-torture/").content.decode()
    russian = client.get("/ru/topics/freedom-from-torture/").content.decode()

    # No Kazakh description: the English one, in lang="en", with the note in Kazakh.
    assert (
        '<div lang="en"><p>The prohibition of torture.</p></div>'
        '<p class="untranslated">әлі аударылмаған</p>'
    ) in kazakh
    assert 'lang="en"' not in russian.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_untranslated_event_title_is_never_blank(client):
    factories.event(slug="rally", title="A rally in Almaty", date="2024-01-05")

    russian = client.get("/ru/events/rally/").content.decode()

    assert text_of(russian, r'<h1 id="page-title">(.*?)</h1>') == (
        '<span lang="en">A rally in Almaty</span>'
        ' <small class="untranslated">(ещё не переведено)</small>'
    )


def test_a_question_and_its_options_read_in_russian(client, documents):
    question = Question.objects.get(survey__slug="january-events-survey-2023", number=1)
    result = question.results.order_by("position").first()
    question.text_ru = "Как вы оцениваете события января?"
    question.short_label_ru = ""
    question.save()
    result.label_ru = "Положительно"
    result.save()

    page = client.get("/ru/surveys/january-events-survey-2023/questions/1/").content.decode()

    assert "<q>Как вы оцениваете события января?</q>" in page
    assert "Положительно" in page


def test_staff_edit_the_three_languages_side_by_side_and_each_is_saved(admin_client, torture):
    url = f"/admin/kb/topic/{torture.pk}/change/"
    form = admin_form_data(admin_client.get(url))
    assert {
        "name_en",
        "name_ru",
        "name_kk",
        "description_en",
        "description_ru",
        "description_kk",
    } <= set(form)

    response = admin_client.post(
        url,
        post_data(
            form, name_en="Freedom from torture", name_ru="Запрет пыток", name_kk="Азаптауға тыйым"
        ),
    )

    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode())
    topic = Topic.objects.get(pk=torture.pk)
    assert (topic.name_en, topic.name_ru, topic.name_kk) == (
        "Freedom from torture",
        "Запрет пыток",
        "Азаптауға тыйым",
    )
    with translation.override("kk"):
        assert Topic.objects.get(pk=torture.pk).name == "Азаптауға тыйым"


def test_the_english_column_starts_from_the_existing_text(documents):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    assert event.title_en == event.title != ""
    assert event.title_ru is None or event.title_ru == ""


def test_a_record_created_while_the_admin_reads_russian_keeps_its_english_text():
    with translation.override("ru"):
        created = Topic.objects.create(name="Youth", slug="youth", kind="theme")

    topic = Topic.objects.get(pk=created.pk)
    assert (topic.name_en, topic.name_kk) == ("Youth", None)
