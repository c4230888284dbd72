"""What was said, as search documents: one per transcript paragraph (a speaker's turn, as the event
page shows it), keyed by the paragraph's first segment ("transcript:<segment pk>").

Only what the event page shows the public: transcripts of public recordings of published events,
without the words of withheld or draft people (kb.visibility); a name that matched nobody reads
"Unidentified speaker". A hit carries its Passage (speaker, time, the recording at that time),
kept in the index's stored `figures`, so neither backend stores anything new.

Keys follow the segments: a change to a transcript, its recording, its event or a speaker
queues the keys of every segment of the transcripts concerned; a key whose segment no longer
begins a public paragraph builds nothing and its entry is removed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch
from django.utils.translation import get_language, gettext, gettext_noop

from kb import visibility
from kb.media.hosts import clock
from kb.media.transcripts import anchor_prefix, first_transcribed_subquery, paragraphs
from kb.models import (
    Event,
    EventPerson,
    Person,
    Recording,
    Transcript,
    TranscriptSegment,
)

from .localized import DEFAULT, OTHERS
from .search_doc import ROLE_LABELS, SearchDoc

PASSAGE_TYPE = "transcript"
# Stored in English in the index; shown in the reader's language (Passage.speaker_label).
UNIDENTIFIED = gettext_noop("Unidentified speaker")


@dataclass(frozen=True)
class Passage:
    """What a transcript hit shows beside its snippet: "Yevgeniy Zhovtis, 00:32:10"."""

    event: str  # the event's title: the hit's title
    speaker: str
    speaker_url: str  # the person's page; "" for an unidentified speaker
    start: int  # seconds into the recording
    recording_url: str  # the recording started there
    # The event's title and the speaker's name in each other language ("" where it has none
    # yet): a Russian or Kazakh results page shows them with no query more.
    languages: dict = field(default_factory=dict, compare=False)

    @property
    def clock(self) -> str:
        return clock(self.start)

    def _own(self, n: int) -> str:
        """The reader's language's event title (n=0) or speaker's name (1), or ""."""
        own = self.languages.get(get_language() or DEFAULT)
        return own[n] if own else ""

    def title(self) -> tuple[str, str]:
        """The event's title in the reader's language, and "en" where English stands in."""
        own = self._own(0)
        english = (get_language() or DEFAULT) == DEFAULT or not self.languages
        return (own, "") if own else (self.event, "" if english else DEFAULT)

    @property
    def speaker_label(self) -> str:
        """The speaker's name (in the reader's language where it has one), or "Unidentified
        speaker" in the reader's language."""
        return (self._own(1) or self.speaker) if self.speaker_url else gettext(UNIDENTIFIED)

    @property
    def speaker_page(self) -> str:
        """The speaker's page in the reader's language (the index holds its English address)."""
        from kb.i18n import in_language

        return in_language(self.speaker_url, get_language() or DEFAULT) if self.speaker_url else ""

    @property
    def speaker_lang(self) -> str:
        """ "en" where the speaker's English name stands in for the reader's language."""
        english = (get_language() or DEFAULT) == DEFAULT or not self.languages
        return "" if english or not self.speaker_url or self._own(1) else DEFAULT

    def pack(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def unpack(cls, text: str) -> Passage | None:
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None


def _transcripts(segments):
    """The public transcripts holding these segments, with all their segments, the event's people
    in roles and its first public transcribed recording (three queries)."""
    return (
        Transcript.objects.filter(pk__in=segments.values("transcript_id"))
        .annotate(first_id=first_transcribed_subquery("recording__event"))
        .filter(visibility.media_q(None, "recording"))
        .filter(visibility.visible_q(None, "recording__event"))
        .select_related("recording__event")
        .prefetch_related(
            Prefetch(
                "segments",
                queryset=TranscriptSegment.objects.select_related("speaker").order_by("position"),
            ),
            Prefetch(
                "recording__event__person_roles", queryset=visibility.person_links(EventPerson)
            ),
        )
    )


def transcript_docs(segments) -> Iterator[SearchDoc]:
    """The paragraphs that begin at one of `segments` (a queryset of TranscriptSegment)."""
    wanted = set(segments.values_list("pk", flat=True))
    for transcript in _transcripts(segments):
        recording = transcript.recording
        event = recording.event
        roles = defaultdict(set)
        for link in event.person_roles.all():
            roles[link.person_id].add(ROLE_LABELS.get(link.role, link.role))
        prefix = anchor_prefix(recording.pk, transcript.first_id)
        for paragraph in paragraphs(transcript.segments.all(), prefix=prefix):
            if paragraph.segment_id not in wanted:
                continue
            speaker = paragraph.speaker
            passage = Passage(
                event=event.title,
                speaker=speaker.name if speaker else UNIDENTIFIED,
                speaker_url=speaker.get_absolute_url() if speaker else "",
                start=int(paragraph.start),
                recording_url=recording.url_at(paragraph.start),
                languages={
                    code: [
                        getattr(event, f"title_{code}", "") or "",
                        (getattr(speaker, f"name_{code}", "") or "") if speaker else "",
                    ]
                    for code in OTHERS
                },
            )
            yield SearchDoc(
                key=f"{PASSAGE_TYPE}:{paragraph.segment_id}",
                type=PASSAGE_TYPE,
                # No title of its own: the event's would make every passage match its words.
                title="",
                url=f"{event.get_absolute_url()}#{paragraph.anchor}",
                slug=event.slug,
                body=paragraph.text,
                people=" ".join(speaker.all_names) if speaker else "",
                figures=passage.pack(),
                date=event.date,
                years=[event.date.year],
                roles=sorted(roles[speaker.pk]) if speaker else [],
            )


# --- which entries a change affects (kb.search.indexing) ---------------------------------------


def _segment_keys(segments) -> list[str]:
    return [f"{PASSAGE_TYPE}:{pk}" for pk in segments.values_list("pk", flat=True)]


def passage_keys(instance, *, deleting: bool = False) -> list[str]:
    """The passage entries whose content depends on this row (a paragraph's bounds depend on
    every segment of its transcript, so whole transcripts are queued; a passage's anchor depends
    on which of the event's recordings is its first public transcribed one, so a recording or
    transcript queues its whole event).

    A deleted segment queues only its own key: segments go in bulk (a transcript replaced, or
    deleted with its recording), and the transcript's own save or deletion queues the rest."""
    segments = TranscriptSegment.objects.order_by()
    if isinstance(instance, TranscriptSegment):
        if deleting:
            return [f"{PASSAGE_TYPE}:{instance.pk}"]
        return _segment_keys(segments.filter(transcript_id=instance.transcript_id))
    if isinstance(instance, Transcript):
        event = Recording.objects.filter(pk=instance.recording_id).values("event_id")
        return _segment_keys(segments.filter(transcript__recording__event_id__in=event))
    if isinstance(instance, Recording):
        return _segment_keys(segments.filter(transcript__recording__event_id=instance.event_id))
    if isinstance(instance, Event):
        return _segment_keys(segments.filter(transcript__recording__event_id=instance.pk))
    if isinstance(instance, Person):
        spoken = segments.filter(speaker_id=instance.pk).values("transcript_id")
        return _segment_keys(segments.filter(transcript_id__in=spoken))
    if isinstance(instance, EventPerson):
        spoken = segments.filter(
            speaker_id=instance.person_id, transcript__recording__event_id=instance.event_id
        )
        return _segment_keys(spoken)
    return []
