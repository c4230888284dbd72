"""django-filter FilterSets: one per list, shared by the HTML lists and the API.

Each is built on an already-optimised queryset (the view's or the API's); the filters only narrow.
Unknown choice values and malformed dates make the form invalid rather than raising.
"""

import datetime
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import Q
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kb import enums
from kb.models import Event, EventPerson, Organization, Person, Survey, Topic


def published_organizations(request):
    return Organization.objects.published()


def published_topics(request):
    return Topic.objects.published()


def public_people(request):
    return Person.objects.public()


def _descending_label(label) -> str:
    return gettext("%(field)s (descending)") % {"field": label}


_descending = lazy(_descending_label, str)


class OrderingFilter(django_filters.OrderingFilter):
    """Sorts a list without ever leaving it unordered.

    django-filter reads `?ordering=,` as an empty choice and calls `order_by()` with nothing,
    which drops the default order: paginated rows then come in any order and pages overlap.
    Here no field keeps the queryset's own order, and a chosen field gets the model's ordering
    and the pk as tie-breakers, so equal dates or titles never straddle pages unpredictably.
    """

    def build_choices(self, fields, labels):
        """django-filter writes "Title (descending)" once, at import, in English; here each
        label is lazy, so it reads in the page's language."""
        choices = []
        for field_name, param in fields.items():
            label = labels.get(field_name, pretty_name(param))
            choices.append((param, label))
            choices.append((f"-{param}", labels.get(f"-{param}", _descending(label))))
        return choices

    def filter(self, qs, value):
        fields = [self.get_ordering_value(param) for param in value or () if param]
        if not fields:
            return qs
        tie_breakers = [f for f in qs.model._meta.ordering if f not in fields]
        if "pk" not in tie_breakers:
            tie_breakers.append("pk")
        return qs.order_by(*fields, *tie_breakers)


