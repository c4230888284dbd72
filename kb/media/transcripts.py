"""A transcript as readers get it: paragraphs per speaker, each starting the recording there.

Each paragraph has an id on the event page from its time. An event can have several transcribed
recordings, so ids are unique per recording: the event's first public transcribed recording (in
page order) keeps the short form, `#t-1930`, which every link had before events had more than one
transcript; the others have `#r<recording pk>-t-1930`. The rule depends on public data only, so
the event page (for anyone, staff included), search hits and a person's talks agree on it.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Min, OuterRef, Subquery

from kb import visibility
from kb.models import Recording

from .hosts import clock


class Paragraph(NamedTuple):
    speaker: object | None  # the matched person, when a reader may see them
    speaker_name: str  # as the file wrote it, when nobody matched (staff only)
    start: float
    text: str
    segment_id: int | None = None  # the first segment's: a search passage's key
    prefix: str = ""  # the recording's part of the anchor (anchor_prefix)

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def anchor(self) -> str:
        return anchor(self.start, self.prefix)


def anchor(start: float, prefix: str = "") -> str:
    """A paragraph's id on the event page: "t-1930", or "r12-t-1930" (module docstring)."""
    return f"{prefix}t-{int(start)}"


def anchor_prefix(recording_id: int, first_id: int | None) -> str:
    """The empty prefix for the event's first public transcribed recording (`first_id`), else
    "r<pk>-"."""
    return "" if recording_id == first_id else f"r{recording_id}-"


def first_transcribed(recordings) -> int | None:
    """The pk of the first public recording with a transcript among an event's recordings, given
    in page order with their transcripts selected (whatever else the viewer may see)."""
    for recording in recordings:
        if recording.public and hasattr(recording, "transcript"):
            return recording.pk
    return None


def first_transcribed_subquery(event_ref: str) -> Subquery:
    """The same pk for the event at `event_ref` (an OuterRef path), as a query annotation."""
    recordings = Recording.objects.filter(
        event=OuterRef(event_ref), public=True, transcript__isnull=False
    )
    return Subquery(recordings.order_by("position", "pk").values("pk")[:1])


def paragraphs(segments, user=None, prefix: str = "") -> list[Paragraph]:
    """Consecutive segments of one speaker joined; what `user` may not see left out."""
    out: list[Paragraph] = []
    last_key = None
    for segment in segments:
        if not visibility.segment_shown(segment, user):
            continue
        # Who said it as the file wrote it, even when the reader may not see that name: two
        # unidentified speakers in turn are two paragraphs, not one.
        key = (segment.speaker_id, "" if segment.speaker_id else segment.speaker_name)
        if out and key == last_key:
            out[-1] = out[-1]._replace(text=f"{out[-1].text} {segment.text}")
            continue
        name = "" if segment.speaker_id else visibility.unmatched_speaker_name(segment, user)
        out.append(
            Paragraph(segment.speaker, name, segment.start, segment.text, segment.pk, prefix)
        )
        last_key = key
    return out


def recording_paragraphs(recording, user=None, first_id: int | None = None) -> list[Paragraph]:
    """The prefetched transcript of a recording as paragraphs ([] when it has none); `first_id`
    is the event's first_transcribed()."""
    try:
        transcript = recording.transcript
    except recording.__class__.transcript.RelatedObjectDoesNotExist:
        return []
    prefix = anchor_prefix(recording.pk, first_id)
    return paragraphs(transcript.segments.all(), user, prefix)


class Talk(NamedTuple):
    """A recording in which a person speaks, from their first words in its transcript."""

    event: object
    recording: object
    start: float
    first_id: int | None = None  # the event's first public transcribed recording

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def url(self) -> str:
        """The event page at the person's first paragraph (a speaker's first words always begin
        a paragraph)."""
        prefix = anchor_prefix(self.recording.pk, self.first_id)
        return f"{self.event.get_absolute_url()}#{anchor(self.start, prefix)}"

    @property
    def recording_url(self) -> str:
        return self.recording.url_at(self.start)


def person_talks(person, user=None) -> list[Talk]:
    """The recordings `user` may see in which `person` speaks, newest event first (one query)."""
    recordings = (
        Recording.objects.filter(transcript__segments__speaker=person)
        .filter(visibility.media_q(user), visibility.visible_q(user, "event"))
        .annotate(
            first_words=Min("transcript__segments__start"),
            first_id=first_transcribed_subquery("event"),
        )
        .select_related("event")
        .order_by("-event__date", "-event__pk", "position", "pk")
    )
    return [Talk(r.event, r, r.first_words, r.first_id) for r in recordings]
