"""A hit's title, snippet text and figures in each reader's language, kept in the index.

The index is built from the English documents (kb.search.documents); each also carries what a
Russian or Kazakh results page shows of it, built by the same builder from the same records with
that language active (so interface lines such as a topic's kind or an answer's "71,6%" come in
that language; kb.search.search_doc.Builder.shown), and whether its title and text are that
language's own or English standing in for a missing translation. Both backends store it beside
the English (one JSON text) and hand it back with the hit: a translated results page costs no
query more than the English one.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
OTHERS = tuple(code for code, _name in settings.LANGUAGES if code != DEFAULT)
# Fields that name the record: they are its hit's title, the rest its snippet's text.
TITLE_FIELDS = {"title", "name", "short_label"}
# Around the runs of a version's text that are English standing in (a field with no
# translation), kept in the stored text: characters no text holds and no word is made of, so
# the snippet is cut as before and apply() makes them <span lang="en">.
OPEN, CLOSE = "\ue000", "\ue001"
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class Localized(NamedTuple):
    """What a results page in one language shows of a hit."""

    title: str
    body: str
    figures: str
    own_title: bool  # False: the English title, standing in (marked lang="en")
    own_body: bool  # False: the text is English where the language has none
    # The text's word layout for its snippet (kb.search.highlight.layout), where the index
    # keeps one (Whoosh's page entries); never in the stored JSON.
    layout: bytes | None = None


def _own(row: dict, code: str, names, title: str, english_title: str) -> tuple[bool, bool]:
    """Whether the record has a title, and a text, of its own in `code`. A title the same as
    the English one is English standing in (a question's title is its short label or, without
    one, its wording); a record with no English text either has nothing standing in."""

    def has(code_, fields):
        return any(row.get(f"{f}_{code_}") for f in fields)

    own_title = title != english_title or not english_title
    own_title = own_title or title in {row.get(f"{f}_{code}") for f in TITLE_FIELDS}
    texts = [f for f in names if f not in TITLE_FIELDS]
    own_body = has(code, texts) or not has(DEFAULT, texts)
    return own_title, own_body


def mark_english(body: str) -> str:
    """`body` with its English lines (Latin letters, no Cyrillic: Russian and Kazakh are both
    written in Cyrillic) between OPEN and CLOSE, one run for lines that follow each other; the
    lines in the reader's language (an interface line such as a topic's kind) and those with
    no letters (figures) left as they are."""
    # Staff's text never holds the markers: one typed (pasted from a private-use font) would
    # open or close a run of its own, and the page's spans would not pair.
    body = body.replace(OPEN, "").replace(CLOSE, "")
    out, run = [], []
    for line in body.split("\n"):
        if _LATIN.search(line) and not _CYRILLIC.search(line):
            run.append(line)
            continue
        if run:
            out.append(OPEN + "\n".join(run) + CLOSE)
            run = []
        out.append(line)
    if run:
        out.append(OPEN + "\n".join(run) + CLOSE)
    return "\n".join(out)


def translated_rows(model, records) -> dict[int, dict]:
    """Each record's translated columns in every language, by primary key ({} for a model
    with none, `records` then left unread): read from the records the builder fetched, for
    the index's words (kb.search.languages) and its versions here."""
    from kb.translation import TRANSLATED_FIELDS

    names = TRANSLATED_FIELDS.get(model)
    if not names:
        return {}
    columns = [f"{f}_{code}" for f in names for code in (DEFAULT, *OTHERS)]
    return {record.pk: {c: getattr(record, c) for c in columns} for record in records}


def add_languages(build, model, docs: list, rows: dict[int, dict]) -> None:
    """Give each English document its Russian and Kazakh version (`doc.languages`): `build()`
    builds what the records' hits show (key, title, body, figures: a Shown or a SearchDoc) in
    the active language; `rows` are translated_rows()."""
    from kb.translation import TRANSLATED_FIELDS

    names = TRANSLATED_FIELDS.get(model)
    if not names or not docs:
        return
    by_key = {doc.key: doc for doc in docs}
    for code in OTHERS:
        with translation.override(code):
            for doc in build():
                english = by_key.get(doc.key)
                if english is None:
                    continue
                row = rows.get(int(doc.key.partition(":")[2]), {})
                own = _own(row, code, names, doc.title, english.title)
                body = mark_english(doc.body)
                english.languages[code] = Localized(doc.title, body, doc.figures, *own)


def pack(languages: dict[str, Localized]) -> str:
    """The versions as the index stores them ("" for none)."""
    if not languages:
        return ""
    stored = {code: list(version[:5]) for code, version in languages.items()}
    return json.dumps(stored, ensure_ascii=False, separators=(",", ":"))


def with_layouts(packed: str) -> dict:
    """The stored versions with their texts' word layouts, as Whoosh's page entries keep them
    (read without parsing JSON, snippets without a regular expression)."""
    from .highlight import layout

    return {
        code: (*version, layout(version[1] or "")) for code, version in json.loads(packed).items()
    }


def for_reader(packed: str | dict | None, language: str | None = None) -> Localized | None:
    """The stored version in the reader's language (the active one), or None: English, or a
    record indexed without versions. `packed` is the stored JSON or with_layouts()' dict."""
    language = language or translation.get_language() or DEFAULT
    if language == DEFAULT or not packed:
        return None
    found = (json.loads(packed) if isinstance(packed, str) else packed).get(language)
    return Localized(*found) if found else None


def apply(hit, version: Localized | None, snippet) -> None:
    """Show `hit` in the reader's language: its title, snippet (`snippet`, made from the
    version's text) and figures, with what stands in in English marked."""
    if version is None:
        return
    hit.title = version.title
    hit.snippet = _spans(snippet, version)
    hit.figures = version.figures
    hit.title_lang = "" if version.own_title else DEFAULT
    hit.snippet_lang = "" if version.own_body else DEFAULT


def _spans(snippet, version: Localized):
    """The snippet with its English runs as <span lang="en">: one begun before the snippet's
    window opens it (highlight._passage() carries its OPEN), one ended after it closes at its
    end. A version stored without runs (an index built before them) is all English or none."""
    if OPEN not in version.body:
        if version.own_body or not snippet:
            return snippet
        return mark_safe(f'<span lang="{DEFAULT}">{snippet}</span>')  # noqa: S308 (escaped)
    text = str(snippet)
    if text.count(OPEN) > text.count(CLOSE):
        cut = text.endswith(" …")  # the text goes on after the window
        text = text[:-2] + CLOSE + " …" if cut else text + CLOSE
    text = text.replace(OPEN, f'<span lang="{DEFAULT}">').replace(CLOSE, "</span>")
    return mark_safe(text.replace(f'<span lang="{DEFAULT}"></span>', ""))  # noqa: S308 (escaped text)
