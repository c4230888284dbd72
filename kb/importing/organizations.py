"""Organizations in their roles: who ran, implemented, funded a survey; who organized an event.

A role is said by a phrase ("implemented by", "with the financial support of", "co-sponsored
by", "при поддержке"); the organizations named after it, up to the next such phrase, take that
role. Known organizations are found by any spelling; otherwise the run of capitalised words after
the phrase is proposed as a new one, for a person to check.
"""

from __future__ import annotations

import re

from kb.enums import EventOrganizationRole as EventRole
from kb.enums import SurveyOrganizationRole as SurveyRole

from .matching import PhraseIndex
from .proposal import OrganizationRole, Passage
from .sentences import Sentence

SURVEY_TRIGGERS = [
    (SurveyRole.IMPLEMENTER, r"implemented by|realized by|реализова\w*"),
    (
        SurveyRole.FUNDER,
        r"(?:financial )?support of|funded by|financed by|with funding from|commissioned by"
        r"|при (?:финансовой )?поддержке|по заказу|финансир\w+",
    ),
    (
        SurveyRole.PARTNER,
        r"in partnership with|in cooperation with|in collaboration with|partners?:"
        r"|в партн[её]рстве с|совместно с|при участии",
    ),
    (SurveyRole.CONDUCTOR, r"(?:conducted|carried out|fielded) by|провед[её]н\w*|провел\w*"),
]
EVENT_TRIGGERS = [
    (EventRole.CO_SPONSOR, r"co-?sponsored by|co-?sponsors?:|при поддержке|sponsored by"),
    (EventRole.ORGANIZER, r"organi[sz]ed by|organi[sz]ers?:|организатор\w*:?|организова\w*"),
    (EventRole.HOST, r"hosted by|hosts?:"),
    (
        EventRole.PARTNER,
        r"in partnership with|in cooperation with|in collaboration with|partners?:"
        r"|в партн[её]рстве с|совместно с",
    ),
]
# "X and Y conducted a survey": the organizations before the verb ran it.
_CONDUCTED = re.compile(
    r"\b(?:conducted|carried out|ran)\s+(?:a|an|the|this)?\s*(?:\w+\s+){0,2}(?:survey|poll|study)"
    r"|\bsurveyed\s+(?=\d)"
    r"|провел[аи]?\s+(?:опрос|исследование)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'.\-]*|of|for|and|the|on|de|и|по|при|\(|\))"
    r"(?:\s+(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'.\-]*|of|for|and|the|on|de|и|по))*"
)
MAX_NAME_WORDS = 10
_LEADING = re.compile(r"^(?:the|of|for|and|on|de|и|по|при)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s+(?:the|of|for|and|on|de|и|по)$", re.IGNORECASE)


def organization_roles(
    text: str, sentences: list[Sentence], known: PhraseIndex, *, event: bool
) -> list[OrganizationRole]:
    triggers = [
        (role, re.compile(rf"\b(?:{words})", re.IGNORECASE))
        for role, words in (EVENT_TRIGGERS if event else SURVEY_TRIGGERS)
    ]
    any_role = re.compile(
        "|".join(f"(?:{w})" for _, w in (EVENT_TRIGGERS if event else SURVEY_TRIGGERS))
        + ("" if event else f"|{_CONDUCTED.pattern}"),
        re.IGNORECASE,
    )
    found: list[OrganizationRole] = []
    for sentence in sentences:
        if not any_role.search(sentence.text):
            continue
        passage = Passage(sentence.start, sentence.end, sentence.text)
        marks = sorted(
            (m.start() + sentence.start, m.end() + sentence.start, role)
            for role, pattern in triggers
            for m in pattern.finditer(sentence.text)
        )
        if not event:
            verb = _CONDUCTED.search(sentence.text)
            if verb:
                head = sentence.start + verb.start()
                before = sentence.text[: verb.start()].rsplit(",", 1)[-1]
                found += _subject(text, head - len(before), head, known, passage)
        for i, (_, end, role) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else sentence.end
            found += _named(text, end, stop, known, role, passage, first_only=True)
    return _unique(found)


def _subject(text, start, end, known, passage) -> list[OrganizationRole]:
    """Who 'conducted a survey': known names before the verb, else the whole subject."""
    hits = _not_parents(text, known.scan(text, start, end))
    if hits:
        return [OrganizationRole(h.name, SurveyRole.CONDUCTOR.value, h.pk, passage) for h in hits]
    subject = _LEADING.sub("", text[start:end].strip(" ,"))
    if subject[:1].isupper() and len(subject.split()) <= MAX_NAME_WORDS:
        note = "Not in the knowledge base: check the name."
        return [OrganizationRole(subject, SurveyRole.CONDUCTOR.value, None, passage, note)]
    return []


def _named(text, start, end, known, role, passage, *, first_only=False) -> list[OrganizationRole]:
    hits = _not_parents(text, known.scan(text, start, end))
    loose = re.search(r"collaboration|cooperation", text[max(0, start - 30) : start], re.I)
    note = 'Said loosely ("in collaboration with"): a partner of this, or of something it mentions?'
    if hits:
        return [
            OrganizationRole(h.name, str(role), h.pk, passage, note if loose else "") for h in hits
        ]
    name = _clause_name(text[start:end]) if first_only else ""
    if not name:
        match = _CAPITALISED.search(text, start, end)
        if not match or (
            first_only and text[start : match.start()].strip(" ,:;–—-") not in ("", "the")
        ):
            return []
        name = _TRAILING.sub("", _LEADING.sub("", match.group().strip(" ()")))
    name = name.strip(" .,;:")
    if len(name) < 3 or not name[0].isupper():
        return []
    note = "Not in the knowledge base: check the name."
    return [OrganizationRole(part, str(role), None, passage, note) for part in _split(name)]


def _split(name: str) -> list[str]:
    """'Бюро ОБСЕ/БДИПЧ и Фонд «Сорос-Кыргызстан»' names two: split where 'and' (и) is followed
    by a word that starts an organization's name; 'Bureau for Human Rights and Rule of Law' stays
    one."""
    from .people import _ORGISH

    parts = re.split(r"\s+(?:and|и)\s+(?=\S)", name)
    if len(parts) > 1 and all(_ORGISH.match(part) for part in parts[1:]):
        return parts
    return [name]


def _clause_name(span: str) -> str:
    """The words right after a role phrase, up to the clause's end, when they read as a name."""
    clause = re.split(r"[.;,(]\s|[.;,(]$|\s[-–—]\s", span.strip(" :"), maxsplit=1)[0].strip()
    clause = _LEADING.sub("", clause)
    previous = None
    while previous != clause:
        previous = clause
        clause = re.sub(r"\s+(?:with|and|in|the|of|for|at|by|на|в|с|и)$", "", clause, flags=re.I)
    if clause[:1].isupper() and len(clause.split()) <= MAX_NAME_WORDS:
        return clause
    return ""


def _not_parents(text: str, hits: list) -> list:
    """'the Central Asia Program at The George Washington University': the program, not both."""
    kept = []
    for hit in hits:
        between = text[kept[-1].end : hit.start] if kept else ""
        if kept and re.fullmatch(r"\s*(?:,|at|of|,\s*at)\s*(?:the\s+)?", between, re.I):
            continue
        kept.append(hit)
    return kept


def _unique(found: list[OrganizationRole]) -> list[OrganizationRole]:
    seen, unique = set(), []
    for item in found:
        key = (item.existing or item.name, item.role)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
