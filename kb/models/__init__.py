"""Kenes's models, one module per domain, re-exported here."""

from .base import PublishableModel, PublishableQuerySet, TimeStampedModel
from .drafts import unpublished_links
from .events import Event, EventOrganization, EventPerson, EventSource
from .media import Material, Recording, Transcript, TranscriptSegment
from .organizations import Organization
from .people import Affiliation, Person
from .questions import Question, Result, check_result_shares
from .series import QuestionSeries, SeriesWave
from .shares import topline_warnings
from .sources import SourceDocument, SourcePassage
from .surveys import (
    SampleComposition,
    Survey,
    SurveyOrganization,
    SurveyRelatedItem,
)
from .topics import Topic

__all__ = [
    "Affiliation",
    "Event",
    "EventOrganization",
    "EventPerson",
    "EventSource",
    "Material",
    "Organization",
    "Person",
    "PublishableModel",
    "PublishableQuerySet",
    "Question",
    "QuestionSeries",
    "Recording",
    "Result",
    "SampleComposition",
    "SeriesWave",
    "SourceDocument",
    "SourcePassage",
    "Survey",
    "SurveyOrganization",
    "SurveyRelatedItem",
    "TimeStampedModel",
    "Topic",
    "Transcript",
    "TranscriptSegment",
    "check_result_shares",
    "topline_warnings",
    "unpublished_links",
]
