"""Between the importer's proposal and the preview's forms, both ways.

`preview_forms()` fills the forms from a proposal (or from the posted data); `corrected()`
rebuilds the proposal from what staff left in them. Passages travel as offsets into the
document's text, which travels too, so nothing is stored between the two steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.importing.pipeline import SURVEY
from kb.importing.proposal import (
    CompositionShare,
    EventProposal,
    Fact,
    Option,
    OrganizationRole,
    Passage,
    Proposal,
    ProposedPerson,
    ProposedQuestion,
    ProposedTopic,
    SurveyProposal,
)

from .import_forms import (
    CompositionFormSet,
    DocumentForm,
    EventFactsForm,
    OptionFormSet,
    OrganizationRoleFormSet,
    PersonFormSet,
    QuestionFormSet,
    SurveyFactsForm,
    TopicsForm,
)


@dataclass
class PreviewForms:
    document: DocumentForm
    facts: SurveyFactsForm | EventFactsForm
    organizations: OrganizationRoleFormSet
    topics: TopicsForm
    questions: QuestionFormSet | None = None
    options: OptionFormSet | None = None
    composition: CompositionFormSet | None = None
    people: PersonFormSet | None = None

    def all(self):
        return [f for f in vars(self).values() if f is not None]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.all()]  # every form, for its errors
        return all(valid)


def _passage(item) -> dict:
    passage = getattr(item, "passage", None)
    return {"start": passage.start, "end": passage.end} if passage else {}


def preview_forms(proposal: Proposal | None, data=None, kind: str | None = None) -> PreviewForms:
    kind = kind or proposal.kind
    initial = _initial(proposal) if proposal is not None else {}
    survey = kind == SURVEY
    forms = PreviewForms(
        document=DocumentForm(data, initial=initial.get("document"), prefix="doc"),
        facts=(SurveyFactsForm if survey else EventFactsForm)(
            data, initial=initial.get("facts"), prefix="fact"
        ),
        organizations=OrganizationRoleFormSet(
            data,
            initial=initial.get("organizations"),
            prefix="org",
            form_kwargs={"event": not survey},
        ),
        topics=TopicsForm(data, initial=initial.get("topics"), prefix="topic"),
    )
    if survey:
        forms.questions = QuestionFormSet(data, initial=initial.get("questions"), prefix="q")
        forms.options = OptionFormSet(data, initial=initial.get("options"), prefix="opt")
        forms.composition = CompositionFormSet(
            data, initial=initial.get("composition"), prefix="comp"
        )
    else:
        forms.people = PersonFormSet(data, initial=initial.get("people"), prefix="person")
    return forms


def _initial(proposal: Proposal) -> dict:
    part = proposal.survey or proposal.event
    facts = {}
    for fact in part.facts:
        facts[fact.field] = fact.value
        if fact.passage:
            facts[f"{fact.field}__start"] = fact.passage.start
            facts[f"{fact.field}__end"] = fact.passage.end
    initial = {
        "document": {
            "title": proposal.title,
            "kind": proposal.kind,
            "language": proposal.language,
            "filename": proposal.filename,
            "file_type": proposal.file_type,
            "text": proposal.text,
        },
        "facts": facts,
        "organizations": [
            {
                "name": o.name,
                "role": o.role,
                "existing": o.existing,
                "decide": o.decide,
                **_passage(o),
            }
            for o in part.organizations
        ],
        "topics": {"topics": [t.pk for t in proposal.topics]},
    }
    if proposal.survey:
        survey = proposal.survey
        if survey.contact and survey.contact.existing:
            facts["contact"] = survey.contact.existing
        initial["questions"] = [
            {
                "number": q.number,
                "text": q.text,
                "kind": q.kind,
                "topline_complete": q.topline_complete,
                "note": q.note,
                "decide": " ".join(q.decide),
                **_passage(q),
            }
            for q in survey.questions
        ]
        initial["options"] = [
            {
                "question": q.number,
                "position": o.position,
                "label": o.label,
                "percent": o.percent,
                "qualifier": o.qualifier,
                "is_net": o.is_net,
                "net": o.net,
                "figure_start": o.figure_start,
                "figure_end": o.figure_end,
                "decide": o.decide,
                **_passage(o),
            }
            for q in survey.questions
            for o in q.options
        ]
        initial["composition"] = [
            {"dimension": c.dimension, "category": c.category, "percent": c.percent, **_passage(c)}
            for c in survey.composition
        ]
    else:
        initial["people"] = [
            {
                "position": p.position,
                "name": p.name,
                "role": p.role,
                "existing": p.existing,
                "title": p.title,
                "organization": p.organization,
                "organization_existing": p.organization_existing,
                "bio": p.bio,
                "decide": " ".join(p.decide),
                **_passage(p),
            }
            for p in proposal.event.people
        ]
    return initial


def corrected(forms: PreviewForms) -> Proposal:
    """The proposal as staff left it in the (valid) forms."""
    doc = forms.document.cleaned_data
    text = doc["text"]

    def passage(row: dict, prefix: str = "") -> Passage | None:
        start, end = row.get(f"{prefix}start"), row.get(f"{prefix}end")
        if start is None or end is None or not 0 <= start <= end <= len(text):
            return None
        return Passage(start, end, text[start:end])

    kept = lambda formset: [f.cleaned_data for f in formset if f.cleaned_data.get("keep")]  # noqa: E731
    proposal = Proposal(
        kind=doc["kind"],
        kind_detected=doc["kind"],
        language=doc["language"],
        title=doc["title"],
        text=text,
        filename=doc["filename"],
        file_type=doc["file_type"],
        topics=[ProposedTopic(t.pk, t.name, 0) for t in forms.topics.cleaned_data["topics"]],
    )
    data = forms.facts.cleaned_data
    facts = [
        Fact(name, data[name], passage(data, f"{name}__"))
        for name in forms.facts.fields
        if "__" not in name and name != "contact"
    ]
    organizations = [
        OrganizationRole(
            r["name"], r["role"], r["existing"].pk if r["existing"] else None, passage(r)
        )
        for r in kept(forms.organizations)
    ]
    if proposal.kind == SURVEY:
        contact = data.get("contact")
        questions = {
            q["number"]: ProposedQuestion(
                q["number"], q["text"], q["kind"], q["topline_complete"], q["note"], passage(q)
            )
            for q in kept(forms.questions)
        }
        for o in kept(forms.options):
            if o["question"] in questions:
                questions[o["question"]].options.append(
                    Option(
                        position=o["position"],
                        label=o["label"],
                        percent=o["percent"],
                        qualifier=o["qualifier"],
                        is_net=o["is_net"],
                        net=o["net"],
                        passage=passage(o),
                    )
                )
        proposal.survey = SurveyProposal(
            facts=facts,
            organizations=organizations,
            questions=[questions[n] for n in sorted(questions)],
            composition=[
                CompositionShare(c["dimension"], c["category"], c["percent"], "", passage(c))
                for c in kept(forms.composition)
            ],
            contact=ProposedPerson(contact.name, "contact", 0, existing=contact.pk)
            if contact
            else None,
        )
    else:
        proposal.event = EventProposal(
            facts=facts,
            organizations=organizations,
            people=[
                ProposedPerson(
                    name=p["name"],
                    role=p["role"],
                    position=p["position"],
                    title=p["title"],
                    organization=(
                        p["organization_existing"].name
                        if p["organization_existing"]
                        else p["organization"]
                    ),
                    organization_existing=p["organization_existing"].pk
                    if p["organization_existing"]
                    else None,
                    existing=p["existing"].pk if p["existing"] else None,
                    bio=p["bio"],
                    passage=passage(p),
                )
                for p in sorted(kept(forms.people), key=lambda p: p["position"])
            ],
        )
    return proposal
