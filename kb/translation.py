"""What the public reads, in each language (README, "Languages": content).

django-modeltranslation adds a column per language beside each field named here (``title_en``,
``title_ru``, ``title_kk``); ``obj.title`` reads the active language's and falls back to English.
Pages mark a fallback with ``translated()`` (kb.jinja2.helpers): ``lang="en"`` and a small note.
"""

import functools

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation import manager
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

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

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


# Ordering by a translated field (a list by title or name, the models' default orderings):
# modeltranslation orders by the reader's language's column alone, so on /ru/ every record not
# yet translated (an empty column) would sort before the rest. Order by what the reader sees
# instead: that column, or English where it is empty. modeltranslation rewrites both order_by()
# and the models' Meta.ordering through this one module-level function.
_rewrite_order = manager.rewrite_order_lookup_key


def _order_with_fallback(model, lookup_key):
    rewritten = _rewrite_order(model, lookup_key)
    language = get_language()
    if not isinstance(rewritten, str) or rewritten == lookup_key or language == DEFAULT:
        return rewritten
    path = rewritten.removeprefix("-")
    if not path.endswith(f"_{language}"):
        return rewritten
    return _shown_order(path, language, rewritten.startswith("-"))


@functools.lru_cache(maxsize=1024)
def _shown_order(path: str, language: str, descending: bool):
    """The ordering expression, made once: modeltranslation rewrites a model's default ordering
    each time a queryset is cloned (Django copies an expression when it resolves it)."""
    english = F(f"{path.removesuffix(f'_{language}')}_{DEFAULT}")
    shown = Coalesce(NullIf(F(path), Value("")), english)
    return shown.desc() if descending else shown.asc()


manager.rewrite_order_lookup_key = _order_with_fallback
