"""Choices shared by models, filters, forms and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Institute")
    PROGRAM = "program", _("Program")
    THINK_TANK = "think_tank", _("Think tank / research center")
    POLLSTER = "pollster", _("Polling organization")
    NGO = "ngo", _("Civil society organization")
    FOUNDATION = "foundation", _("Foundation")
    MEDIA = "media", _("Media organization")
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International organization")
    OTHER = "other", _("Other")


class TopicKind(models.TextChoices):
    HUMAN_RIGHT = "right", _("Human right")
    THEME = "theme", _("Research theme")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class EventKind(models.TextChoices):
    DISCUSSION = "discussion", _("Online discussion")
    PANEL = "panel", _("Panel discussion")
    WEBINAR = "webinar", _("Webinar")
    LECTURE = "lecture", _("Lecture")
    CONFERENCE = "conference", _("Conference")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class EventOrganizationRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    CO_SPONSOR = "co_sponsor", _("Co-sponsor")
    PARTNER = "partner", _("Partner")
    HOST = "host", _("Host")


class EventPersonRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    DISCUSSANT = "discussant", _("Discussant")
    CHAIR = "chair", _("Chair")
    KEYNOTE = "keynote", _("Keynote speaker")


class SurveyOrganizationRole(models.TextChoices):
    CONDUCTOR = "conductor", _("Conducted by")
    PARTNER = "partner", _("Partner")
    IMPLEMENTER = "implementer", _("Implemented by")
    FUNDER = "funder", _("Funded by")


class SurveyMode(models.TextChoices):
    TELEPHONE = "telephone", _("Telephone interviews")
    FACE_TO_FACE = "face_to_face", _("Face-to-face interviews")
    ONLINE = "online", _("Online questionnaire")
    MIXED = "mixed", _("Mixed modes")
    OTHER = "other", _("Other")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class FigureQualifier(models.TextChoices):
    """How a printed figure relates to the true value ("less than 2%" is a bound, not a share)."""

    EXACT = "exact", _("exactly")
    LESS_THAN = "lt", _("less than")
    MORE_THAN = "gt", _("more than")
    ABOUT = "about", _("about")
    AT_MOST = "le", _("at most")


class CompositionDimension(models.TextChoices):
    GENDER = "gender", _("Gender")
    LANGUAGE = "language", _("Language of interview")
    ETHNICITY = "ethnicity", _("Ethnicity")
    AGE = "age", _("Age")
    SETTLEMENT = "settlement", _("Settlement type")
    REGION = "region", _("Region")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("Press release")
    EVENT_PAGE = "event_page", _("Event page")
    REPORT = "report", _("Report")
    ARTICLE = "article", _("Article")
    OTHER = "other", _("Other")


class Comparability(models.TextChoices):
    """How a wave's question relates to the series' question."""

    SAME = "same", _("Same question")
    COMPARABLE = "comparable", _("Comparable question (wording changed)")


class MediaLanguage(models.TextChoices):
    """The language a recording, a material or a transcript is in."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")
    OTHER = "other", _("Other")


class TranscriptFormat(models.TextChoices):
    WEBVTT = "vtt", _("WebVTT")
    SRT = "srt", _("SubRip (SRT)")
    TEXT = "text", _("Plain text with timestamps")