class OrganizationChoiceField(django_filters.fields.ModelChoiceField):
    """An organization by its slug, or else by its name, short name or another of its names
    (`?organization=GWU`)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            found = list(self.queryset.named(str(value))[:2])
            if len(found) != 1:
                raise
            return found[0]


def _inside(org):
    """The organization and the published ones inside it: a draft inside it would bring its
    records under the organization's name (the public's view, as on every list)."""
    return Organization.objects.published().within(org).values("pk")


@extend_schema_field(OpenApiTypes.STR)  # a slug or a name: tells the API schema (check --deploy)
class OrganizationChoiceFilter(django_filters.ModelChoiceFilter):
    """An organization and everything inside it: a university's filter also finds what its
    institutes and programs did (Organization.objects.within)."""

    field_class = OrganizationChoiceField

    def __init__(self, *args, through: str, **kwargs):
        kwargs.setdefault("queryset", published_organizations)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Organization"))
        self.through = through
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.through}__in": _inside(value)}).distinct()


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class EventFilter(django_filters.FilterSet):
    date = django_filters.DateFromToRangeFilter(field_name="date", label=_("Date between"))
    year = YearFilter(method="filter_year", label=_("Year"))
    organization = OrganizationChoiceFilter(through="organization_roles__organization")
    topic = django_filters.ModelChoiceFilter(
        queryset=published_topics,
        field_name="topics",
        to_field_name="slug",
        label=_("Topic"),
        # One topic matches an event at most once: no DISTINCT (costly over 10,000 events).
        distinct=False,
    )
    person = django_filters.ModelChoiceFilter(
        queryset=public_people,
        field_name="person_roles__person",
        to_field_name="slug",
        label=_("Person"),
        distinct=True,
    )
    format = django_filters.ChoiceFilter(choices=enums.EventFormat.choices, label=_("Format"))
    ordering = OrderingFilter(
        fields=(("date", "date"), ("title", "title")),
        field_labels={"date": _("Date"), "title": _("Title")},
        label=_("Sort by"),
    )

    class Meta:
        model = Event
        fields = ["date", "year", "organization", "topic", "person", "format"]

    def filter_year(self, queryset, name, value):
        # A date range rather than date__year: the date index serves it.
        year = int(value)
        return queryset.filter(
            date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1)
        )


class PersonFilter(django_filters.FilterSet):
    organization = OrganizationChoiceFilter(
        through="affiliations__organization", method="filter_organization"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=published_topics,
        method="filter_topic",
        to_field_name="slug",
        label=_("Topic"),
    )
    role = django_filters.ChoiceFilter(
        choices=enums.EventPersonRole.choices, method="filter_role", label=_("Role at events")
    )
    ordering = OrderingFilter(
        fields=(("sort_name", "name"),), field_labels={"sort_name": _("Name")}, label=_("Sort by")
    )

    class Meta:
        model = Person
        fields = ["organization", "topic", "role"]

    @extend_schema_field(OpenApiTypes.STR)  # a slug: tells the API schema (check --deploy)
    def filter_organization(self, queryset, name, value):
        # Affiliations are withheld for some people: only match through those that are shown.
        return queryset.filter(
            affiliations__organization__in=_inside(value),
            affiliations_public=True,
        ).distinct()

    @extend_schema_field(OpenApiTypes.STR)  # a slug
    def filter_topic(self, queryset, name, value):
        # Interested in the topic, or spoke at a published event on it (the public's view).
        return queryset.for_topic(value)

    def filter_role(self, queryset, name, value):
        # An id subquery, not a join: no DISTINCT over every person (docs/benchmarks.md).
        took_part = EventPerson.objects.filter(role=value, event__published=True)
        return queryset.filter(pk__in=took_part.values("person_id"))


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=enums.OrganizationKind.choices, label=_("Kind"))
    country = django_filters.CharFilter(
        field_name="country", lookup_expr="iexact", label=_("Country")
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=published_organizations, to_field_name="slug", label=_("Part of")
    )
    ordering = OrderingFilter(
        fields=(("name", "name"),), field_labels={"name": _("Name")}, label=_("Sort by")
    )

    class Meta:
        model = Organization
        fields = ["kind", "country", "parent"]


class SurveyFilter(django_filters.FilterSet):
    organization = OrganizationChoiceFilter(through="organization_roles__organization")
    year = YearFilter(method="filter_year", label=_("Year"))
    topic = django_filters.ModelChoiceFilter(
        queryset=published_topics, method="filter_topic", to_field_name="slug", label=_("Topic")
    )
    mode = django_filters.ChoiceFilter(choices=enums.SurveyMode.choices, label=_("Mode"))
    ordering = OrderingFilter(
        fields=(("field_end", "date"), ("title", "title")),
        field_labels={"field_end": _("Fieldwork date"), "title": _("Title")},
        label=_("Sort by"),
    )

    class Meta:
        model = Survey
        fields = ["organization", "year", "topic", "mode"]

    def filter_year(self, queryset, name, value):
        # A survey belongs to every year its fieldwork touched (29 Dec 2022 - 14 Jan 2023: both).
        year = int(value)
        return queryset.filter(
            Q(field_start__year__lte=year, field_end__year__gte=year)
            | Q(field_end__isnull=True, field_start__year=year)
        )

    @extend_schema_field(OpenApiTypes.STR)  # a slug
    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)


class TopicFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=enums.TopicKind.choices, label=_("Kind"))

    class Meta:
        model = Topic
        fields = ["kind"]


def canonical_query(params) -> str | None:
    """The query string without its empty fields, or None when it has none to drop.

    A filter form submits every field (`?date_after=&date_before=&topic=torture`); the link a
    reader shares should name only what is chosen (`?topic=torture`).
    """
    kept = [(key, value) for key, value in params.lists() for value in value if value != ""]
    if len(kept) == sum(len(values) for _key, values in params.lists()):
        return None
    return urlencode(kept)
