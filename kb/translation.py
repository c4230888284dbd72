"""What the public reads, in each language (README, "Languages": content).

django-modeltranslation adds a column per language beside each field named here (``title_en``,
``title_ru``, ``title_kk``); ``obj.title`` reads the active language's and falls back to English.
Pages mark a fallback with ``translated()`` (kb.jinja2.helpers): ``lang="en"`` and a small note.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Event,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Result,
    SourceDocument,
    Survey,
    Topic,
)

# The fields each model shows the public, per language. English is the source: the others may be
# empty, and then the page shows the English text marked as such.
TRANSLATED_FIELDS = {
    Topic: ("name", "description"),
    Organization: ("name", "description"),
    Person: ("name", "bio"),
    Event: ("title", "subtitle", "summary", "description"),
    Survey: ("title", "headline", "summary"),
    Question: ("text", "short_label", "note"),
    Result: ("label",),
    QuestionSeries: ("title", "description"),
    SourceDocument: ("title",),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(
        type(f"{_model.__name__}Translation", (TranslationOptions,), {"fields": _fields})
    )
