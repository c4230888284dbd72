"""Import a document: upload or paste, preview what was found beside its sentence, correct it,
then create the drafts in one transaction, or cancel and store nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from kb.importing.errors import DocumentRejected
from kb.importing.pipeline import SURVEY, analyse
from kb.importing.preview import highlighted, quote
from kb.importing.reading import read_document, read_pasted
from kb.importing.services import drafts_create

from .import_data import corrected, preview_forms
from .import_forms import UploadForm
from .import_rows import rows

REQUIRED = {
    SURVEY: ["kb.add_sourcedocument", "kb.add_survey", "kb.add_question", "kb.add_result"],
    "event": ["kb.add_sourcedocument", "kb.add_event", "kb.add_eventperson"],
}


class ImportDocumentMixin:
    """Adds "Import a document" to the source documents' admin."""

    # The list's object tools: "Import a document" beside history's "Recover deleted".
    change_list_template = "admin/kb/sourcedocument/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="kb_sourcedocument_import"),
            path(
                "import/create/",
                wrap(self.import_create_view),
                name="kb_sourcedocument_import_create",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a document"),
            **extra,
        }

    def import_view(self, request):
        if not request.user.has_perm("kb.add_sourcedocument"):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                proposal = analyse(_read(form.cleaned_data), kind=form.cleaned_data["kind"] or None)
            except DocumentRejected as exc:
                form.add_error(
                    None, _("Nothing was imported: %(reason)s") % {"reason": exc.message}
                )
            else:
                _check_kind(request, proposal.kind)
                return self._preview(request, proposal, preview_forms(proposal))
        return TemplateResponse(
            request, "admin/kb/sourcedocument/import_upload.html", self._context(request, form=form)
        )

    def import_create_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        changelist = reverse("admin:kb_sourcedocument_changelist")
        if "cancel" in request.POST:
            messages.info(request, _("Import cancelled: nothing was saved."))
            return HttpResponseRedirect(changelist)
        kind = request.POST.get("doc-kind", SURVEY)
        _check_kind(request, kind)
        forms = preview_forms(None, request.POST, kind=kind)
        if forms.is_valid():
            try:
                created = drafts_create(proposal=corrected(forms), user=request.user)
            except ValidationError as exc:
                messages.error(
                    request, _("Nothing was saved: %(reason)s") % {"reason": " ".join(exc.messages)}
                )
            except DatabaseError as exc:
                messages.error(
                    request,
                    _("Nothing was saved: the database refused the drafts (%(error)s).")
                    % {"error": exc},
                )
            else:
                main = created.survey or created.event
                messages.success(
                    request,
                    _("Drafts created: %(drafts)s. Check them, then publish.")
                    % {"drafts": created.summary()},
                )
                return HttpResponseRedirect(
                    reverse(f"admin:kb_{main._meta.model_name}_change", args=[main.pk])
                )
        return self._preview(request, _reanalysed(request, kind), forms, status=400)

    def _preview(self, request, proposal, forms, status=200):
        spans = []
        if proposal is not None:
            spans = [(f.sentence.start, f.sentence.end) for f in proposal.figures]
            part = proposal.survey or proposal.event
            spans += [(f.passage.start, f.passage.end) for f in part.facts if f.passage]
            spans += [
                (p.passage.start, p.passage.end) for p in getattr(part, "people", []) if p.passage
            ]
            spans += [(o.passage.start, o.passage.end) for o in part.organizations if o.passage]
        text = forms.document.initial.get("text") or forms.document.data.get("doc-text", "")
        context = self._context(
            request,
            title=_("Import a document: check what was found"),
            proposal=proposal,
            forms=forms,
            pieces=highlighted(text, spans),
            decisions=proposal.open_decisions() if proposal else [],
            fact_rows=[
                (field, quote(text, start.value(), end.value()))
                for field, start, end in forms.facts.fact_rows()
            ],
            # Not `{{ formset.management_form }}` in the template: its lookup tries
            # formset["management_form"] first, which builds every form of the formset.
            management_forms=[
                formset.management_form
                for formset in forms.all()
                if hasattr(formset, "management_form")
            ],
            survey_kind=forms.questions is not None,
            media=_media(forms),
            tables=[
                Table(title, rows(formset, fields.split(), text), _headings(formset, fields))
                for title, formset, fields in (
                    (_("Organizations in their roles"), forms.organizations, "name role existing"),
                    (
                        _("Proposed questions"),
                        forms.questions,
                        "number text kind topline_complete note",
                    ),
                    (
                        _("Figures: options and their shares"),
                        forms.options,
                        "question label percent qualifier is_net",
                    ),
                    (_("Sample composition"), forms.composition, "dimension category percent"),
                    (
                        _("People, in order"),
                        forms.people,
                        "position name role existing title organization organization_existing bio",
                    ),
                )
                if formset is not None
            ],
        )
        return TemplateResponse(
            request, "admin/kb/sourcedocument/import_preview.html", context, status=status
        )


def _media(forms):
    """The autocomplete's scripts and styles (from one empty form per formset: the formset's
    own `media` would build all of its forms)."""
    media = forms.facts.media + forms.organizations.empty_form.media
    if forms.people is not None:
        media += forms.people.empty_form.media
    return media


@dataclass
class Table:
    title: str
    rows: list
    headings: list[str]


def _headings(formset, fields: str) -> list[str]:
    form = formset.form
    return [
        str(form.base_fields[name].label or name.replace("_", " ").capitalize())
        for name in fields.split()
    ]


def _reanalysed(request, kind: str):
    """The proposal again, for the highlights of a preview that came back with errors."""
    text = request.POST.get("doc-text", "").replace("\r\n", "\n")
    try:
        return analyse(read_pasted(text), kind=kind) if text.strip() else None
    except DocumentRejected:
        return None


def _read(data: dict):
    upload = data.get("file")
    if upload:
        return read_document(data=upload.read(), filename=upload.name)
    return read_pasted(data["text"])


def _check_kind(request, kind: str) -> None:
    if not request.user.has_perms(REQUIRED.get(kind, REQUIRED[SURVEY])):
        raise PermissionDenied
