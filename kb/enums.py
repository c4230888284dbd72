"""Choices shared by models, filters, forms and the API."""

from django.db import models


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", "University"
    INSTITUTE = "institute", "Institute"
    PROGRAM = "program", "Program"
    THINK_TANK = "think_tank", "Think tank / research center"
    POLLSTER = "pollster", "Polling organization"
    NGO = "ngo", "Civil society organization"
    FOUNDATION = "foundation", "Foundation"
    MEDIA = "media", "Media organization"
    GOVERNMENT = "government", "Government body"
    INTERNATIONAL = "international", "International organization"
    OTHER = "other", "Other"


class TopicKind(models.TextChoices):
    HUMAN_RIGHT = "right", "Human right"
    THEME = "theme", "Research theme"


class EventFormat(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid"


class EventKind(models.TextChoices):
    DISCUSSION = "discussion", "Online discussion"
    PANEL = "panel", "Panel discussion"
    WEBINAR = "webinar", "Webinar"
    LECTURE = "lecture", "Lecture"
    CONFERENCE = "conference", "Conference"
    PRESENTATION = "presentation", "Presentation"
    OTHER = "other", "Other"


class EventOrganizationRole(models.TextChoices):
    ORGANIZER = "organizer", "Organizer"
    CO_SPONSOR = "co_sponsor", "Co-sponsor"
    PARTNER = "partner", "Partner"
    HOST = "host", "Host"


class EventPersonRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    MODERATOR = "moderator", "Moderator"
    DISCUSSANT = "discussant", "Discussant"
    CHAIR = "chair", "Chair"
    KEYNOTE = "keynote", "Keynote speaker"


class SurveyOrganizationRole(models.TextChoices):
    CONDUCTOR = "conductor", "Conducted by"
    PARTNER = "partner", "Partner"
    IMPLEMENTER = "implementer", "Implemented by"
    FUNDER = "funder", "Funded by"


class SurveyMode(models.TextChoices):
    TELEPHONE = "telephone", "Telephone interviews"
    FACE_TO_FACE = "face_to_face", "Face-to-face interviews"
    ONLINE = "online", "Online questionnaire"
    MIXED = "mixed", "Mixed modes"
    OTHER = "other", "Other"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"


class FigureQualifier(models.TextChoices):
    """How a printed figure relates to the true value ("less than 2%" is a bound, not a share)."""

    EXACT = "exact", "exactly"
    LESS_THAN = "lt", "less than"
    MORE_THAN = "gt", "more than"
    ABOUT = "about", "about"
    AT_MOST = "le", "at most"


class CompositionDimension(models.TextChoices):
    GENDER = "gender", "Gender"
    LANGUAGE = "language", "Language of interview"
    ETHNICITY = "ethnicity", "Ethnicity"
    AGE = "age", "Age"
    SETTLEMENT = "settlement", "Settlement type"
    REGION = "region", "Region"
    OTHER = "other", "Other"


class DocumentKind(models.TextChoices):
    PRESS_RELEASE = "press_release", "Press release"
    EVENT_PAGE = "event_page", "Event page"
    REPORT = "report", "Report"
    ARTICLE = "article", "Article"
    OTHER = "other", "Other"


class Comparability(models.TextChoices):
    """How a wave's question relates to the series' question."""

    SAME = "same", "Same question"
    COMPARABLE = "comparable", "Comparable question (wording changed)"


class MediaLanguage(models.TextChoices):
    """The language a recording, a material or a transcript is in."""

    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Russian"
    KAZAKH = "kk", "Kazakh"
    OTHER = "other", "Other"


class TranscriptFormat(models.TextChoices):
    WEBVTT = "vtt", "WebVTT"
    SRT = "srt", "SubRip (SRT)"
    TEXT = "text", "Plain text with timestamps"
