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
    r"\b(?:conducted|carried out|ran)\s+(?:a|an|the|this)?\s*(?:survey|poll|study)"
    r"|провел[аи]?\s+(?:опрос|исследование)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'.\-]*|of|for|and|the|on|de|и|по|при|\(|\))"
    r"(?:\s+(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'.\-]*|of|for|and|the|on|de|и|по))*"
)
_LEADING = re.compile(r"^(?:the|of|for|and|on|de|и|по|при)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s+(?:the|of|for|and|on|de|и|по)$", re.IGNORECASE)


def organization_roles(
    text: str, sentences: list[Sentence], known: PhraseIndex, *, event: bool
) -> list[OrganizationRole]:
    triggers = [
        (role, re.compile(rf"\b(?:{words})", re.IGNORECASE))
        for role, words in (EVENT_TRIGGERS if event else SURVEY_TRIGGERS)
    ]
    found: list[OrganizationRole] = []
    for sentence in sentences:
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
                found += _named(
                    text, head - len(before), head, known, SurveyRole.CONDUCTOR, passage
                )
        for i, (_, end, role) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else sentence.end
            found += _named(text, end, stop, known, role, passage, first_only=True)
    return _unique(found)


def _named(text, start, end, known, role, passage, *, first_only=False) -> list[OrganizationRole]:
    hits = known.scan(text, start, end)
    loose = re.search(r"collaboration|cooperation", text[max(0, start - 30) : start], re.I)
    note = 'Said loosely ("in collaboration with"): a partner of this, or of something it mentions?'
    if hits:
        return [
            OrganizationRole(h.name, str(role), h.pk, passage, note if loose else "") for h in hits
        ]
    match = _CAPITALISED.search(text, start, end)
    if not match or (
        first_only and text[start : match.start()].strip(" ,:;–—-") not in ("", "the")
    ):
        return []
    name = _TRAILING.sub("", _LEADING.sub("", match.group().strip(" ()")))
    if len(name) < 3 or not name[0].isupper():
        return []
    return [
        OrganizationRole(
            name, str(role), None, passage, "Not in the knowledge base: check the name."
        )
    ]


def _unique(found: list[OrganizationRole]) -> list[OrganizationRole]:
    seen, unique = set(), []
    for item in found:
        key = (item.existing or item.name, item.role)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
