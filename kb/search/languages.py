"""Russian and Kazakh words to the stems both backends index and search (README, "Search").

Both backends stem English themselves and leave Cyrillic words as written, so "пытки" would not
find "пыток". Here a Cyrillic word gets its stems: Russian by Snowball (whoosh.lang.snowball, the
algorithm PostgreSQL's 'russian' configuration uses), plus the form without a fleeting vowel
("пыток" -> "пытк", as in "пытка"); a word with a Kazakh letter by a light suffix rule (plural,
case and possessive endings off, the stem kept at three letters or more; a word in Russian
letters only gets both, since Kazakh is often written so). Documents carry their
words' stems beside their text (kb.search.documents), and a query's Cyrillic word is read as
the word OR its stems (kb.search.query), so both sides meet on the stem.
"""

from __future__ import annotations

import functools
import re

from whoosh.lang.snowball.russian import RussianStemmer

_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)
_KAZAKH_LETTERS = set("әғқңөұүһі")
_RUSSIAN = RussianStemmer()
_VOWELS = "аеёиоуыэюяәөұүі"
# Kazakh endings, longest first: plural, possessive, case (genitive, dative, locative,
# ablative, accusative, instrumental).
_KAZAKH_ENDINGS = sorted(
    {
        *["лар", "лер", "дар", "дер", "тар", "тер"],
        *["ның", "нің", "дың", "дің", "тың", "тің"],
        *["ға", "ге", "қа", "ке", "на", "не"],
        *["да", "де", "та", "те", "нда", "нде"],
        *["дан", "ден", "тан", "тен", "нан", "нен"],
        *["ды", "ді", "ты", "ті", "ны", "ні"],
        *["мен", "бен", "пен"],
        *["ы", "і", "сы", "сі"],
    },
    key=len,
    reverse=True,
)
MIN_STEM = 3


def _kazakh_stem(word: str) -> str:
    for _ in range(3):  # "сайлауларының": -ның, -ы, -лар
        for ending in _KAZAKH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The stems of a Cyrillic word other than the word itself (none for a Latin word)."""
    word = word.lower()
    if not _CYRILLIC_WORD.fullmatch(word) or len(word) < MIN_STEM:
        return ()
    found = {_kazakh_stem(word)}
    if not _KAZAKH_LETTERS & set(word):  # Russian, or Kazakh written with Russian letters only
        stem = _RUSSIAN.stem(word)
        found.add(stem)
        # A fleeting vowel: the genitive plural "пыток", "девушек" against "пытка", "девушка".
        if stem == word and stem[-2] in "оеё" and not {stem[-1], stem[-3]} & set(_VOWELS):
            found.add(stem[:-2] + stem[-1])
    return tuple(sorted(s for s in found if s != word and len(s) >= MIN_STEM))


def stem_line(*texts: str) -> str:
    """The stems of every Cyrillic word of some texts, once each, for a document's index."""
    out: dict[str, None] = {}
    for text in texts:
        for match in _CYRILLIC_WORD.finditer(text or ""):
            for stem in stems(match.group()):
                out[stem] = None
    return " ".join(out)


def translations(record, field: str) -> list[str]:
    """A record's `field` in every language it has (English first), empty ones left out."""
    from django.conf import settings

    return [
        value
        for code, _name in settings.LANGUAGES
        if (value := getattr(record, f"{field}_{code}", None) or "")
    ]


def in_languages(builder, records):
    """`builder`'s documents, built in English, with the records' Russian and Kazakh text added.

    The record's own title or name in the other languages joins its names; its other translated
    text (summaries, descriptions, question wording, option labels) joins the words it is found
    by; and every Cyrillic word's stems (above) join them too. The hit as a Russian or Kazakh
    results page shows it is kb.search.localized's.
    """
    from django.utils import translation

    from .localized import DEFAULT, add_languages, translated_rows

    with translation.override("en"):
        if fetch := getattr(builder, "fetch", None):
            # Read once: what each language's page shows is built from the same records
            # (their translated fields read the active language), with no query more.
            fetched = list(fetch(records))
            docs = [builder.doc(record) for record in fetched]
            build = functools.partial(map, builder.shown, fetched)
            rows = translated_rows(records.model, fetched)
        else:
            build = functools.partial(builder, records)
            docs = list(build())
            rows = translated_rows(records.model, records)
    add_languages(build, records.model, docs, rows)  # what a Russian or Kazakh results page shows
    english = f"_{DEFAULT}"
    for doc in docs:
        row = rows.get(int(doc.key.partition(":")[2]), {})
        row = {k: v for k, v in row.items() if not k.endswith(english)}
        own = [v for k, v in row.items() if v and k.split("_")[0] in ("title", "name")]
        rest = [v for k, v in row.items() if v and k.split("_")[0] not in ("title", "name")]
        # The stems of its own names rank with its names; the others' with its topics.
        doc.names = " ".join(filter(None, [doc.names, *own]))
        doc.names = " ".join(filter(None, [doc.names, stem_line(doc.title, doc.names)]))
        words = stem_line(doc.body, doc.topics, *rest)
        doc.topics = "\n".join(filter(None, [doc.topics, *rest, words]))
        yield doc
