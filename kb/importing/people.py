"""People on an event page: who, in which role, in which order, with what title where.

Pages list people under role headings ("Speakers", "Moderator", "Модератор") or on role lines
("Chair: Jane Roe, Director, Some Institute"). An entry starts with the person's name; the
title and organization come from the entry ("Name, Title, Organization") or from the bio
("Name is a Research Fellow at PaperLab").
"""

from __future__ import annotations

import re

from django.utils.translation import gettext

from kb.enums import EventPersonRole as Role

from .matching import KnownRecords
from .proposal import Passage, ProposedPerson
from .sentences import LIST_MARKER, Paragraph

ROLE_WORDS = [
    (
        Role.KEYNOTE,
        r"keynote(?: speakers?| address| speech)?|ключев\w+ (?:спикер|доклад)\w*|основной доклад",
    ),
    (Role.MODERATOR, r"moderators?|moderated by|модератор\w*|ведущ\w+"),
    (Role.CHAIR, r"chairs?|chaired by|chairperson|председатель|председательствующ\w*"),
    (Role.DISCUSSANT, r"discussants?|commentators?|дискуссант\w*|комментатор\w*"),
    (
        Role.SPEAKER,
        r"speakers?|panel(?:ists?)?|presenters?|спикер\w*|выступающ\w*|докладчик\w*|эксперт\w*|участники",
    ),
]
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_NAME = re.compile(
    rf"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Professor)\.?\s+)?(?P<name>[{_UPPER}][\w’'\-]+(?:\s+[{_UPPER}][\w’'\-]+){{1,3}})"
)
_ORGISH = re.compile(
    r"Universit|Institut|Cent(?:er|re)|Bureau|Foundation|Program|Lab\b|Fund|Council|Association"
    r"|Commission|Agency|Ministry|School|College|Academy|Society|Network|Initiative|Office"
    r"|Committee|Union|Group|Forum|Stiftung|Университет|Институт|Центр|Бюро|Фонд|Ассоциаци"
    r"|Академи|Министерств|Программ|Лаборатор|Комитет|Совет",
)
_TITLE_THEN_NAME = re.compile(rf"^([^{_UPPER}]+?)\s+([{_UPPER}].+)$")
_TITLE_AT = re.compile(
    r"\b(?:is|serves as|works as|is currently|currently serves as|является|работает)\s+"
    r"(?:currently\s+)?(?:a|an|the)?\s*(?P<title>[^,.;()]{3,80}?)\s+(?:at|of|with|in|в)\s+(?:the\s+)?",
)
# "is a part of", "is a doctoral student at": not the position the page introduces them with.
_NOT_A_JOB = re.compile(
    r"^(?:part|member|one)$|student|graduate|alumn|студент|аспирант|магистрант", re.I
)
_IS_A = re.compile(
    r"\b(?:is|является)\s+(?:a|an|the)?\s*(?P<title>[^,.;()]{3,80}?)(?=\s+(?:in|at|focusing|based|who|with|from)\b|[,.;]|$)"
)


def heading_role(text: str) -> Role | None:
    bare = text.strip().strip(":").strip()
    if len(bare) > 40:
        return None
    for role, words in ROLE_WORDS:
        if re.fullmatch(rf"(?:{words})", bare, re.I):
            return role
    return None


def _line_role(text: str) -> tuple[Role, int] | None:
    """'Chair: Jane Roe, ...' -> (chair, offset of 'Jane')."""
    for role, words in ROLE_WORDS:
        match = re.match(rf"\s*(?:[-–—•*]\s*)?(?:{words})\s*:\s*(?=\S)", text, re.I)
        if match:
            return role, match.end()
    return None


def find_people(paragraphs: list[Paragraph], known: KnownRecords) -> list[ProposedPerson]:
    people: list[ProposedPerson] = []
    section: Role | None = None
    for paragraph in _blocks(paragraphs):
        text = paragraph.text
        role = heading_role(text)
        if role:
            section = role
            continue
        inline = _line_role(text)
        if inline:
            role, offset = inline
            for start, end in _name_list(text, offset):
                _add(people, paragraph, paragraph.start + start, paragraph.start + end, role, known)
            continue
        if section is None:
            continue
        marker = LIST_MARKER.match(text)
        offset = marker.end() if marker else 0
        if _NAME.match(text[offset:]) and _entry_like(text[offset:]):
            _add(people, paragraph, paragraph.start + offset, paragraph.end, section, known)
        elif people and not marker and len(text) > 60 and people[-1].role == section:
            people[-1].bio += "\n\n" + text
        elif len(text) < 60 and not text.rstrip().endswith("."):
            section = None  # another heading: the people's part of the page is over
    return people


