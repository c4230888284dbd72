from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.enums import MediaLanguage
from kb.media.parsing import TranscriptError, parse_transcript
from kb.media.services import recording_for_url, transcript_attach
from kb.models import Event

# A distinct exit status per reason (README, "Recordings and transcripts").
EXIT_CODES = {
    "unknown-event": 3,
    "unreadable-file": 4,
    "malformed-transcript": 5,
    "no-recording": 6,
    "several-recordings": 7,
    "invalid-recording": 8,
}


def _fail(reason: str, message: str):
    return CommandError(f"Nothing was stored ({reason}): {message}", returncode=EXIT_CODES[reason])


class Command(BaseCommand):
    help = (
        "Attach a transcript (WebVTT, SRT or plain text with times) to an event's recording; "
        "speakers are matched to the event's people. Replaces the recording's earlier transcript."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--recording-url",
            help="The recording it transcribes (made when the event has none at this address); "
            "default: the event's only recording.",
        )
        parser.add_argument("--language", choices=MediaLanguage.values, default="")

    def handle(self, *args, event_slug, file, recording_url, language, **options):
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise _fail("unknown-event", f'no event has the slug "{event_slug}"')
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise _fail("unreadable-file", f"cannot read {file}: {exc.strerror}") from exc
        try:
            parsed = parse_transcript(content, file.name)
        except TranscriptError as exc:
            raise _fail("malformed-transcript", f"{file.name}, {exc}") from exc
        with transaction.atomic():
            recording = self._recording(event, recording_url, language)
            report = transcript_attach(
                recording=recording, parsed=parsed, filename=file.name, language=language
            )
        self.stdout.write(f"{event.title}, {recording.address}: {report}")

    def _recording(self, event, url, language):
        if url:
            try:
                return recording_for_url(
                    event=event, url=url, language=language or MediaLanguage.ENGLISH
                )
            except ValidationError as exc:
                raise _fail("invalid-recording", "; ".join(exc.messages)) from exc
        recordings = list(event.recordings.all()[:2])
        if not recordings:
            raise _fail("no-recording", "the event has no recording; give --recording-url")
        if len(recordings) > 1:
            raise _fail("several-recordings", "the event has several; say which: --recording-url")
        return recordings[0]
