"""Every translated field a page shows in English for want of a translation is marked so:
lang="en" with a note in the reader's language (kb/jinja2/languages.py), including the
<title>; translated text is shown unmarked."""

import re

import pytest
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

NOTE = {
    "ru": '<small class="untranslated">(ещё не переведено)</small>',
    "kk": '<small class="untranslated">(әлі аударылмаған)</small>',
}


def fallback(text: str, language: str) -> str:
    return f'<span lang="en">{text}</span> {NOTE[language]}'


def path(record) -> str:
    """The record's English (unprefixed) address, whatever language a request left active."""
    with translation.override("en"):
        return record.get_absolute_url()


def title_of(html: str) -> str:
    return re.search(r"<title[^>]*>.*?</title>", html, re.S).group(0)


@pytest.fixture
def event():
    event = factories.event(title="Quorum hearings", subtitle="A day of testimony")
    event.title_ru = "Слушания кворума"
    event.save()
    organizer = factories.organization(name="Civic Bureau")
    factories.event_organization(event=event, organization=organizer, role="organizer")
    speaker = factories.person(name="Aliya Nurova")
    factories.event_person(event=event, person=speaker, role="speaker", position=1)
    return event


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_event_page_marks_each_english_stand_in(client, event, language):
    html = client.get(f"/{language}{path(event)}").content.decode()

    assert f'<p class="subtitle">{fallback("A day of testimony", language)}</p>' in html
    person = event.person_roles.get().person
    assert f'<a href="/{language}{path(person)}">' in html
    assert f"{fallback('Aliya Nurova', language)}</a>" in html
    assert f"{fallback('Civic Bureau', language)}</a>" in html


def test_the_title_element_is_marked_only_when_its_record_has_no_translation(client, event):
    russian = client.get(f"/ru{path(event)}").content.decode()
    kazakh = client.get(f"/kk{path(event)}").content.decode()
    english = client.get(path(event)).content.decode()

    assert title_of(russian) == "<title>Слушания кворума · Kenes</title>"
    assert title_of(kazakh) == '<title lang="en">Quorum hearings · Kenes</title>'
    assert title_of(english) == "<title>Quorum hearings · Kenes</title>"


@pytest.fixture
def survey():
    survey = factories.survey(title="Trust barometer", headline="Trust is falling")
    factories.question(survey=survey, number=1, text="Do you trust the courts?")
    return survey


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_survey_page_marks_its_english_headline_and_title(client, survey, language):
    html = client.get(f"/{language}{path(survey)}").content.decode()

    assert f'<p class="subtitle">{fallback("Trust is falling", language)}</p>' in html
    assert title_of(html) == '<title lang="en">Trust barometer · Kenes</title>'


def test_a_translated_headline_is_not_marked(client, survey):
    survey.headline_ru = "Доверие падает"
    survey.save()

    html = client.get(f"/ru{path(survey)}").content.decode()

    assert '<p class="subtitle">Доверие падает</p>' in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_question_page_marks_the_english_name_of_its_survey(client, survey, language):
    question = survey.questions.get()

    html = client.get(f"/{language}{path(question)}").content.decode()

    link = f'<a href="/{language}{path(survey)}">'
    assert f"{link}{fallback('Trust barometer', language)}</a>" in html
