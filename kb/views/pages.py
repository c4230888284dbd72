"""Public read-only pages.

Each view's queryset is a short chain of named QuerySet methods (kb/models): `visible_to(user)`
keeps drafts and withheld people away from the public, `with_list_related(user)` /
`with_detail_related(user)` fetch what the page shows in a fixed number of queries, and the
kb.views.list_rows functions give a page of list rows the names they show. Who may see what
(drafts, withheld people and fields) is decided in kb/visibility.py.
"""

from dataclasses import dataclass

from django import forms
from django.http import HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters import filters as df_filters

from kb import visibility
from kb.filters import (
    EventFilter,
    OrganizationFilter,
    PersonFilter,
    SurveyFilter,
    TopicFilter,
    canonical_query,
)
from kb.media.transcripts import first_transcribed, person_talks, recording_paragraphs
from kb.models import (
    Affiliation,
    Event,
    EventOrganization,
    Organization,
    Person,
    Question,
    SourceDocument,
    Survey,
    SurveyOrganization,
    Topic,
)
from kb.models.base import with_languages
from kb.passages import PassageLinks, Span, paragraphs
from kb.visibility import visible_q

from .list_rows import attach_event_cards, attach_person_cards, attach_survey_cards

# How many related items a detail page lists before it links to the filtered list for the rest.
RELATED_LIMIT = 20
# A topic page draws each question's chart: fewer of them, then a link to the surveys.
QUESTION_LIMIT = 10
# A dated line of an event in a related list: what it shows, nothing more.
EVENT_LINE = ("slug", "title", "date", "published")
PERSON_LINE = ("slug", "name", "sort_name", "published", "is_public")
# Above this many choices a <select> gets too heavy for a page: the filter takes a slug instead.
SELECT_LIMIT = 100


@dataclass
class Preview:
    """The first rows of a related list, and whether there are more (no COUNT over thousands)."""

    items: list
    more: bool

    def __bool__(self):
        return bool(self.items)


def preview(queryset, limit: int) -> Preview:
    rows = list(queryset[: limit + 1])
    return Preview(rows[:limit], len(rows) > limit)


