"""The forms of "Import a document": the upload, and the preview staff correct before drafts.

Each proposed item is a row of a formset with the passage it came from in hidden fields, so
"Create drafts" rebuilds the proposal from what staff left, corrected or unticked.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from kb.enums import (
    CompositionDimension,
    EventFormat,
    EventKind,
    EventOrganizationRole,
    EventPersonRole,
    FigureQualifier,
    QuestionKind,
    SurveyMode,
    SurveyOrganizationRole,
)
from kb.importing.pipeline import EVENT, SURVEY
from kb.models import (
    Affiliation,
    EventPerson,
    Organization,
    Person,
    Survey,
    SurveyOrganization,
    Topic,
)
from kb.models.events import validate_time_zone


def _existing(model, through, label, help_text=""):
    """A choice among existing records by the admin's autocomplete (a list of 30,000 people
    would be drawn in full on every row otherwise)."""
    return forms.ModelChoiceField(
        model.objects.all(),
        required=False,
        label=label,
        help_text=help_text,
        widget=AutocompleteSelect(through, admin.site),
    )


KIND_CHOICES = [("", "Detect it"), (SURVEY, "Survey release"), (EVENT, "Event announcement")]
TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="A .txt, .html, .pdf or .docx file.", label="File"
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        label="…or paste the text",
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label="Kind of document")

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError("Choose a file or paste the text.")
        if upload and upload.size > settings.KENES_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB; documents of up to "
                f"{settings.KENES_IMPORT_MAX_BYTES / 1e6:.0f} MB can be imported."
            )
        return data


class PassageFields(forms.Form):
    """Hidden offsets of the sentence a row came from; `keep` unticked drops the row."""

    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    keep = forms.BooleanField(required=False, initial=True)


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=KIND_CHOICES[1:], widget=forms.HiddenInput)
    language = forms.CharField(max_length=10, widget=forms.HiddenInput)
    filename = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    file_type = forms.CharField(max_length=10, widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean_text(self):
        # Browsers send line breaks as CRLF; the offsets count the text as read (LF only).
        return self.cleaned_data["text"].replace("\r\n", "\n")


def _decimal(label):
    return forms.DecimalField(label=label, required=False, max_digits=4, decimal_places=1)


class FactsForm(forms.Form):
    """The record's fields; each has hidden `<field>__start`/`__end` for its passage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            self.fields[f"{name}__start"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[f"{name}__end"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput
            )

    def fact_rows(self):
        """(field, its passage's start field) for the template, visible fields only."""
        return [
            (self[name], self[f"{name}__start"], self[f"{name}__end"])
            for name in self.fields
            if "__" not in name
        ]


class SurveyFactsForm(FactsForm):
    title = forms.CharField(max_length=300)
    headline = forms.CharField(max_length=300, required=False)
    field_start = forms.DateField(required=False, label="Fieldwork from")
    field_end = forms.DateField(required=False, label="Fieldwork until")
    sample_size = forms.IntegerField(required=False, min_value=1)
    mode = forms.ChoiceField(choices=SurveyMode.choices)
    mode_detail = forms.CharField(required=False, widget=TEXTAREA)
    sampling = forms.CharField(required=False, widget=TEXTAREA)
    population = forms.CharField(max_length=300, required=False)
    geography = forms.CharField(required=False, widget=TEXTAREA)
    country = forms.CharField(max_length=100, required=False)
    weighting = forms.CharField(required=False, widget=TEXTAREA)
    margin_of_error = _decimal("Margin of error (%)")
    margin_qualifier = forms.ChoiceField(choices=FigureQualifier.choices, initial="le")
    confidence_level = _decimal("Confidence level (%)")
    response_rate = _decimal("Response rate (%)")
    methodology_note = forms.CharField(required=False, widget=TEXTAREA)
    contact = _existing(Person, Survey._meta.get_field("contact"), "Contact (existing person)")

    def clean(self):
        data = super().clean()
        if (
            data.get("field_start")
            and data.get("field_end")
            and data["field_end"] < data["field_start"]
        ):
            self.add_error("field_end", "Fieldwork ends before it starts.")
        return data


class EventFactsForm(FactsForm):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=EventKind.choices)
    format = forms.ChoiceField(choices=EventFormat.choices)
    date = forms.DateField()
    start_time = forms.TimeField(required=False)
    end_time = forms.TimeField(required=False)
    time_zone = forms.CharField(max_length=64, validators=[validate_time_zone])
    location = forms.CharField(max_length=255, required=False)
    online_url = forms.URLField(required=False, assume_scheme="https")
    description = forms.CharField(required=False, widget=TEXTAREA)


class OrganizationRoleForm(PassageFields):
    name = forms.CharField(max_length=255)
    role = forms.ChoiceField(choices=[])
    existing = _existing(
        Organization,
        SurveyOrganization._meta.get_field("organization"),
        "Existing organization",
        "Empty: a new organization is drafted.",
    )
    decide = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event=False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = EventOrganizationRole if event else SurveyOrganizationRole
        self.fields["role"].choices = roles.choices


class QuestionForm(PassageFields):
    number = forms.IntegerField(min_value=1)
    text = forms.CharField(widget=TEXTAREA)
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    topline_complete = forms.BooleanField(required=False, label="All options given")
    note = forms.CharField(required=False, widget=TEXTAREA)
    decide = forms.CharField(required=False, widget=forms.HiddenInput)


class OptionForm(PassageFields):
    question = forms.IntegerField(min_value=1, label="Q")
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    label = forms.CharField(max_length=300)
    percent = forms.DecimalField(
        required=False, max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    qualifier = forms.ChoiceField(choices=FigureQualifier.choices)
    is_net = forms.BooleanField(required=False, label="net")
    net = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    figure_start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    figure_end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decide = forms.CharField(required=False, widget=forms.HiddenInput)


class CompositionForm(PassageFields):
    dimension = forms.ChoiceField(choices=CompositionDimension.choices)
    category = forms.CharField(max_length=200)
    percent = forms.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100)


class PersonForm(PassageFields):
    position = forms.IntegerField(min_value=0, label="Order")
    name = forms.CharField(max_length=200)
    role = forms.ChoiceField(choices=EventPersonRole.choices)
    existing = _existing(
        Person,
        EventPerson._meta.get_field("person"),
        "Existing person",
        "Empty: a new person is drafted.",
    )
    title = forms.CharField(max_length=255, required=False)
    organization = forms.CharField(max_length=255, required=False)
    organization_existing = _existing(
        Organization, Affiliation._meta.get_field("organization"), "Existing organization"
    )
    bio = forms.CharField(required=False, widget=TEXTAREA)
    decide = forms.CharField(required=False, widget=forms.HiddenInput)


class TopicsForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.only("pk", "name"), required=False, widget=forms.CheckboxSelectMultiple
    )


OrganizationRoleFormSet = forms.formset_factory(OrganizationRoleForm, extra=0)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=0)
OptionFormSet = forms.formset_factory(OptionForm, extra=0)
CompositionFormSet = forms.formset_factory(CompositionForm, extra=0)
PersonFormSet = forms.formset_factory(PersonForm, extra=0)
