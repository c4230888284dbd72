"""Text in, a proposal out: the one path the admin preview and the command share."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from .figures import find_figures
from .language import detect_language
from .matching import KnownRecords, known_records
from .organizations import organization_roles
from .proposal import Passage, Proposal, ProposedTopic, SurveyProposal
from .questions import propose_questions
from .reading import ReadDocument
from .sentences import paragraphs as find_paragraphs
from .sentences import split_sentences
from .survey import sample_composition, survey_facts

SURVEY, EVENT = "survey", "event"
KINDS = (SURVEY, EVENT)
_EVENT_WORDS = re.compile(
    r"^(?:speakers?|moderators?|chair|panelists?|discussants?|keynote\w*|спикеры|модератор\w*"
    r"|выступающие|докладчики|эксперты|председатель)\b"
    r"|\b(?:webinar|online discussion|panel discussion|will take place|took place|register)\b"
    r"|вебинар|онлайн-дискусси|круглый стол|состоится|состоялась",
    re.I | re.M,
)
_SURVEY_WORDS = re.compile(
    r"\b(?:respondents|survey|poll|margin of error|sample)\b|респондент|опрос|выборк|погрешност",
    re.I,
)


def detect_kind(text: str, figure_count: int) -> str:
    event_score = len(_EVENT_WORDS.findall(text))
    survey_score = len(_SURVEY_WORDS.findall(text)) + figure_count
    return EVENT if event_score * 3 > survey_score else SURVEY


def analyse(
    read: ReadDocument, *, kind: str | None = None, known: KnownRecords | None = None
) -> Proposal:
    text = read.text
    language = detect_language(text)
    sentences = split_sentences(text)
    paragraphs = find_paragraphs(text)
    figures = find_figures(text, sentences)
    detected = detect_kind(text, len(figures))
    known = known if known is not None else known_records()
    proposal = Proposal(
        kind=kind or detected,
        kind_detected=detected,
        language=language,
        title=read.title or (paragraphs[0].text[:300] if paragraphs else ""),
        text=text,
        filename=read.filename,
        file_type=read.file_type,
        figures=figures,
    )
    if kind and kind != detected:
        proposal.decide.append(
            gettext("Imported as an event announcement, though it reads like a survey release.")
            if detected == SURVEY
            else gettext(
                "Imported as a survey release, though it reads like an event announcement."
            )
        )
    if proposal.kind == SURVEY:
        proposal.survey = _survey(text, paragraphs, sentences, figures, known)
    else:
        from .events import propose_event

        proposal.event = propose_event(text, paragraphs, sentences, known)
    proposal.topics = propose_topics(text, known)
    return proposal


def _survey(text, paragraphs, sentences, figures, known) -> SurveyProposal:
    facts, used = survey_facts(text, paragraphs, sentences, figures)
    composition, composed = sample_composition(figures, used)
    answers = [f for f in figures if f.start not in used | composed]
    survey = SurveyProposal(
        facts=facts,
        organizations=organization_roles(text, sentences, known.organizations, event=False),
        questions=propose_questions(paragraphs, sentences, answers),
        composition=composition,
    )
    from .events import contact_person

    survey.contact = contact_person(text, sentences, known)
    return survey


def propose_topics(text: str, known: KnownRecords) -> list[ProposedTopic]:
    """Thesaurus topics whose name or other names stand in the text, most mentioned first."""
    found: dict[int, ProposedTopic] = {}
    for hit in known.topics.scan(text):
        if hit.pk in found:
            found[hit.pk].hits += 1
        else:
            found[hit.pk] = ProposedTopic(
                hit.pk, hit.name, 1, Passage(hit.start, hit.end, text[hit.start : hit.end])
            )
    return sorted(found.values(), key=lambda t: (-t.hits, t.name))
