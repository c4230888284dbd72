"""What an event leaves behind: recordings, materials (slides, papers) and transcripts.

Each recording and material carries its own public flag: a private one is for staff only and
never reaches a public output (kb.visibility decides, as for drafts). A transcript belongs to one
recording; its segments are said by one of the event's people, or by a name staff still have to
resolve (`speaker_name` kept as the file wrote it).
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.enums import MediaLanguage, TranscriptFormat
from kb.media.hosts import clock, player, url_at

from .base import TimeStampedModel
from .fields import LineField, PlainTextField, WebAddressField, upload_name

MATERIAL_EXTENSIONS = ("pdf", "pptx", "docx")
AUDIO_EXTENSIONS = ("mp3", "m4a", "ogg", "oga", "wav")
RECORDING_EXTENSIONS = ("mp4", "webm", "ogv", *AUDIO_EXTENSIONS)


def language_tag(code: str) -> str:
    """The BCP 47 tag of a media language ("en", "ru", "kk"); "" for "other", which is none."""
    return "" if code == MediaLanguage.OTHER else code


def _extension(file) -> str:
    name = file.name if file else ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def recording_upload_to(instance, filename: str) -> str:
    return upload_name("recordings", filename)


def material_upload_to(instance, filename: str) -> str:
    return upload_name("materials", filename)


def _one_of_file_or_url(obj, what: str):
    if bool(obj.url) == bool(obj.file):
        raise ValidationError(f"Give either a web address or a file for the {what}, not both.")


class EventAttachment(TimeStampedModel):
    """What Recording and Material share: who may see it and its place in the event's list."""

    public = models.BooleanField(
        "public",
        default=True,
        help_text=_("Untick to keep it for staff: never shown on pages, search, API or feeds."),
    )
    position = models.PositiveIntegerField("order", default=0)

    class Meta:
        abstract = True
        ordering = ["event", "position", "pk"]


class Recording(EventAttachment):
    """A video or audio recording of an event: a web address (YouTube, Vimeo, any) or a file."""

    event = models.ForeignKey(
        "kb.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="recordings"
    )
    title = LineField("title", max_length=300, blank=True, help_text=_("Empty: the event's title."))
    url = WebAddressField("web address", blank=True, help_text=_("YouTube, Vimeo or any page."))
    file = models.FileField(
        "file",
        upload_to=recording_upload_to,
        blank=True,
        validators=[FileExtensionValidator(RECORDING_EXTENSIONS)],
    )
    language = models.CharField(
        "language", max_length=8, choices=MediaLanguage.choices, default=MediaLanguage.ENGLISH
    )
    presenters = models.ManyToManyField(
        "kb.Person", verbose_name=_("presented by"), blank=True, related_name="recordings"
    )

    class Meta(EventAttachment.Meta):
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self):
        return self.title or self.address or "recording"

    def clean(self):
        _one_of_file_or_url(self, "recording")

    @property
    def address(self) -> str:
        return self.url or (self.file.url if self.file else "")

    @property
    def embed_url(self) -> str:
        """The privacy-friendly player for YouTube and Vimeo; "" for anything else."""
        return player(self.url).embed_url if self.url else ""

    @property
    def is_file(self) -> bool:
        return bool(self.file) and not self.url

    @property
    def kind(self) -> str:
        """How it plays: "youtube" or "vimeo" (embedded), "file" (uploaded), "link" (any other)."""
        if self.is_file:
            return "file"
        return player(self.url).host or "link"

    @property
    def medium(self) -> str:
        """ "audio" for an uploaded sound file, else "video" (what the hosts and players carry)."""
        return "audio" if self.is_file and _extension(self.file) in AUDIO_EXTENSIONS else "video"

    @property
    def language_tag(self) -> str:
        return language_tag(self.language)

    def url_at(self, seconds: float) -> str:
        return url_at(self.address, seconds)


class Material(EventAttachment):
    """Slides, a paper or a handout of an event: a PDF, PPTX or DOCX file, or a web address."""

    event = models.ForeignKey(
        "kb.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    title = LineField("title", max_length=300)
    url = WebAddressField("web address", blank=True)
    file = models.FileField(
        "file",
        upload_to=material_upload_to,
        blank=True,
        validators=[FileExtensionValidator(MATERIAL_EXTENSIONS)],
        help_text=_("PDF, PPTX or DOCX."),
    )
    language = models.CharField(
        "language", max_length=8, choices=MediaLanguage.choices, default=MediaLanguage.ENGLISH
    )
    presenter = models.ForeignKey(
        "kb.Person",
        verbose_name=_("presented by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )

    class Meta(EventAttachment.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    def clean(self):
        _one_of_file_or_url(self, "material")

    @property
    def address(self) -> str:
        return self.url or (self.file.url if self.file else "")

    @property
    def kind(self) -> str:
        """PDF, PPTX, DOCX from the file's name; "" for a web address."""
        return _extension(self.file).upper()

    @property
    def language_tag(self) -> str:
        return language_tag(self.language)


class Transcript(TimeStampedModel):
    """What was said in a recording, as timed segments."""

    recording = models.OneToOneField(
        Recording, verbose_name=_("recording"), on_delete=models.CASCADE, related_name="transcript"
    )
    language = models.CharField(
        "language", max_length=8, choices=MediaLanguage.choices, default=MediaLanguage.ENGLISH
    )
    source_format = models.CharField(
        "read from", max_length=8, choices=TranscriptFormat.choices, default=TranscriptFormat.TEXT
    )
    source_name = LineField("file name", max_length=255, blank=True)

    class Meta:
        ordering = ["recording", "pk"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self):
        return f"Transcript of {self.recording}"

    def unmatched_names(self) -> list[str]:
        """Speaker names of the file that no person of the event answers to (staff resolve them)."""
        names = self.segments.filter(speaker__isnull=True).exclude(speaker_name="")
        return sorted(set(names.values_list("speaker_name", flat=True)))


class TranscriptSegment(models.Model):
    transcript = models.ForeignKey(
        Transcript, verbose_name=_("transcript"), on_delete=models.CASCADE, related_name="segments"
    )
    position = models.PositiveIntegerField("order")
    start = models.FloatField("start (seconds)")
    end = models.FloatField("end (seconds)", null=True, blank=True)
    speaker = models.ForeignKey(
        "kb.Person",
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcript_segments",
    )
    speaker_name = LineField(
        "speaker as written", max_length=200, blank=True, help_text=_("The name the file gave.")
    )
    text = PlainTextField("text")

    class Meta:
        ordering = ["transcript", "position"]
        verbose_name = _("transcript segment")
        verbose_name_plural = _("transcript segments")
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "position"], name="unique_transcript_segment_position"
            )
        ]

    def __str__(self):
        return f"{self.clock} {self.speaker_name}: {self.text[:60]}"

    @property
    def clock(self) -> str:
        return clock(self.start)
