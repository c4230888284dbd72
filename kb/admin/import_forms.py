"""The forms of "Import a document": the upload, and the preview staff correct before drafts.

Each proposed item is a row of a formset with the passage it came from in hidden fields, so
"Create drafts" rebuilds the proposal from what staff left, corrected or unticked.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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
from kb.importing.reading import max_bytes, too_large_message
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


KIND_CHOICES = [
    ("", _("Detect it")),
    (SURVEY, _("Survey release")),
    (EVENT, _("Event announcement")),
]
TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False, help_text=_("A .txt, .html, .pdf or .docx file."), label=_("File")
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        label=_("…or paste the text"),
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label=_("Kind of document"))

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(gettext("Choose a file or paste the text."))
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
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
    title = forms.CharField(max_length=300, label=_("Title"))
    headline = forms.CharField(max_length=300, required=False, label=_("Headline"))
    field_start = forms.DateField(required=False, label=_("Fieldwork from"))
    field_end = forms.DateField(required=False, label=_("Fieldwork until"))
    sample_size = forms.IntegerField(required=False, min_value=1, label=_("Sample size"))
    mode = forms.ChoiceField(choices=SurveyMode.choices, label=_("Mode"))
    mode_detail = forms.CharField(required=False, widget=TEXTAREA, label=_("Mode detail"))
    sampling = forms.CharField(required=False, widget=TEXTAREA, label=_("Sampling"))
    population = forms.CharField(max_length=300, required=False, label=_("Population"))
    geography = forms.CharField(required=False, widget=TEXTAREA, label=_("Geography"))
    country = forms.CharField(max_length=100, required=False, label=_("Country"))
    weighting = forms.CharField(required=False, widget=TEXTAREA, label=_("Weighting"))
    margin_of_error = _decimal(_("Margin of error (%)"))
    margin_qualifier = forms.ChoiceField(
        choices=FigureQualifier.choices, initial="le", label=_("Margin qualifier")
    )
    confidence_level = _decimal(_("Confidence level (%)"))
    response_rate = _decimal(_("Response rate (%)"))
    methodology_note = forms.CharField(required=False, widget=TEXTAREA, label=_("Methodology note"))
    contact = _existing(Person, Survey._meta.get_field("contact"), _("Contact (existing person)"))

    def clean(self):
        data = super().clean()
        if (
            data.get("field_start")
            and data.get("field_end")
            and data["field_end"] < data["field_start"]
        ):
            self.add_error("field_end", gettext("Fieldwork ends before it starts."))
        return data


class EventFactsForm(FactsForm):
    title = forms.CharField(max_length=300, label=_("Title"))
    kind = forms.ChoiceField(choices=EventKind.choices, label=_("Kind"))
    format = forms.ChoiceField(choices=EventFormat.choices, label=_("Format"))
    date = forms.DateField(label=_("Date"))
    start_time = forms.TimeField(required=False, label=_("Start time"))
    end_time = forms.TimeField(required=False, label=_("End time"))
    time_zone = forms.CharField(
        max_length=64, validators=[validate_time_zone], label=_("Time zone")
    )
    location = forms.CharField(max_length=255, required=False, label=_("Location"))
    online_url = forms.URLField(required=False, assume_scheme="https", label=_("Online URL"))
    description = forms.CharField(required=False, widget=TEXTAREA, label=_("Description"))


class OrganizationRoleForm(PassageFields):
    name = forms.CharField(max_length=255, label=_("Name"))
    role = forms.ChoiceField(choices=[], label=_("Role"))
    existing = _existing(
        Organization,
        SurveyOrganization._meta.get_field("organization"),
        _("Existing organization"),
        _("Empty: a new organization is drafted."),
    )
    decide = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event=False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = EventOrganizationRole if event else SurveyOrganizationRole
        self.fields["role"].choices = roles.choices


class QuestionForm(PassageFields):
    number = forms.IntegerField(min_value=1, label=_("Number"))
    text = forms.CharField(widget=TEXTAREA, label=_("Text"))
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=_("Kind"))
    topline_complete = forms.BooleanField(required=False, label=_("All options given"))
    note = forms.CharField(required=False, widget=TEXTAREA, label=_("Note"))
    decide = forms.CharField(required=False, widget=forms.HiddenInput)


class OptionForm(PassageFields):
    question = forms.IntegerField(min_value=1, label=pgettext_lazy("question number", "Q"))
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    label = forms.CharField(max_length=300, label=_("Label"))
    percent = forms.DecimalField(
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=100,
        label=_("Percent"),
    )
    qualifier = forms.ChoiceField(choices=FigureQualifier.choices, label=_("Qualifier"))
    is_net = forms.BooleanField(required=False, label=_("net"))
    net = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    figure_start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    figure_end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decide = forms.CharField(required=False, widget=forms.HiddenInput)


class CompositionForm(PassageFields):
    dimension = forms.ChoiceField(choices=CompositionDimension.choices, label=_("Dimension"))
    category = forms.CharField(max_length=200, label=_("Category"))
    percent = forms.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100, label=_("Percent")
    )


class PersonForm(PassageFields):
    position = forms.IntegerField(min_value=0, label=_("Order"))
    name = forms.CharField(max_length=200, label=_("Name"))
    role = forms.ChoiceField(choices=EventPersonRole.choices, label=_("Role"))
    existing = _existing(
        Person,
        EventPerson._meta.get_field("person"),
        _("Existing person"),
        _("Empty: a new person is drafted."),
    )
    title = forms.CharField(max_length=255, required=False, label=_("Title"))
    organization = forms.CharField(max_length=255, required=False, label=_("Organization"))
    organization_existing = _existing(
        Organization, Affiliation._meta.get_field("organization"), _("Existing organization")
    )
    bio = forms.CharField(required=False, widget=TEXTAREA, label=_("Bio"))
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
