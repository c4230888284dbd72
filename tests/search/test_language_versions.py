"""What a Russian or Kazakh results page shows of a hit, as the index receives it
(SearchDoc.languages, kb/search/localized.py): built from the records the English document was
built from (kb/search/languages.py), it is what the whole builder makes with that language active,
its queries run again; and a person's versions, value by value."""

import pytest
from django.utils import translation

from kb.search import search_doc
from kb.search.documents import BUILDERS, docs_for_keys
from kb.search.languages import in_languages
from kb.search.localized import OTHERS, Localized, mark_english
from tests import factories


@pytest.fixture
def translated_person(db):
    org = factories.organization(name_en="Quorzian Bureau", name_ru="Кворзианское бюро")
    person = factories.person(
        name_en="Zorvan Quillby",
        name_ru="Зорван Квиллби",
        bio_en="Zorvan *writes* on trials.",
        bio_ru="Зорван *пишет* о процессах.",
    )
    factories.affiliation(person=person, organization=org, title="Director")
    day = factories.event(title="Placeholder").date
    heard = factories.event(
        title_en="Quorzian trials", title_ru="Кворзианские процессы", date=day, start_time=None
    )
    other = factories.event(title_en="Zorvan's second hearing", date=day, start_time=None)
    factories.event_person(event=heard, person=person, role="speaker", position=1)
    factories.event_person(event=other, person=person, role="moderator", position=1)
    return person


def test_a_persons_russian_and_kazakh_versions_hold_their_lines_in_that_language(
    translated_person,
):
    (doc,), gone = docs_for_keys([f"person:{translated_person.pk}"])

    assert gone == set()
    assert doc.languages == {
        "ru": Localized(
            title="Зорван Квиллби",
            body="\n".join(
                [
                    "Director, Кворзианское бюро",
                    "Зорван пишет о процессах.",
                    "Спикер на мероприятии «",
                    "Кворзианские процессы",
                    "»",
                    "Модератор на мероприятии «",
                    "\ue000Zorvan's second hearing\ue001",  # no Russian title: English, marked
                    "»",
                ]
            ),
            figures="",
            own_title=True,
            own_body=True,
        ),
        "kk": Localized(
            title="Zorvan Quillby",
            body="\n".join(
                [
                    "\ue000Director, Quorzian Bureau",
                    "Zorvan writes on trials.\ue001",
                    "«",
                    "\ue000Quorzian trials\ue001",
                    "» іс-шарасында: Спикер",
                    "«",
                    "\ue000Zorvan's second hearing\ue001",
                    "» іс-шарасында: Модератор",
                ]
            ),
            figures="",
            own_title=False,
            own_body=False,
        ),
    }


# No question series among the documents' records: the load test's corpus has them
# (scripts/rebuild_cpu.py --digests compares its documents between two revisions).
@pytest.mark.parametrize("kind", [k for k in BUILDERS if k not in {"series", "transcript"}])
def test_each_version_is_what_the_builder_makes_with_that_language_active(
    documents, translated_person, kind
):
    model, builder = BUILDERS[kind]
    records = model._default_manager.all()
    with translation.override("en"):
        docs = list(in_languages(builder, records))
    assert docs

    for code in OTHERS:
        # Built afresh: no label or text looked up for the documents above is reused.
        search_doc._labels.clear()
        search_doc.plain.cache_clear()
        with translation.override(code):
            again = {doc.key: doc for doc in builder(model._default_manager.all())}
        versions = {doc.key: doc.languages[code][:3] for doc in docs}
        assert versions == {
            key: (doc.title, mark_english(doc.body), doc.figures) for key, doc in again.items()
        }
