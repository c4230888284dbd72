"""Which language a document is in: English, Russian or Kazakh, or one we cannot read.

The rules that find figures, dates and people are written for English and Russian (Kazakh
releases share Russian's script and number style), so a document in another language is turned
away rather than half-read. Letters tell the script; common words tell English from other
Latin-script languages; letters only Kazakh uses tell Kazakh from Russian.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext

from kb.enums import MediaLanguage

from .errors import DocumentRejected, Reason

# The first 50,000 characters tell the language of a release as well as the whole text.
SAMPLE = 50_000
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_ENGLISH_WORDS = frozenset(
    "the of and to in is that for on with was were by are as at from this it be have".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W\d_]+")
# Below this share of common English words, Latin-script text is another language.
MIN_ENGLISH_SHARE = 0.06
# The languages' names, translated when the message is made (kb.enums: one msgid each).
LANGUAGE_NAMES = {code: name for code, name in MediaLanguage.choices if code != "other"}


def detect_language(text: str) -> str:
    """'en', 'ru' or 'kk'; DocumentRejected for anything else."""
    sample = text[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    kazakh = len(_KAZAKH.findall(sample))
    other = letters - cyrillic - latin
    if not letters:
        raise DocumentRejected(Reason.EMPTY, gettext("The document holds no words."))
    if cyrillic >= latin and cyrillic >= other:
        language = "kk" if kazakh > cyrillic * 0.01 else "ru"
    elif latin >= other and _english_share(text) >= MIN_ENGLISH_SHARE:
        language = "en"
    else:
        language = ""
    allowed = settings.KENES_IMPORT_LANGUAGES
    if language not in allowed:
        names = ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in allowed)
        raise DocumentRejected(
            Reason.UNEXPECTED_LANGUAGE,
            gettext(
                "The document does not read as %(languages)s; the importer's rules cover only "
                "these."
            )
            % {"languages": names},
        )
    return language


def _english_share(text: str) -> float:
    words = [word.lower() for word in _WORD.findall(text[:20000])]
    if not words:
        return 0.0
    return sum(word in _ENGLISH_WORDS for word in words) / len(words)
