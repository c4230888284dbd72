"""A transcript as readers get it: paragraphs per speaker, each starting the recording there."""

from __future__ import annotations

from typing import NamedTuple

from kb import visibility

from .hosts import clock


class Paragraph(NamedTuple):
    speaker: object | None  # the matched person, when a reader may see them
    speaker_name: str  # as the file wrote it, when nobody matched (staff only)
    start: float
    text: str

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
        out.append(Paragraph(segment.speaker, name, segment.start, segment.text))
        last_key = key
    return out


def recording_paragraphs(recording, user=None) -> list[Paragraph]:
    """The prefetched transcript of a recording as paragraphs ([] when it has none)."""
    try:
        transcript = recording.transcript
    except recording.__class__.transcript.RelatedObjectDoesNotExist:
        return []
    return paragraphs(transcript.segments.all(), user)
