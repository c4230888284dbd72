"""/api/search/: its parameters (the search form's, kb/search/forms.py) and its answer."""

import html
from dataclasses import asdict
from urllib.parse import urlencode

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from kb.search.backends.base import SORTS
from kb.search.documents import TYPE_LABELS
from kb.search.facets import facet_options
from kb.search.forms import PER_PAGE, SearchForm
from kb.search.reading import READINGS


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
# A hit's type -> the same record in this API, found by the slug the index stores with the hit.
SEARCH_API_ROUTES = {
    "event": "api:event-detail",
    "person": "api:person-detail",
    "organization": "api:organization-detail",
    "topic": "api:topic-detail",
    "survey": "api:survey-detail",
    "series": "api:series-detail",
    "transcript": "api:event-detail",  # a passage of what was said: its event
}


class PassageSerializer(serializers.Serializer):
    """Who said a transcript passage, and when."""

    speaker = serializers.CharField(
        source="speaker_label",
        help_text='The person, or "Unidentified speaker" (in the language asked for).',
    )
    speaker_url = serializers.SerializerMethodField()
    start = serializers.IntegerField(help_text="Seconds into the recording.")
    clock = serializers.CharField(help_text="The same as hh:mm:ss.")
    recording_url = serializers.URLField(help_text="The recording, started there.")

    @extend_schema_field(NULLABLE_URI)
    def get_speaker_url(self, passage):
        request = self.context.get("request")
        if not passage.speaker_url:
            return None
        return request.build_absolute_uri(passage.speaker_url) if request else passage.speaker_url


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=f"One of: {', '.join(TYPE_LABELS)}.")
    type_label = serializers.CharField()
    title = serializers.CharField()
    page_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()
    snippet_html = serializers.SerializerMethodField()
    title_language = serializers.SerializerMethodField(
        help_text='The title\'s language: "en" where the language asked for has none yet.'
    )
    snippet_language = serializers.SerializerMethodField(
        help_text='The snippet\'s language: "en" where the language asked for has none yet.'
    )
    figures = serializers.CharField(help_text="A survey question's leading figures, else empty.")
    date = serializers.DateField(allow_null=True)
    passage = PassageSerializer(
        allow_null=True, help_text="A transcript passage's speaker and time; else null."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, hit):
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request else hit.url

    @extend_schema_field(NULLABLE_URI)
    def get_api_url(self, hit):
        """The record in this API; null for a source document, which has no endpoint."""
        request = self.context.get("request")
        if hit.type == "question":
            return reverse("api:question-detail", args=[hit.key.partition(":")[2]], request=request)
        route = SEARCH_API_ROUTES.get(hit.type)
        if route is None or not hit.slug:
            return None
        return reverse(route, args=[hit.slug], request=request)

    def get_title_language(self, hit) -> str:
        return hit.title_lang or get_language()

    def get_snippet_language(self, hit) -> str:
        return hit.snippet_lang or get_language()

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
    reading = serializers.ChoiceField(
        choices=READINGS,
        help_text="How the query was read: as typed; as a question (its question words left "
        "out); with two words typed apart joined into one; or loosely (no record held every "
        "word: the records holding most of them first).",
    )
    reading_note = serializers.CharField(help_text="The reading in words; empty when strict.")
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
