"""Read-only viewsets: published records only, filtered by the list pages' FilterSets."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kb import filters
from kb.api import serializers
from kb.api.filters import QuestionFilter
from kb.api.languages import LANG_PARAMETER, PARAM, LanguageMixin
from kb.models import (
    Affiliation,
    Event,
    EventPerson,
    Organization,
    Person,
    Question,
    SeriesWave,
    Survey,
    Topic,
)
from kb.search.backends import SearchPage, SearchUnavailable
from kb.search.backends.base import RETRY_AFTER_SECONDS
from kb.search.forms import SearchForm, SearchQuery
from kb.search.searching import search_run


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(parameters=[LANG_PARAMETER]),
)
class ReadOnlyViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    pagination_class = Pagination
    # Query parameters every list understands, besides its FilterSet's.
    common_params = frozenset({"page", "page_size", PARAM, api_settings.URL_FORMAT_OVERRIDE})

    def list(self, request, *args, **kwargs):
        self.reject_unknown_params(request)
        return super().list(request, *args, **kwargs)

    def reject_unknown_params(self, request):
        known = set(self.common_params)
        if self.filterset_class is not None:
            for name, filter_ in self.filterset_class.base_filters.items():
                # Range filters read name_after / name_before (their widget's suffixes).
                suffixes = getattr(filter_.field.widget, "suffixes", None)
                if suffixes:
                    known.update(filter_.field.widget.suffixed(name, s) for s in suffixes)
                else:
                    known.add(name)
        reject_unknown_params(request, known)


OUTPUT_FORMATS = {"json", "api", "yaml", "openapi"}


def reject_unknown_params(request, known: set[str]) -> None:
    """A misspelt filter would otherwise silently return everything."""
    if request.query_params.get("format", "").lower() in OUTPUT_FORMATS:
        # DRF's usual ?format=json: here `format` filters events by format (online, ...).
        raise ValidationError(
            {
                "format": [
                    "To choose the output format, use ?output=json or ?output=api: `format` "
                    "filters events by their format (online, in_person, hybrid)."
                ]
            }
        )
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ValidationError(
            {name: [f"Unknown parameter. Known: {', '.join(sorted(known))}."] for name in unknown}
        )


class EventViewSet(ReadOnlyViewSet):
    """Events, newest first, with organizations and people in role, in order."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        return Event.objects.published().with_detail_related().with_public_media()


class PersonViewSet(ReadOnlyViewSet):
    """Speakers, moderators and researchers; withheld people and fields never appear."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return Person.objects.public().prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
            "topics",
            Prefetch("event_roles", queryset=EventPerson.objects.select_related("event")),
        )


class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter

    def get_queryset(self):
        return Organization.objects.published().with_list_related().prefetch_related("topics")


class TopicViewSet(ReadOnlyViewSet):
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilter

    def get_queryset(self):
        return Topic.objects.published().select_related("parent")


class SurveyViewSet(ReadOnlyViewSet):
    """Surveys with their methodology, sample, and every question with its results."""

    serializer_class = serializers.SurveySerializer
    filterset_class = filters.SurveyFilter

    def get_queryset(self):
        return (
            Survey.objects.published()
            .with_detail_related()
            .select_related("contact")
            .prefetch_related("questions__topics")
        )


class QuestionViewSet(ReadOnlyViewSet):
    """Every question of the published surveys with its results: `?topic=public-trust`."""

    serializer_class = serializers.QuestionInSurveySerializer
    filterset_class = QuestionFilter
    lookup_field = "pk"

    def get_queryset(self):
        return (
            Question.objects.published()
            .with_results()
            .prefetch_related(
                "topics",
                Prefetch("series_waves", queryset=SeriesWave.objects.select_related("series")),
            )
            .order_by("-survey__field_end", "survey__title", "number")
        )


class SearchUnavailableError(APIException):
    status_code = 503
    default_detail = "Search is being rebuilt; try again in a minute."
    default_code = "search_unavailable"
    wait = RETRY_AFTER_SECONDS  # DRF's exception handler sends it as Retry-After


class SearchViewSet(LanguageMixin, viewsets.ViewSet):
    """Full-text search over every public record, as on the /search/ page: ranked results with
    highlighted snippets (a question with its leading figures), facets with counts, "did you mean".
    """

    @extend_schema(
        parameters=[*serializers.search_parameters(), LANG_PARAMETER],
        responses={
            200: serializers.SearchResponseSerializer,
            400: OpenApiResponse(description="A parameter is unknown or malformed (named)."),
            503: OpenApiResponse(description="The search index is missing or being rebuilt."),
        },
    )
    def list(self, request, *args, **kwargs):  # kwargs: the router's format suffix (.json)
        query = self.read_query(request)
        try:
            outcome = search_run(query=query)
        except SearchUnavailable as exc:
            raise SearchUnavailableError from exc
        if outcome.page is None:  # the query reads as nothing to search for ("*")
            outcome.page = SearchPage(hits=[], total=0, page=1, per_page=query.per_page)
            outcome.notes.append("The query has no words to search for.")
        context = self.get_serializer_context()
        return Response(serializers.SearchResponseSerializer(outcome, context=context).data)

    def read_query(self, request) -> SearchQuery:
        """The page's form in its strict mode: a malformed value is a 400 that names it."""
        known = {*SearchForm.base_fields, PARAM, api_settings.URL_FORMAT_OVERRIDE}
        reject_unknown_params(request, known)
        form = SearchForm(request.query_params, strict=True)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return form.query()

    def get_serializer_context(self):
        return {"request": self.request, "view": self}
