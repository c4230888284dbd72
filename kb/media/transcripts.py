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
    for segment in segments:
        if not visibility.segment_shown(segment, user):
            continue
        name = "" if segment.speaker_id else visibility.unmatched_speaker_name(segment, user)
        key = (segment.speaker_id, name)
        if out and (out[-1].speaker.pk if out[-1].speaker else None, out[-1].speaker_name) == key:
            out[-1] = out[-1]._replace(text=f"{out[-1].text} {segment.text}")
            continue
        out.append(Paragraph(segment.speaker, key[1], segment.start, segment.text))
    return out


def recording_paragraphs(recording, user=None) -> list[Paragraph]:
    """The prefetched transcript of a recording as paragraphs ([] when it has none)."""
    try:
        transcript = recording.transcript
    except recording.__class__.transcript.RelatedObjectDoesNotExist:
        return []
    return paragraphs(transcript.segments.all(), user)