class VisibleMixin:
    """Drafts exist only for staff: the public gets a 404 and never sees them in a list."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class FilteredListView(VisibleMixin, ListView):
    """A list narrowed by a FilterSet; the filter state lives in the URL so it can be shared.

    A malformed or unknown filter value leaves the list unfiltered by it and answers 400 with the
    form's error on the page.
    """

    filterset_class = None
    paginate_by = 25

    def get_queryset(self):
        queryset = self.with_related(super().get_queryset())
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        adapt_choice_widgets(self.filterset.form)
        return self.filterset.qs

    def with_related(self, queryset):
        return queryset.cards()

    def attach_cards(self, records):
        """Give each record of the page what its card shows beyond its own fields."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, records, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(records)
        self.attach_cards(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def get(self, request, *args, **kwargs):
        canonical = canonical_query(request.GET)
        if canonical is not None:  # a submitted form's empty fields: the short URL instead
            return HttpResponseRedirect(
                f"{request.path}?{canonical}" if canonical else request.path
            )
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["active_filters"] = active_filters(self.filterset, self.request.GET)
        return context


def adapt_choice_widgets(form):
    """Long choice lists (30,000 people) become a slug box; short ones stay a <select>.

    One query per field reads at most SELECT_LIMIT + 1 rows: enough to decide, and for a short
    list they are the options themselves (the <select> then needs no second query). The rows are
    (key, name) pairs: the filters' records (topics, organizations, people) are labelled by their
    name, as their __str__ does, without building hundreds of model instances per page.
    """
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        rows = list(queryset.values_list(field.to_field_name or "pk", "name")[: SELECT_LIMIT + 1])
        if len(rows) > SELECT_LIMIT:
            field.widget = forms.TextInput(
                attrs={"placeholder": _("slug, e.g. from its page address")}
            )
        else:
            # What the <select> renders (Django's own rendering reads it too); validation still
            # goes through the field's queryset.
            field.widget.choices = [("", field.empty_label), *rows]


def active_filters(filterset, params: QueryDict) -> list[dict]:
    """The filters in force, each with a readable value and the URL that removes it."""
    if not filterset.is_bound or not hasattr(filterset.form, "cleaned_data"):
        return []
    chips = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name == "ordering":
            continue
        flt = filterset.filters[name]
        if isinstance(flt, df_filters.DateFromToRangeFilter):
            if not (value.start or value.stop):
                continue
            start = value.start.date().isoformat() if value.start else "…"
            stop = value.stop.date().isoformat() if value.stop else "…"
            shown = _("%(start)s to %(stop)s") % {"start": start, "stop": stop}
            keys = [f"{name}_after", f"{name}_before"]
        elif isinstance(flt, df_filters.ChoiceFilter):
            shown = dict(filterset.form.fields[name].choices).get(value, value)
            keys = [name]
        else:
            shown = str(value)
            keys = [name]
        # Drop this filter, the page number and the empty fields a submitted form leaves.
        remaining = QueryDict(mutable=True)
        for key, values in params.lists():
            if key not in (*keys, "page"):
                remaining.setlist(key, [v for v in values if v])
        query = remaining.urlencode()
        chips.append(
            {"label": flt.label or name, "value": shown, "remove": f"?{query}" if query else "?"}
        )
    return chips


class HomeView(TemplateView):
    template_name = "kb/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        events = Event.objects.visible_to(user).cards()
        next_events = list(events.upcoming(today)[:5])
        latest_events = list(events.past(today)[:5])
        attach_event_cards([*next_events, *latest_events], user)
        latest_surveys = list(Survey.objects.visible_to(user).cards()[:5])
        attach_survey_cards(latest_surveys, user)
        return super().get_context_data(
            next_events=next_events,
            latest_events=latest_events,
            latest_surveys=latest_surveys,
            rights=Topic.objects.visible_to(user).rights().roots(),
            themes=Topic.objects.visible_to(user).themes().roots(),
            **kwargs,
        )


class EventListView(FilteredListView):
    model = Event
    filterset_class = EventFilter

    def attach_cards(self, records):
        attach_event_cards(records, self.request.user)


class EventDetailView(VisibleMixin, DetailView):
    model = Event

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_detail_related(self.request.user)
            .with_media(self.request.user)
        )

    def get_context_data(self, **kwargs):
        event, user = self.object, self.request.user
        first_id = first_transcribed(event.recordings.all())
        for recording in event.recordings.all():
            recording.paragraphs = recording_paragraphs(recording, user, first_id)
        for link in event.person_roles.all():
            link.shown_affiliation = visibility.shown_affiliation(link, user)
        context = super().get_context_data(**kwargs)
        context["passage_links"] = PassageLinks.for_documents(
            link.document for link in event.source_links.all()
        )
        organizer = event.organizer
        if organizer is not None:
            same_organizer = Event.objects.visible_to(user).organized_by(organizer)
            context["previous_event"] = same_organizer.before(event).first()
            context["next_event"] = same_organizer.after(event).first()
        return context


class PersonListView(FilteredListView):
    model = Person
    filterset_class = PersonFilter
    paginate_by = 50

    def attach_cards(self, records):
        attach_person_cards(records, self.request.user)


class PersonDetailView(VisibleMixin, DetailView):
    model = Person

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        person, user = self.object, self.request.user
        affiliations = visibility.public_affiliations(person, user)
        organizations = list({a.organization_id: a.organization for a in affiliations}.values())
        for link in person.event_roles.all():
            link.shown_affiliation = visibility.shown_affiliation(link, user)
        return super().get_context_data(
            roles=person.roles_by_kind(),
            affiliations=affiliations,
            organizations=organizations,
            bio=visibility.public_bio(person),
            research_interests=visibility.public_research_interests(person),
            photo_url=visibility.public_photo_url(person),
            talks=person_talks(person, user),
            **kwargs,
        )


class OrganizationListView(FilteredListView):
    model = Organization
    filterset_class = OrganizationFilter
    paginate_by = 50

    def with_related(self, queryset):
        return queryset.with_list_related(self.request.user).cards()


