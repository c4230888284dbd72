"""An event's public recordings and materials (private ones never reach the API: the viewset
prefetches only public ones, `Event.objects.with_public_media()`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kb import visibility

from .refs import PersonRefSerializer

LANGUAGE_HELP = "BCP 47 language tag (en, ru, kk); null when in another language."


def absolute(context, address: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(address) if request and address else address


class RecordingSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField(help_text="The recording's title, or the event's.")
    language = serializers.SerializerMethodField(help_text=LANGUAGE_HELP)
    kind = serializers.ChoiceField(
        choices=["youtube", "vimeo", "file", "link"],
        help_text="How it plays: embedded from YouTube or Vimeo, an uploaded file, a link.",
        read_only=True,
    )
    medium = serializers.ChoiceField(choices=["video", "audio"], read_only=True)
    url = serializers.SerializerMethodField(help_text="Where the recording is (a file here).")
    embed_url = serializers.CharField(
        help_text="The privacy-friendly player (YouTube, Vimeo); empty for other kinds.",
        read_only=True,
    )
    presenters = serializers.SerializerMethodField()
    transcript_url = serializers.SerializerMethodField(
        help_text="The transcript on the event's page; null when there is none."
    )

    def get_title(self, recording) -> str:
        return recording.title or recording.event.title

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_language(self, recording):
        return recording.language_tag or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, recording):
        return absolute(self.context, recording.address)

    @extend_schema_field(PersonRefSerializer(many=True))
    def get_presenters(self, recording):
        people = [p for p in recording.presenters.all() if visibility.person_is_public(p)]
        return PersonRefSerializer(people, many=True).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_transcript_url(self, recording):
        try:
            recording.transcript  # noqa: B018 (selected with the recording)
        except recording.__class__.transcript.RelatedObjectDoesNotExist:
            return None
        page = recording.event.get_absolute_url()
        return absolute(self.context, f"{page}#transcript-{recording.pk}")


class MaterialSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    language = serializers.SerializerMethodField(help_text=LANGUAGE_HELP)
    kind = serializers.SerializerMethodField(help_text="pdf, pptx, docx, or link (a web address).")
    url = serializers.SerializerMethodField()
    presenter = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_language(self, material):
        return material.language_tag or None

    def get_kind(self, material) -> str:
        return material.kind.lower() or "link"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, material):
        return absolute(self.context, material.address)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_presenter(self, material):
        person = material.presenter
        return PersonRefSerializer(person).data if visibility.person_is_public(person) else None
