"""Looser readings of a query, tried only when the query as typed finds nothing.

A researcher types a question ("who has spoken about torture", "what did people think of the
internet shutdown"): its question and filler words are left out (the question reading), and
when no record holds every remaining word, the records holding most of them come first (the
loose reading). Both are trees of kb.search.query that either backend compiles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .query import MAX_WORD, Clause, ParsedQuery

STRICT, QUESTION, JOINED, LOOSE = "strict", "question", "joined", "loose"
READINGS = (STRICT, QUESTION, JOINED, LOOSE)
MAX_JOINED = 3  # pairs of words tried as one

# Words that ask rather than say what is wanted: question words, auxiliaries, pronouns,
# prepositions, verbs of saying and thinking, and the kinds of record a question asks for.
_FILLER_TEXT = """
    who whom whose what which when where why how
    is are was were be been being am do does did done has have had having can could would
    should shall will may might must
    i me my we our us you your he she his her it its they them their this that these those
    there here any anyone anybody someone somebody anything something some all much many
    a an the of on in at to for from with by about regarding concerning into than as and or
    think thinks thought say says said tell told speak speaks spoke spoken talk talks talked
    talking know knew feel feels felt find show list give mention mentioned work works worked
    working deal deals dealt organize organizes organized organizing organise organises
    organised organising host hosts hosted hosting held
    people person persons speaker speakers organization organizations
    organisation organisations event events survey surveys ask asks asked asking