class OrganizationDetailView(VisibleMixin, DetailView):
    model = Organization

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        org, user = self.object, self.request.user
        event_roles = (
            EventOrganization.objects.filter(organization=org)
            .filter(visible_q(user, "event"))
            .select_related("event")
            .only(
                *with_languages(
                    EventOrganization, "role", "event", *(f"event__{n}" for n in EVENT_LINE)
                )
            )
            .order_by("-event__date", "-event__pk", "position", "pk")
        )
        survey_roles = (
            SurveyOrganization.objects.filter(organization=org)
            .filter(visible_q(user, "survey"))
            .select_related("survey")
            .only(
                *with_languages(
                    SurveyOrganization,
                    "role",
                    "survey",
                    "survey__slug",
                    "survey__title",
                    "survey__field_end",
                )
            )
            # One survey in two roles: the roles in the survey's own order, every time.
            .order_by("-survey__field_end", "survey__title", "survey__pk", "position", "pk")
        )
        people = (
            Affiliation.objects.filter(organization=org)
            .filter(visibility.person_q(user, "person"))
            .filter(visibility.field_shown_q("affiliations"))
            .select_related("person")
            .only(
                *with_languages(
                    Affiliation,
                    "title",
                    "end_date",
                    "person",
                    "person__slug",
                    "person__name",
                    "person__sort_name",
                )
            )
            .order_by("person__sort_name", "position")
        )
        return super().get_context_data(
            event_roles=event_roles[:RELATED_LIMIT],
            event_count=event_roles.values("event").distinct().count(),
            survey_roles=survey_roles[:RELATED_LIMIT],
            survey_count=survey_roles.values("survey").distinct().count(),
            affiliations=people[: RELATED_LIMIT * 2],
            people_count=people.values("person").distinct().count(),
            parent_chain=[o for o in org.ancestors() if visibility.record_visible(o, user)],
            limit=RELATED_LIMIT,
            **kwargs,
        )


class TopicListView(VisibleMixin, ListView):
    """The whole thesaurus as a tree: human rights, then research themes."""

    model = Topic

    def get_queryset(self):
        return super().get_queryset().order_by("kind", "position", "name")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        self.filterset = TopicFilter(self.request.GET or None, queryset=self.object_list)
        topics = list(self.filterset.qs)
        children: dict[int | None, list] = {}
        ids = {t.pk for t in topics}
        for topic in topics:
            parent = topic.parent_id if topic.parent_id in ids else None
            children.setdefault(parent, []).append(topic)
        trees = {}
        for root in children.get(None, []):
            trees.setdefault(root.kind, []).append(_tree(root, children))
        return super().get_context_data(
            filter=self.filterset,
            rights=trees.get("right", []),
            themes=trees.get("theme", []),
            **kwargs,
        )


def _tree(node, children):
    return {"topic": node, "children": [_tree(c, children) for c in children.get(node.pk, [])]}


class TopicDetailView(VisibleMixin, DetailView):
    model = Topic

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        topic, user = self.object, self.request.user
        events = Event.objects.visible_to(user).for_topic(topic).only(*EVENT_LINE)
        questions = (
            Question.objects.visible_to(user)
            .for_topic(topic)
            .with_results()
            .order_by("-survey__field_end", "survey__title", "number")
        )
        people = Person.objects.visible_to(user).interested_in(topic).only(*PERSON_LINE)
        organizations = Organization.objects.visible_to(user).for_topic(topic)
        surveys = Survey.objects.visible_to(user).for_topic(topic)
        questions = preview(questions, QUESTION_LIMIT)
        return super().get_context_data(
            ancestors=[t for t in topic.ancestors() if visibility.record_visible(t, user)],
            questions=questions,
            passage_links=PassageLinks.for_documents(q.source for q in questions.items),
            events=preview(events, RELATED_LIMIT),
            people=preview(people, RELATED_LIMIT * 2),
            organizations=preview(organizations.only("slug", "name", "published"), RELATED_LIMIT),
            surveys=preview(surveys.only("slug", "title", "field_end", "published"), RELATED_LIMIT),
            **kwargs,
        )


class SurveyListView(FilteredListView):
    model = Survey
    filterset_class = SurveyFilter

    def attach_cards(self, records):
        attach_survey_cards(records, self.request.user)


class SurveyDetailView(VisibleMixin, DetailView):
    model = Survey

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        survey = self.object
        contact = visibility.survey_contact(survey, self.request.user)
        documents = [*(q.source for q in survey.questions.all()), *survey.sources.all()]
        return super().get_context_data(
            contact=contact, passage_links=PassageLinks.for_documents(documents), **kwargs
        )


class DocumentDetailView(VisibleMixin, DetailView):
    model = SourceDocument

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        document = self.object
        spans = [Span(start, end) for start, end in document.passages.values_list("start", "end")]
        return super().get_context_data(paragraphs=paragraphs(document.text, spans), **kwargs)
