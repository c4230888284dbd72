"""A transcript as readers get it: paragraphs per speaker, each starting the recording there."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Min

from kb import visibility
from kb.models import Recording

from .hosts import clock


class Paragraph(NamedTuple):
    speaker: object | None  # the matched person, when a reader may see them
    speaker_name: str  # as the file wrote it, when nobody matched (staff only)
    start: float
    text: str
    segment_id: int | None = None  # the first segment's: a search passage's key

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def anchor(self) -> str:
        return f"t-{int(self.start)}"


def paragraphs(segments, user=None) -> list[Paragraph]:
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
        out.append(Paragraph(segment.speaker, name, segment.start, segment.text, segment.pk))
        last_key = key
    return out


def recording_paragraphs(recording, user=None) -> list[Paragraph]:
    """The prefetched transcript of a recording as paragraphs ([] when it has none)."""
    try:
        transcript = recording.transcript
    except recording.__class__.transcript.RelatedObjectDoesNotExist:
        return []
    return paragraphs(transcript.segments.all(), user)


class Talk(NamedTuple):
    """A recording in which a person speaks, from their first words in its transcript."""

    event: object
    recording: object
    start: float

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def url(self) -> str:
        """The event page at the person's first paragraph (a speaker's first words always begin
        a paragraph)."""
        return f"{self.event.get_absolute_url()}#t-{int(self.start)}"

    @property
    def recording_url(self) -> str:
        return self.recording.url_at(self.start)


def person_talks(person, user=None) -> list[Talk]:
    """The recordings `user` may see in which `person` speaks, newest event first (one query)."""
    recordings = (
        Recording.objects.filter(transcript__segments__speaker=person)
        .filter(visibility.media_q(user), visibility.visible_q(user, "event"))
        .annotate(first_words=Min("transcript__segments__start"))
        .select_related("event")
        .order_by("-event__date", "-event__pk", "position", "pk")
    )
    return [Talk(r.event, r, r.first_words) for r in recordings]
