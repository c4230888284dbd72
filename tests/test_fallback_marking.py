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


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_surveys_list_of_questions_marks_an_english_label(client, survey, language):
    question = survey.questions.get()
    question.short_label = "Trust in courts"
    question.short_label_ru = "Доверие к судам"
    question.save()

    html = client.get(f"/{language}{path(survey)}").content.decode()

    label = {"ru": "Доверие к судам", "kk": fallback("Trust in courts", "kk")}[language]
    assert f'<li><a href="#q1">{label}</a></li>' in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_person_page_marks_english_organization_and_event_names(client, event, language):
    person = event.person_roles.get().person
    organization = factories.organization(name="Rights Institute")
    factories.affiliation(person=person, organization=organization, title="")

    html = client.get(f"/{language}{path(person)}").content.decode()

    assert (
        f'<a href="/{language}{path(organization)}">{fallback("Rights Institute", language)}</a>'
        in html
    )
    title = {"ru": "Слушания кворума", "kk": fallback("Quorum hearings", "kk")}[language]
    assert f'<a href="/{language}{path(event)}">{title}</a>' in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_topic_page_marks_its_english_broader_and_narrower_topics(client, language):
    broader = factories.topic(name="Civil rights", slug="civil-rights")
    topic = factories.topic(name="Fair trial", slug="fair-trial", parent=broader)
    narrower = factories.topic(name="Public hearing", slug="public-hearing", parent=topic)
    narrower.name_ru = "Открытое слушание"
    narrower.save()

    html = client.get(f"/{language}{path(topic)}").content.decode()

    assert f'<a href="/{language}{path(broader)}">{fallback("Civil rights", language)}</a>' in html
    child = {"ru": "Открытое слушание", "kk": fallback("Public hearing", "kk")}[language]
    assert f'<a href="/{language}{path(narrower)}">{child}</a>' in html


def test_the_atom_feed_marks_an_english_entry_title_and_summary(client, event, survey):
    event.summary = "Hearings in Almaty."
    event.summary_ru = "Слушания в Алматы."
    event.save()

    atom = client.get("/ru/feeds/latest.atom").content.decode()

    assert '<title xml:lang="en">Trust barometer' not in atom  # "Survey: …" is the title
    assert '<title xml:lang="en">Опрос: Trust barometer</title>' in atom
    assert (
        '<summary type="html" xml:lang="en">&lt;p&gt;Trust is falling&lt;/p&gt;</summary>' in atom
    )
    assert "<title>Слушания кворума (" in atom
    assert '<summary type="html">&lt;p&gt;Слушания в Алматы.&lt;/p&gt;</summary>' in atom


def test_the_english_atom_feed_marks_nothing(client, event, survey):
    atom = client.get("/feeds/latest.atom").content.decode()

    assert "xml:lang" not in atom.split("<entry>", 1)[1]


def test_the_meta_description_is_marked_when_it_is_english_standing_in(client, survey):
    kazakh = client.get(f"/kk{path(survey)}").content.decode()
    survey.headline_kk = "Сенім азайып барады"
    survey.save()
    translated = client.get(f"/kk{path(survey)}").content.decode()

    assert '<meta name="description" lang="en" content="Trust is falling">' in kazakh
    assert '<meta name="description" content="Сенім азайып барады">' in translated