"""
FILLER = frozenset(_FILLER_TEXT.split())
# A query opening with one of these (or ending with "?") is read as a question from the start.
_OPENERS_TEXT = "who whom whose what which when where why how did does do is are was were has have"
OPENERS = frozenset(_OPENERS_TEXT.split())
# Words that say which kind of record a question asks for ("who ...", "which organizations").
ASKS_FOR = {
    "who": "person",
    "whom": "person",
    "speakers": "person",
    "organizations": "organization",
    "organisations": "organization",
    "surveys": "survey",
    "events": "event",
    "many": "question",  # "how many ...": a survey question's figures
    "much": "question",
}
# The loose reading's line, whole, for each kind of record it may be narrowed to (so that a
# translation can decline the kind: "No person holds..." is not "No record holds..." in Russian).
LOOSE_NOTES = {
    "": _(
        "No record holds every word of “%(words)s”: showing the records that hold most of "
        "them, best first."
    ),
    "question": _(
        "No survey question holds every word of “%(words)s”: showing the survey questions "
        "that hold most of them, best first."
    ),
    "person": _(
        "No person holds every word of “%(words)s”: showing the people that hold most of "
        "them, best first."
    ),
    "organization": _(
        "No organization holds every word of “%(words)s”: showing the organizations that "
        "hold most of them, best first."
    ),
    "survey": _(
        "No survey holds every word of “%(words)s”: showing the surveys that hold most of "
        "them, best first."
    ),
    "event": _(
        "No event holds every word of “%(words)s”: showing the events that hold most of them, "
        "best first."
    ),
}
# The question reading's line for each kind of record it narrows to, in the words the page
# uses for them (never the address's type=person), whole for the same reason.
QUESTION_NOTES = {
    "": _("Read as a question: searched for %(words)s (left out: %(left_out)s)."),
    "person": _("Read as a question: searched people for %(words)s (left out: %(left_out)s)."),
    "organization": _(
        "Read as a question: searched organizations for %(words)s (left out: %(left_out)s)."
    ),
    "question": _(
        "Read as a question: searched survey questions for %(words)s (left out: %(left_out)s)."
    ),
    "survey": _("Read as a question: searched surveys for %(words)s (left out: %(left_out)s)."),
    "event": _("Read as a question: searched events for %(words)s (left out: %(left_out)s)."),
}
# Kinds of clause a looser reading may leave out or make optional (the fields stay required).
TEXT_KINDS = {"word", "phrase", "prefix"}


@dataclass(frozen=True)
class Reading:
    kind: str  # STRICT, QUESTION or LOOSE
    parsed: ParsedQuery
    note: str = ""
    left_out: tuple[str, ...] = ()  # the question and filler words left out
    asks_for: str = ""  # the kind of record a typed reading narrows to


def _typed_alone(group: list[Clause]) -> bool:
    """One word typed (with only what it implies: its stems, its synonyms)."""
    return all(c.implied for c in group[1:])


def _is_filler(group: list[Clause]) -> bool:
    clause = group[0]
    return (
        _typed_alone(group)
        and not clause.negated
        and clause.kind == "word"
        and clause.value.lower() in FILLER
    )


def _text_groups(parsed: ParsedQuery) -> list[list[Clause]]:
    return [g for g in parsed.groups if not g[0].negated and all(c.kind in TEXT_KINDS for c in g)]


def is_question(raw: str, parsed: ParsedQuery) -> bool:
    """Whether the query is asked as a question: its question words are then never required."""
    first = parsed.groups[0][0] if parsed.groups else None
    opens = first is not None and first.kind == "word" and first.value.lower() in OPENERS
    return opens or raw.rstrip().endswith("?")


def question_reading(parsed: ParsedQuery) -> Reading | None:
    """The query without its question and filler words; None when it has none, or nothing
    else to search for."""
    kept = [g for g in parsed.groups if not _is_filler(g)]
    left_out = [g[0].value for g in parsed.groups if _is_filler(g)]
    if not left_out or len(kept) == len(parsed.groups):
        return None
    reading = replace(parsed, groups=kept, notes=[])
    if reading.is_empty:
        return None
    words = " ".join(c.display() for g in kept for c in g if not (c.negated or c.implied))
    note = _question_note(words, left_out)
    return Reading(QUESTION, reading, note, tuple(left_out))


def typed_reading(question: Reading | None) -> Reading | None:
    """The question reading narrowed to the kind of record its words ask for ("who": people),
    or None when they ask for none (or for several kinds)."""
    if question is None:
        return None
    kinds = {ASKS_FOR[w.lower()] for w in question.left_out if w.lower() in ASKS_FOR}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    groups = [*question.parsed.groups, [Clause("type", kind)]]
    words = " ".join(c.display() for g in question.parsed.groups for c in g if not c.negated)
    note = _question_note(words, question.left_out, kind)
    return Reading(
        QUESTION, replace(question.parsed, groups=groups), note, question.left_out, asks_for=kind
    )


def _question_note(words: str, left_out, kind: str = "") -> str:
    return str(QUESTION_NOTES[kind]) % {"words": words, "left_out": ", ".join(left_out)}


def _left_out_note(left_out) -> str:
    return " " + gettext("Left out as question words: %(words)s.") % {"words": ", ".join(left_out)}


def _plain_word(group: list[Clause]) -> bool:
    clause = group[0]
    return (
        _typed_alone(group)
        and clause.kind == "word"
        and not clause.negated
        and clause.value.isalpha()
        and clause.value.lower() not in FILLER
    )


def joined_readings(parsed: ParsedQuery, question: Reading | None = None) -> list[Reading]:
    """Two neighbouring words typed apart read as the one word the index may hold ("Uyat
    Emes": UyatEmes), a pair at a time. `question`: the question reading they join in."""
    if question is not None:
        parsed = question.parsed
    groups, out = parsed.groups, []
    for i in range(len(groups) - 1):
        if len(out) >= MAX_JOINED:
            break
        first, second = groups[i], groups[i + 1]
        if not (_plain_word(first) and _plain_word(second)):
            continue
        joined = first[0].value + second[0].value
        if len(joined) > MAX_WORD:
            continue
        reading = replace(
            parsed,
            groups=[*groups[:i], [Clause("word", joined, exact=True)], *groups[i + 2 :]],
            notes=[],
        )
        note = gettext("Read “%(first)s %(second)s” as one word: %(joined)s.") % {
            "first": first[0].value,
            "second": second[0].value,
            "joined": joined,
        }
        left_out = question.left_out if question else ()
        if left_out:
            note += _left_out_note(left_out)
        out.append(Reading(JOINED, reading, note, left_out))
    return out


def loose_reading(parsed: ParsedQuery, question: Reading | None = None) -> Reading | None:
    """The same words, any of them enough: records holding more of them first. None when fewer
    than two words could be made optional. `question`: the question reading it loosens."""
    if question is not None:
        parsed = question.parsed
    if len(_text_groups(parsed)) < 2:
        return None
    reading = replace(parsed, notes=[], loose=True)
    words = " ".join(c.display() for g in _text_groups(parsed) for c in g if not c.implied)
    kinds = [c.value for g in parsed.groups for c in g if c.kind == "type" and not c.negated]
    kind = kinds[0] if len(kinds) == 1 and kinds[0] in LOOSE_NOTES else ""
    note = str(LOOSE_NOTES[kind]) % {"words": words}
    left_out = question.left_out if question else ()
    if left_out:
        note += _left_out_note(left_out)
    return Reading(LOOSE, reading, note, left_out)


def optional_groups(parsed: ParsedQuery) -> list[list[Clause]]:
    """The groups a loose reading makes optional (each counts towards a record's coverage)."""
    return _text_groups(parsed) if parsed.loose else []
