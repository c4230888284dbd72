"""Recordings and materials (inlines on the event) and transcripts: upload a file, see which
speaker names matched nobody, say who they are."""

import nested_admin
from django import forms
from django.contrib import admin, messages

from kb.media.parsing import TranscriptError, parse_transcript
from kb.media.services import event_people, transcript_attach, transcript_speaker_resolve
from kb.models import Material, Person, Recording, Transcript, TranscriptSegment

from .base import HistoryAdmin, KenesInlineMixin


class RecordingInline(KenesInlineMixin, nested_admin.NestedStackedInline):
    model = Recording
    fields = (("title", "language", "public"), ("url", "file"), "presenters", "position")
    autocomplete_fields = ("presenters",)
    sortable_field_name = "position"
    verbose_name_plural = "recordings (a web address or a file; their transcripts: Transcripts)"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("presenters")


class MaterialInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = Material
    fields = ("position", "title", "url", "file", "language", "presenter", "public")
    autocomplete_fields = ("presenter",)
    sortable_field_name = "position"
    verbose_name_plural = "materials (slides, papers: PDF, PPTX, DOCX)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("presenter")


class TranscriptForm(forms.ModelForm):
    upload = forms.FileField(
        label="transcript file",
        required=False,
        help_text='WebVTT, SRT, or plain text with a time per line ("00:32:10 Name: text"). '
        "Uploading replaces the segments below.",
    )

    class Meta:
        model = Transcript
        fields = ("recording", "language")
        error_messages = {
            "recording": {
                "unique": "This recording has a transcript already: open it in the list of "
                "transcripts and upload the new file there (it replaces the earlier one)."
            }
        }

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is None and self.instance.pk is None:
            raise forms.ValidationError("Choose the transcript file to read.")
        if upload is not None:
            try:
                self.parsed = parse_transcript(upload.read(), upload.name)
            except TranscriptError as exc:
                # Nothing is saved: the form comes back with the line to fix.
                raise forms.ValidationError(f"{upload.name}, {exc}") from exc
        return data


class SegmentInline(KenesInlineMixin, admin.TabularInline):
    model = TranscriptSegment
    fields = ("clock", "speaker_name", "speaker", "text")
    readonly_fields = ("clock", "speaker_name", "text")
    autocomplete_fields = ("speaker",)
    can_delete = False
    max_num = 0  # segments come from the file; staff correct who said them

    @admin.display(description="time")
    def clock(self, obj):
        return obj.clock

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


def _who_field(name: str, people) -> forms.TypedChoiceField:
    # Choices from the people already loaded: one query for all the names, not one per name.
    return forms.TypedChoiceField(
        choices=[("", "---------"), *((p.pk, p.name) for p in people)],
        coerce=int,
        empty_value=None,
        required=False,
        label=f'Who is "{name}"?',
        help_text="Every segment the file gave to this name becomes theirs.",
    )


@admin.register(Transcript)
class TranscriptAdmin(HistoryAdmin):
    form = TranscriptForm
    list_display = ("__str__", "event", "source_format", "language", "unmatched")
    list_select_related = ("recording__event",)
    autocomplete_fields = ("recording",)
    search_fields = ("recording__event__title", "recording__title")
    readonly_fields = ("source_format", "source_name", "unmatched")
    inlines = (SegmentInline,)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def _unmatched(self, obj) -> list[str]:
        return obj.unmatched_names() if obj is not None else []

    def get_fields(self, request, obj=None):
        fields = ["recording", "language", "upload"]
        if obj is None:
            return fields
        who = [f"who_{i}" for i, _ in enumerate(self._unmatched(obj))]
        return [*fields, "source_format", "source_name", "unmatched", *who]

    def get_form(self, request, obj=None, **kwargs):
        names = self._unmatched(obj)
        if names:
            people = event_people(obj.recording.event)
            declared = {f"who_{i}": _who_field(name, people) for i, name in enumerate(names)}
            kwargs["form"] = type("TranscriptResolveForm", (TranscriptForm,), declared)
            kwargs["form"].unmatched = names
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="event")
    def event(self, obj):
        return obj.recording.event

    @admin.display(description="names that matched nobody")
    def unmatched(self, obj):
        names = obj.unmatched_names()
        return ", ".join(names) if names else "none"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for i, name in enumerate(getattr(form, "unmatched", [])):
            person_id = form.cleaned_data.get(f"who_{i}")
            if person_id is not None:
                person = Person.objects.get(pk=person_id)
                transcript_speaker_resolve(transcript=obj, name=name, person=person)
        parsed = getattr(form, "parsed", None)
        if parsed is None:
            return
        report = transcript_attach(
            recording=obj.recording,
            parsed=parsed,
            filename=form.cleaned_data["upload"].name,
            language=obj.language,
        )
        obj.source_format, obj.source_name = (
            report.transcript.source_format,
            report.transcript.source_name,
        )
        level = messages.WARNING if report.unmatched else messages.SUCCESS
        self.message_user(request, f"Read the transcript: {report}.", level)

    def save_formset(self, request, form, formset, change):
        # A new file replaced the segments the formset was built on: nothing of it to save (the
        # change message still reads what a saved formset would say it did).
        if getattr(form, "parsed", None) is None:
            super().save_formset(request, form, formset, change)
        else:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(Recording)
class RecordingAdmin(HistoryAdmin):
    """Only for choosing a recording in the transcript form; recordings are edited on events."""

    search_fields = ("title", "url", "event__title")
    list_select_related = ("event",)

    def has_module_permission(self, request):
        return False
