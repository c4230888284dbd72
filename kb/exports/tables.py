"""CSV downloads: a survey's results, and the filtered event and people lists.

UTF-8 with a byte-order mark, so that a spreadsheet opens Cyrillic and typographic quotes
cleanly (pandas and readr drop the mark by themselves); booleans as true/false, which both
pandas and R read as logical.
"""

import csv
import datetime
import re

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from kb import visibility as public
from kb.filters import EventFilter, PersonFilter
from kb.models import Affiliation, Event, EventPerson, Person, Question, Result, Survey

BOM = "\ufeff"

SURVEY_RESULT_COLUMNS = [
    "survey",
    "survey_title",
    "question_number",
    "question_text",
    "question_label",
    "multiple_choice",
    "topline_complete",
    "base",
    "option_position",
    "option",
    "percent",
    "qualifier",
    "is_net",
    "net_of",
    "part_of_net",
    "source",
    "source_url",
    "source_passage",
]


NO_FIGURE = "no_figure"


def boolean(value: bool) -> str:
    return "true" if value else "false"


# A spreadsheet runs a cell that starts with one of these as a formula (or, after a tab or a
# carriage return, as the formula that follows): OWASP's "CSV injection".
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value):
    """A cell no spreadsheet runs: text that starts like a formula gets a leading apostrophe
    (OWASP's rule; spreadsheets show the text and hide the mark). Numbers stay numbers: -5 is
    a value, not a formula."""
    is_formula = isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
    return "'" + value if is_formula and not NUMBER.fullmatch(value) else value


class Echo:
    """A file-like object that hands back what csv.writer writes, one row at a time."""

    def write(self, value):
        return value


def csv_response(rows, columns: list[str], filename: str) -> HttpResponse:
    writer = csv.writer(Echo())
    lines = [BOM + writer.writerow(columns)]
    lines.extend(writer.writerow([spreadsheet_cell(cell) for cell in row]) for row in rows)
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def survey_result_rows(survey: Survey, request):
    questions = (
        Question.objects.filter(survey=survey)
        .select_related("source")
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("position")))
        .order_by("number")
    )
    for question in questions:
        results = list(question.results.all())
        labels = {r.pk: r.label for r in results}
        source = question.source if question.source and question.source.published else None
        for result in results:
            parts = [r.label for r in results if r.net_id == result.pk]
            yield [
                survey.slug,
                survey.title,
                question.number,
                question.text,
                question.short_label,
                boolean(question.is_multiple),
                boolean(question.topline_complete),
                question.base,
                result.position,
                result.label,
                "" if result.percent is None else str(result.percent),
                # An option the source names without a figure has no qualifier to give.
                NO_FIGURE if result.percent is None else result.qualifier,
                boolean(result.is_net),
                "; ".join(parts),
                labels.get(result.net_id, ""),
                source.title if source else "",
                request.build_absolute_uri(source.get_absolute_url()) if source else "",
                result.source_quote or question.source_quote,
            ]


def survey_results_csv(request, slug):
    survey = get_object_or_404(Survey.objects.published(), slug=slug)
    return csv_response(
        survey_result_rows(survey, request), SURVEY_RESULT_COLUMNS, f"{survey.slug}-results.csv"
    )


def filter_error(filterset) -> JsonResponse:
    return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)


EVENT_COLUMNS = [
    "slug",
    "title",
    "date",
    "start_time",
    "end_time",
    "time_zone",
    "starts_at_utc",
    "format",
    "kind",
    "location",
    "online_url",
    "organizers",
    "co_sponsors",
    "speakers",
    "moderators",
    "topics",
    "url",
]


def names_in_role(event, role) -> str:
    return "; ".join(
        link.person.name for link in public.public_person_roles(event) if link.role == role
    )


def event_list_csv(request):
    """The events list as CSV, narrowed by the same filters as /events/."""
    queryset = Event.objects.published().with_list_related()
    filterset = EventFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return filter_error(filterset)
    rows = []
    for event in filterset.qs:
        starts = event.starts_at
        rows.append(
            [
                event.slug,
                event.title,
                event.date.isoformat(),
                event.start_time.isoformat("minutes") if event.start_time else "",
                event.end_time.isoformat("minutes") if event.end_time else "",
                event.time_zone,
                starts.astimezone(datetime.UTC).isoformat() if starts else "",
                event.format,
                event.kind,
                event.location,
                event.online_url,
                "; ".join(o.name for o in public.organizations_in_role(event, "organizer")),
                "; ".join(o.name for o in public.organizations_in_role(event, "co_sponsor")),
                names_in_role(event, "speaker"),
                names_in_role(event, "moderator"),
                "; ".join(t.name for t in public.public_topics(event)),
                request.build_absolute_uri(event.get_absolute_url()),
            ]
        )
    return csv_response(rows, EVENT_COLUMNS, "kenes-events.csv")


PERSON_COLUMNS = [
    "slug",
    "name",
    "sort_name",
    "other_names",
    "affiliations",
    "topics",
    "events",
    "website",
    "url",
]


def person_list_csv(request):
    """The people list as CSV; withheld people and withheld affiliations never appear."""
    queryset = Person.objects.public().prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
        "topics",
        Prefetch(
            "event_roles",
            queryset=EventPerson.objects.filter(event__published=True).select_related("event"),
        ),
    )
    filterset = PersonFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return filter_error(filterset)
    rows = [
        [
            person.slug,
            person.name,
            person.sort_name,
            "; ".join(person.alternate_name_list),
            "; ".join(a.label for a in public.public_affiliations(person)),
            "; ".join(t.name for t in public.public_topics(person)),
            len({link.event_id for link in person.event_roles.all()}),
            person.website,
            request.build_absolute_uri(person.get_absolute_url()),
        ]
        for person in filterset.qs
    ]
    return csv_response(rows, PERSON_COLUMNS, "kenes-people.csv")
