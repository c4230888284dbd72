"""Read-only representations: only what a public page shows.

Relations are filtered through `kb.visibility`, so a draft organization, a withheld person
or a withheld field never appears, whichever endpoint embeds it.
"""

import html
from dataclasses import asdict
from urllib.parse import urlencode, urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from kb import visibility
from kb.models import (
    Event,
    Organization,
    Person,
    Question,
    Result,
    SampleComposition,
    Survey,
    Topic,
)
from kb.search.backends.base import SORTS
from kb.search.documents import TYPE_LABELS
from kb.search.facets import facet_options
from kb.search.forms import PER_PAGE, SearchForm


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def percent_field(**kwargs):
    # Numbers, not strings: what pandas and R expect in a column of shares.
    return serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, **kwargs
    )


class PageUrlField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "kind"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name"]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name"]


class RoleOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    role = serializers.CharField()


class EventPersonSerializer(serializers.Serializer):
    slug = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")
    role = serializers.CharField()
    position = serializers.IntegerField()
    affiliation = serializers.SerializerMethodField()
    talk_title = serializers.CharField()

    def get_affiliation(self, link) -> str:
        return visibility.shown_affiliation(link)


class SurveyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["slug", "title"]


class EventSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    ics_url = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    organizations = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    surveys = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "api_url",
            "page_url",
            "ics_url",
            "title",
            "subtitle",
            "kind",
            "format",
            "date",
            "start_time",
            "end_time",
            "time_zone",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "summary",
            "description",
            "organizations",
            "people",
            "topics",
            "surveys",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, event):
        """Local start with its UTC offset; null when only the date is known."""
        return event.starts_at.isoformat() if event.starts_at else None

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, event):
        return event.ends_at.isoformat() if event.ends_at else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, event):
        return reverse("exports:event-ics", args=[event.slug], request=self.context.get("request"))

    @extend_schema_field(RoleOrganizationSerializer(many=True))
    def get_organizations(self, event):
        return RoleOrganizationSerializer(
            visibility.public_organization_roles(event), many=True
        ).data

    @extend_schema_field(EventPersonSerializer(many=True))
    def get_people(self, event):
        return EventPersonSerializer(visibility.public_person_roles(event), many=True).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data

    @extend_schema_field(SurveyRefSerializer(many=True))
    def get_surveys(self, event):
        return SurveyRefSerializer(visibility.public_surveys(event), many=True).data


class AffiliationSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    date_note = serializers.CharField()


class PersonEventSerializer(serializers.Serializer):
    slug = serializers.CharField(source="event.slug")
    title = serializers.CharField(source="event.title")
    date = serializers.DateField(source="event.date")
    role = serializers.CharField()


class PersonSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    alternate_names = serializers.SerializerMethodField()
    bio = serializers.SerializerMethodField()
    research_interests = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    affiliations = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "sort_name",
            "alternate_names",
            "bio",
            "photo",
            "website",
            "research_interests",
            "affiliations",
            "topics",
            "events",
        ]

    def get_alternate_names(self, person) -> list[str]:
        return person.alternate_name_list

    def get_bio(self, person) -> str:
        """Empty when the person's biography is withheld."""
        return visibility.public_bio(person)

    def get_research_interests(self, person) -> str:
        """Empty when withheld with the biography."""
        return visibility.public_research_interests(person)

    @extend_schema_field(OpenApiTypes.URI)
    def get_photo(self, person):
        url = visibility.public_photo_url(person)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url

    @extend_schema_field(AffiliationSerializer(many=True))
    def get_affiliations(self, person):
        return AffiliationSerializer(visibility.public_affiliations(person), many=True).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data

    @extend_schema_field(PersonEventSerializer(many=True))
    def get_events(self, person):
        links = [link for link in person.event_roles.all() if link.event.published]
        return PersonEventSerializer(links, many=True).data


class OrganizationSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    alternate_names = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "short_name",
            "alternate_names",
            "kind",
            "parent",
            "website",
            "city",
            "country",
            "description",
            "topics",
        ]

    def get_alternate_names(self, organization) -> list[str]:
        return lines(organization.alternate_names)

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_parent(self, organization):
        parent = organization.parent
        if parent is None or not parent.published:
            return None
        return OrganizationRefSerializer(parent).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


class TopicSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:topic-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    parent = serializers.SerializerMethodField()
    alternate_names = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "kind",
            "parent",
            "description",
            "alternate_names",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_parent(self, topic):
        parent = topic.parent
        return parent.slug if parent is not None and parent.published else None

    def get_alternate_names(self, topic) -> list[str]:
        return topic.alternate_name_list


class ResultSerializer(serializers.ModelSerializer):
    percent = percent_field(allow_null=True)
    net = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = ["position", "label", "percent", "qualifier", "is_net", "net", "source_quote"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_net(self, result):
        """The label of the net this option is part of, if any."""
        nets = {r.pk: r for r in result.question.ordered_results()}
        net = nets.get(result.net_id)
        return net.label if net else None


class QuestionSerializer(serializers.ModelSerializer):
    results = ResultSerializer(many=True, source="ordered_results")
    topics = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "number",
            "text",
            "short_label",
            "kind",
            "topline_complete",
            "base",
            "note",
            "topics",
            "source_quote",
            "results",
        ]

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


class QuestionInSurveySerializer(QuestionSerializer):
    """A question on its own (the questions endpoint): says which survey it belongs to."""

    survey = SurveyRefSerializer()

    class Meta(QuestionSerializer.Meta):
        fields = ["survey", *QuestionSerializer.Meta.fields]


class CompositionSerializer(serializers.ModelSerializer):
    percent = percent_field()

    class Meta:
        model = SampleComposition
        fields = ["dimension", "category", "percent"]


class SurveySerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:survey-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    results_csv_url = serializers.SerializerMethodField()
    margin_of_error = percent_field(allow_null=True)
    confidence_level = percent_field(allow_null=True)
    response_rate = percent_field(allow_null=True)
    organizations = serializers.SerializerMethodField()
    composition = CompositionSerializer(many=True)
    contact = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Survey
        fields = [
            "slug",
            "api_url",
            "page_url",
            "results_csv_url",
            "title",
            "headline",
            "summary",
            "field_start",
            "field_end",
            "mode",
            "mode_detail",
            "sampling",
            "population",
            "geography",
            "country",
            "sample_size",
            "weighting",
            "margin_of_error",
            "margin_qualifier",
            "confidence_level",
            "response_rate",
            "methodology_note",
            "organizations",
            "composition",
            "contact",
            "topics",
            "questions",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_results_csv_url(self, survey):
        return reverse(
            "exports:survey-results-csv", args=[survey.slug], request=self.context.get("request")
        )

    @extend_schema_field(RoleOrganizationSerializer(many=True))
    def get_organizations(self, survey):
        return RoleOrganizationSerializer(
            visibility.public_organization_roles(survey), many=True
        ).data

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_contact(self, survey):
        contact = visibility.survey_contact(survey)
        return PersonRefSerializer(contact).data if contact else None

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


# --- Search ---------------------------------------------------------------------------------------


def search_parameters() -> list[OpenApiParameter]:
    """The search form's fields (kb/search/forms.py) as the schema's query parameters."""
    parameters = []
    for name, field in SearchForm.base_fields.items():
        schema: dict = {"type": "string"}
        if isinstance(field, forms.IntegerField):
            schema = {"type": "integer", "minimum": field.min_value, "maximum": field.max_value}
        elif isinstance(field, forms.ChoiceField):
            schema["enum"] = [value for value, _label in field.choices if value]
        elif isinstance(field, forms.RegexField):
            schema.update(pattern=field.regex.pattern, maxLength=field.max_length)
        if name in SearchForm.DEFAULTS:
            schema["default"] = SearchForm.DEFAULTS[name]
        parameters.append(
            OpenApiParameter(
                name, schema, OpenApiParameter.QUERY, required=False, description=field.help_text
            )
        )
    return parameters


NULLABLE_URI = serializers.URLField(allow_null=True)
# A hit's public page -> the same record in this API.
SEARCH_API_ROUTES = {
    "kb:event-detail": "api:event-detail",
    "kb:person-detail": "api:person-detail",
    "kb:organization-detail": "api:organization-detail",
    "kb:topic-detail": "api:topic-detail",
    "kb:survey-detail": "api:survey-detail",
}


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=f"One of: {', '.join(TYPE_LABELS)}.")
    type_label = serializers.CharField()
    title = serializers.CharField()
    page_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()
    snippet_html = serializers.SerializerMethodField()
    figures = serializers.CharField(help_text="A survey question's leading figures, else empty.")
    date = serializers.DateField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, hit):
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request else hit.url

    @extend_schema_field(NULLABLE_URI)
    def get_api_url(self, hit):
        """The record in this API; null for a source document, which has no endpoint."""
        kind, _, pk = hit.key.partition(":")
        request = self.context.get("request")
        if kind == "question":
            return reverse("api:question-detail", args=[pk], request=request)
        try:
            match = resolve(urlsplit(hit.url).path)
        except Resolver404:
            return None
        route = SEARCH_API_ROUTES.get(match.view_name)
        if route is None or "slug" not in match.kwargs:
            return None
        return reverse(route, args=[match.kwargs["slug"]], request=request)

    def get_snippet(self, hit) -> str:
        """Plain text, the query's words unmarked."""
        return html.unescape(strip_tags(str(hit.snippet)))

    def get_snippet_html(self, hit) -> str:
        """HTML-escaped text with the query's words in <mark>: safe to insert into a page."""
        return str(hit.snippet)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()
    url = serializers.URLField(help_text="This search narrowed to it (if selected: without it).")


class SearchFacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)
    org = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True, help_text="Newest first.")
    role = FacetValueSerializer(many=True)


@extend_schema_serializer(many=False)  # one object per request, though the route is a list
class SearchResponseSerializer(serializers.Serializer):
    """A SearchOutcome (kb.search.searching) as JSON, with the addresses that page and narrow it.

    Pagination keys are the other lists' (count, next, previous, results) plus the page number.
    """

    q = serializers.CharField(help_text="The query as it was read (control characters removed).")
    count = serializers.IntegerField(source="page.total", help_text="Matches in all.")
    page = serializers.IntegerField(source="page.page")
    page_size = serializers.IntegerField(source="page.per_page")
    num_pages = serializers.IntegerField(source="page.num_pages")
    next = serializers.SerializerMethodField()
    previous = serializers.SerializerMethodField()
    sort = serializers.ChoiceField(choices=SORTS)
    filters = serializers.DictField(child=serializers.CharField(), help_text="Facets in force.")
    suggestion = serializers.SerializerMethodField()
    suggestion_url = serializers.SerializerMethodField()
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="Parts of the query read differently or ignored."
    )
    results = SearchHitSerializer(source="page.hits", many=True)
    facets = serializers.SerializerMethodField()

    def url(self, outcome, **changes) -> str:
        """This search's API address with some parameters changed (None drops one)."""
        state = outcome.query.state()
        if outcome.page.per_page != PER_PAGE:
            state["page_size"] = outcome.page.per_page
        state.update(changes)
        query = urlencode({k: v for k, v in state.items() if v not in (None, "")})
        return reverse("api:search-list", request=self.context.get("request")) + f"?{query}"

    @extend_schema_field(NULLABLE_URI)
    def get_next(self, outcome):
        page = outcome.page
        return self.url(outcome, page=page.page + 1) if page.page < page.num_pages else None

    @extend_schema_field(NULLABLE_URI)
    def get_previous(self, outcome):
        page = outcome.page.page
        return self.url(outcome, page=page - 1 if page > 2 else None) if page > 1 else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_suggestion(self, outcome):
        """ "Did you mean": a spelling that finds more, or null."""
        return outcome.suggestion or None

    @extend_schema_field(NULLABLE_URI)
    def get_suggestion_url(self, outcome):
        return self.url(outcome, q=outcome.suggestion) if outcome.suggestion else None

    @extend_schema_field(SearchFacetsSerializer)
    def get_facets(self, outcome):
        def link(**changes):
            return self.url(outcome, **changes)

        return {
            facet.name: [asdict(option) for option in facet.options]
            for facet in facet_options(outcome, link)
        }
