"""An event announcement: title, date, time and zone, format, place, organizations, people."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from kb.enums import EventFormat, EventKind

from .dates import find_dates, find_time
from .matching import KnownRecords
from .organizations import organization_roles
from .people import find_people, heading_role
from .proposal import EventProposal, Fact, Passage, ProposedPerson
from .sentences import Paragraph, Sentence

DEFAULT_TIME_ZONE = "Asia/Almaty"
_WHEN = re.compile(
    r"take place|took place|will be held|was held|held on|\bdate\b|\bwhen\b|\bon\b"
    r"|состоится|состоялась|пройд[её]т|прошла|дата|когда",
    re.I,
)
_TIME_LINE = re.compile(r"\b(?:time|when|start|время|начало)\b", re.I)
_PLACE = re.compile(
    r"^(?:venue|location|place|address|where|место проведения|место|адрес)\s*:\s*(?P<place>.+)$",
    re.I | re.M,
)
_PLACE_AT = re.compile(
    r"(?:will take place|takes place|took place|will be held|was held|пройд[её]т|состоится)\s+"
    r"(?:at|in|в)\s+(?:the\s+)?(?P<place>[A-ZА-ЯЁ][^.;]{3,120}?)(?=\s+(?:on|at|from)\s|[.;]|$)",
)
_FORMATS = {
    EventFormat.HYBRID: r"\bhybrid\b|гибридн\w*|in person and online|online and in person"
    r"|очно и онлайн",
    EventFormat.ONLINE: r"\bonline\b|\bwebinar\b|\bzoom\b|\bvirtual\b|онлайн|вебинар",
    EventFormat.IN_PERSON: r"\bin person\b|\bin-person\b|\bvenue\b|\baddress\b|очно"
    r"|место проведения|адрес",
}
_KINDS = [
    (EventKind.WEBINAR, r"webinar|вебинар"),
    (EventKind.PANEL, r"panel discussion|panel|круглый стол|панельн\w+ дискусси\w*"),
    (EventKind.DISCUSSION, r"discussion|дискусси\w*|обсуждени\w*"),
    (EventKind.LECTURE, r"lecture|лекци\w*"),
    (EventKind.CONFERENCE, r"conference|конференци\w*"),
    (EventKind.PRESENTATION, r"presentation|презентаци\w*"),
]
_URL = re.compile(r"https?://\S+[\w/]")
_CONTACT = re.compile(
    r"(?:contact|контакт\w*|обращайтесь к)\s*:?\s*(?P<name>[A-ZА-ЯЁ][\w’'\-]+\s+[A-ZА-ЯЁ][\w’'\-]+)"
)


def propose_event(
    text: str, paragraphs: list[Paragraph], sentences: list[Sentence], known: KnownRecords
) -> EventProposal:
    people = find_people(paragraphs, known)
    first_person = min((p.passage.start for p in people if p.passage), default=len(text))
    intro = [s for s in sentences if s.end <= first_person] or sentences
    event = EventProposal(
        facts=[],
        organizations=organization_roles(text, intro, known.organizations, event=True),
        people=people,
    )
    if paragraphs:
        first = paragraphs[0]
        event.facts.append(
            Fact(
                "title",
                first.text[:300],
                Passage(first.start, first.end, first.text),
                "Check the title.",
            )
        )
    event.facts += _when(text, intro)
    event.facts += _format_and_place(text, intro)
    event.facts += _online_address(sentences)
    kind = next(
        ((k, s) for k, words in _KINDS for s in intro if re.search(words, s.text, re.I)), None
    )
    if kind:
        event.facts.append(Fact("kind", kind[0].value, _passage(kind[1])))
    else:
        event.facts.append(
            Fact("kind", EventKind.OTHER.value, None, "Say what kind of event it is.")
        )
    description = [
        p.text for p in paragraphs[1:] if p.end <= first_person and not heading_role(p.text)
    ]
    if description:
        event.facts.append(
            Fact("description", "\n\n".join(description), None, "Trim the description.")
        )
    if not any(o.role in ("organizer", "host") for o in event.organizations):
        event.facts.append(
            Fact(
                "organizer",
                None,
                None,
                "No organizer is named: add the event's organizer (the page's publisher?).",
            )
        )
    if not people:
        event.facts.append(Fact("people", None, None, "No speakers or moderators found."))
    return event


def _passage(sentence: Sentence) -> Passage:
    return Passage(sentence.start, sentence.end, sentence.text)


def _when(text: str, sentences: list[Sentence]) -> list[Fact]:
    dated = [(s, find_dates(text, s.start, s.end)) for s in sentences]
    dated = [(s, hits) for s, hits in dated if hits]
    if not dated:
        return [Fact("date", None, None, "No date found.")]
    chosen = next(((s, h) for s, h in dated if _WHEN.search(s.text)), dated[0])
    sentence, hits = chosen
    others = {h.value for _, hs in dated for h in hs} - {hits[0].value}
    note = (
        f"Other dates are printed too ({', '.join(str(d) for d in sorted(others))}): choose."
        if others
        else ""
    )
    facts = [Fact("date", hits[0].value, _passage(sentence), note)]
    timed = find_time(text, sentence.start, sentence.end)
    if timed is None:
        timed_sentence = next(
            (s for s in sentences if _TIME_LINE.search(s.text) and find_time(text, s.start, s.end)),
            None,
        )
        if timed_sentence:
            sentence, timed = (
                timed_sentence,
                find_time(text, timed_sentence.start, timed_sentence.end),
            )
    if timed:
        facts.append(Fact("start_time", timed.start_time, _passage(sentence)))
        if timed.end_time:
            facts.append(Fact("end_time", timed.end_time, _passage(sentence)))
        if timed.zone:
            facts.append(Fact("time_zone", timed.zone, _passage(sentence)))
        else:
            facts.append(
                Fact(
                    "time_zone",
                    DEFAULT_TIME_ZONE,
                    _passage(sentence),
                    "No time zone is named: check.",
                )
            )
    else:
        facts.append(Fact("time_zone", DEFAULT_TIME_ZONE, None))
    return facts


def _format_and_place(text: str, sentences: list[Sentence]) -> list[Fact]:
    facts = []
    place_match = _PLACE.search(text) or next(
        (m for s in sentences if (m := _PLACE_AT.search(s.text))), None
    )
    place = place_match.group("place").strip() if place_match else ""
    found = {
        fmt: next((s for s in sentences if re.search(words, s.text, re.I)), None)
        for fmt, words in _FORMATS.items()
    }
    if found[EventFormat.HYBRID]:
        fmt, note = EventFormat.HYBRID, ""
    elif found[EventFormat.ONLINE] and (found[EventFormat.IN_PERSON] or place):
        fmt, note = EventFormat.HYBRID, "Online and in-person words both appear: hybrid?"
    elif found[EventFormat.ONLINE]:
        fmt, note = EventFormat.ONLINE, ""
    elif found[EventFormat.IN_PERSON] or place:
        fmt, note = EventFormat.IN_PERSON, ""
    else:
        fmt, note = EventFormat.ONLINE, "The format is not said: check."
    source = found.get(fmt)
    facts.append(Fact("format", fmt.value, _passage(source) if source else None, note))
    if place:
        at = text.find(place)
        sentence = next((s for s in sentences if s.start <= at < s.end), None)
        facts.append(Fact("location", place[:255], _passage(sentence) if sentence else None))
    return facts


def _online_address(sentences: list[Sentence]) -> list[Fact]:
    """Where to join or register: the first address beside Zoom, Teams or "register"."""
    for sentence in sentences:
        if re.search(r"zoom|teams|regist|webex|meet|регистрац|ссылк", sentence.text, re.I):
            match = _URL.search(sentence.text)
            if match:
                return [Fact("online_url", match.group(), _passage(sentence))]
    return []


def contact_person(
    text: str, sentences: list[Sentence], known: KnownRecords
) -> ProposedPerson | None:
    for sentence in sentences:
        match = _CONTACT.search(sentence.text)
        if match:
            name = match.group("name")
            person = ProposedPerson(
                name=name, role="contact", position=0, passage=_passage(sentence)
            )
            existing = known.people.lookup(name)
            person.existing = existing.pk if existing else None
            if not existing:
                person.decide.append(
                    gettext("Not in the knowledge base: a new person will be drafted.")
                )
            return person
    return None
