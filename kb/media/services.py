"""Writes for recordings and transcripts: keyword-only, atomic; admin and commands call them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kb.enums import MediaLanguage
from kb.models import Event, Person, Recording, Transcript, TranscriptSegment

from .parsing import ParsedTranscript, parse_transcript
from .speakers import SpeakerIndex


@dataclass
class AttachReport:
    transcript: Transcript
    segments: int
    matched: dict[str, str] = field(default_factory=dict)  # name as written -> person's name
    unmatched: list[str] = field(default_factory=list)

    def __str__(self):
        text = f"{self.segments} segment(s), {len(self.matched)} speaker name(s) matched"
        if self.unmatched:
            text += f"; not matched, to resolve in the admin: {', '.join(self.unmatched)}"
        return text


def event_people(event: Event) -> list[Person]:
    """Everyone in a role at the event: the people a transcript's speakers can be."""
    return list(Person.objects.filter(event_roles__event=event).distinct())


@transaction.atomic
def recording_for_url(
    *, event: Event, url: str, language: str = MediaLanguage.ENGLISH
) -> Recording:
    """The event's recording at `url`, made when it has none yet."""
    recording = event.recordings.filter(url=url).first()
    if recording is None:
        recording = Recording(event=event, url=url, language=language)
        recording.full_clean()
        recording.save()
    return recording


@transaction.atomic
def transcript_attach(
    *,
    recording: Recording,
    content: bytes | str | None = None,
    parsed: ParsedTranscript | None = None,
    filename: str = "",
    language: str = "",
) -> AttachReport:
    """Parse the file (or take it parsed) and make it the recording's transcript, replacing any
    earlier one. A file that does not parse raises TranscriptError before anything is written."""
    if parsed is None:
        parsed = parse_transcript(content or b"", filename)
    index = SpeakerIndex(event_people(recording.event))
    people = {name: index.match(name) for name in parsed.speaker_names}
    transcript, _ = Transcript.objects.update_or_create(
        recording=recording,
        defaults={
            "language": language or recording.language,
            "source_format": parsed.source_format,
            "source_name": filename[-255:],
        },
    )
    transcript.segments.all().delete()
    TranscriptSegment.objects.bulk_create(
        TranscriptSegment(
            transcript=transcript,
            position=position,
            start=segment.start,
            end=segment.end,
            speaker=people.get(segment.speaker),
            speaker_name=segment.speaker[:200],
            text=segment.text,
        )
        for position, segment in enumerate(parsed.segments, start=1)
    )
    # bulk_create sends no post_save: the event's page and index learn of it from the transcript.
    transcript.save(update_fields=["updated_at"])
    return AttachReport(
        transcript=transcript,
        segments=len(parsed.segments),
        matched={name: person.name for name, person in people.items() if person},
        unmatched=sorted(name for name, person in people.items() if person is None),
    )


@transaction.atomic
def transcript_speaker_resolve(*, transcript: Transcript, name: str, person: Person) -> int:
    """Say who an unmatched name is: every segment the file gave to `name` is theirs."""
    changed = transcript.segments.filter(speaker_name=name).update(speaker=person)
    # update() sends no post_save: the transcript's own save re-indexes what was said.
    transcript.save(update_fields=["updated_at"])
    return changed