def _blocks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs, with those that hold role lines or list items cut into their lines."""
    blocks = []
    for paragraph in paragraphs:
        lines = paragraph.text.split("\n")
        if len(lines) > 1 and any(
            heading_role(line) or _line_role(line) or LIST_MARKER.match(line) for line in lines
        ):
            offset = paragraph.start
            for line in lines:
                if line.strip():
                    blocks.append(Paragraph(paragraph.index, offset, offset + len(line), line))
                offset += len(line) + 1
        else:
            blocks.append(paragraph)
    return blocks


def _entry_like(text: str) -> bool:
    match = _NAME.match(text)
    rest = text[match.end() :]
    return bool(re.match(r"\s*(?:$|[,(–—:-]|is\b|serves\b|works\b|—|является|\s[-–—])", rest))


def _name_list(text: str, offset: int) -> list[tuple[int, int]]:
    """'Chair: A, X Institute; B, Y University' holds two entries split at ';'."""
    spans, cursor = [], offset
    for part in text[offset:].split(";"):
        start = cursor + len(part) - len(part.lstrip())
        spans.append((start, cursor + len(part.rstrip())))
        cursor += len(part) + 1
    return [(s, e) for s, e in spans if e > s]


def _add(people, paragraph, start, end, role, known) -> None:
    entry = paragraph.text[start - paragraph.start : end - paragraph.start]
    match = _NAME.match(entry)
    if not match:
        return
    name = match.group("name")
    person = ProposedPerson(
        name=name,
        role=role.value,
        position=len(people),
        bio=entry,
        passage=Passage(start, end, entry),
    )
    existing = known.people.lookup(name)
    if existing:
        person.existing = existing.pk
        if existing.name != name:
            person.decide.append(
                gettext("Matched to %(name)s (another spelling): check.") % {"name": existing.name}
            )
    else:
        person.decide.append(gettext("Not in the knowledge base: a new person will be drafted."))
    _title_and_organization(
        person,
        entry[match.end() :],
        paragraph.start + match.end() + (start - paragraph.start),
        known,
    )
    people.append(person)


def _title_and_organization(
    person: ProposedPerson, rest: str, offset: int, known: KnownRecords
) -> None:
    listed = re.match(r"\s*(?:,|\s[-–—]|[-–—]|\()\s*(?P<rest>.+)", rest)
    if listed and not re.match(r"\s*(?:is|serves)\b", rest):
        parts = [
            p.strip(" ()") for p in re.split(r",|\)\s*|\(", listed.group("rest")) if p.strip(" ()")
        ]
        if rest.lstrip().startswith("("):
            person.organization = parts[0] if parts else ""
            person.title = ""
        elif len(parts) == 1 and (split := _TITLE_THEN_NAME.match(parts[0])):
            # "директор Казахстанского бюро ...": a title in lower case, then the organization.
            person.title, person.organization = _title_case(split.group(1)), split.group(2)
        elif parts:
            title = parts[0] if len(parts) > 1 or not _ORGISH.search(parts[0]) else ""
            person.title = _title_case(title)
            person.organization = ", ".join(parts[1:]) if person.title else parts[0]
        _match_organization(person, known)
        if not person.title or not person.organization:
            person.decide.append(gettext("Give the title and organization at the time."))
        return
    for sentence in re.split(r"(?<=[.;])\s+", rest):
        found = _TITLE_AT.search(sentence)
        if not found or _NOT_A_JOB.search(found.group("title")):
            continue
        hits = known.organizations.scan(sentence, found.end())
        organization = hits[0].name if hits else _org_phrase(sentence[found.end() :])
        if organization:
            person.title = _title_case(found.group("title"))
            person.organization = organization
            person.organization_existing = hits[0].pk if hits else None
            _match_organization(person, known)
            return
    first = _IS_A.search(rest)
    hits = known.organizations.scan(rest)
    person.title = _title_case(first.group("title")) if first else ""
    if hits:
        person.organization, person.organization_existing = hits[0].name, hits[0].pk
    person.decide.append(
        gettext("Check the title and organization at the time (read loosely from the bio).")
    )


def _org_phrase(text: str) -> str:
    match = re.match(
        rf"([{_UPPER}][\w’'.\-]*(?:\s+(?:of|for|and|the|on|[{_UPPER}][\w’'.\-]*))*)", text
    )
    if match and _ORGISH.search(match.group(1)):
        return re.sub(r"\s+(?:of|for|and|the|on)$", "", match.group(1))
    return ""


def _title_case(title: str) -> str:
    title = title.strip()
    return title[:1].upper() + title[1:]


def _match_organization(person: ProposedPerson, known: KnownRecords) -> None:
    if person.organization and person.organization_existing is None:
        hit = known.organizations.lookup(person.organization) or next(
            iter(known.organizations.scan(person.organization)), None
        )
        if hit:
            person.organization_existing = hit.pk
            person.organization = hit.name
