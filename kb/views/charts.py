"""What the question and series pages draw: rows with intervals, a trend's points and axes.

Numbers and coordinates only; the SVG and the tables are written in the templates. Everything
reads prefetched results (`Question.ordered_results()`), so a page's query count does not grow
with its rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from kb.enums import FigureQualifier
from kb.jinja2.filters import result_figure
from kb.jinja2.helpers import chart_rows
from kb.margins import (
    Interval,
    SurveyMargin,
    interval,
    local_points,
    margin_of,
    options_difference_margin,
    options_within,
    points,
    waves_margin,
    waves_within,
)


def bar_width(percent) -> str:
    """A bar's width for a figure in per cent, clamped to 0-100 (as the SVG reads it)."""
    return points(min(max(float(percent), 0.0), 100.0))


@dataclass
class ResultRow:
    """One option of a question as its page draws it: figure, interval, bar and whisker."""

    result: object
    is_part: bool
    figure: str
    interval: Interval | None

    @property
    def width(self) -> str:
        return bar_width(self.result.percent)

    @property
    def has_bar(self) -> bool:
        return self.result.percent is not None


@dataclass
class Comparison:
    """The two leading answers and whether they are within the margin of error of each other."""

    first: object
    second: object
    difference: float
    margin: float
    within: bool

    @property
    def sentence(self) -> str:
        a, b = self.first, self.second
        values = {
            "a": a.label,
            "b": b.label,
            "a_figure": result_figure(a),
            "b_figure": result_figure(b),
            "difference": local_points(self.difference),
            "margin": local_points(self.margin),
        }
        if self.within:
            return (
                gettext(
                    "“%(a)s” (%(a_figure)s) and “%(b)s” (%(b_figure)s) are within the margin of "
                    "error of each other: the %(difference)s-point difference is smaller than "
                    "its margin of error, %(margin)s points. Neither clearly leads."
                )
                % values
            )
        return (
            gettext(
                "“%(a)s” leads “%(b)s” by %(difference)s points, more than the margin of error "
                "of that difference (%(margin)s points)."
            )
            % values
        )


def exact(result) -> bool:
    return result.percent is not None and result.qualifier == FigureQualifier.EXACT


def result_rows(question, margin: SurveyMargin | None) -> list[ResultRow]:
    rows = []
    for row in chart_rows(question):
        result = row.result
        rows.append(
            ResultRow(
                result=result,
                is_part=row.is_part,
                figure=result_figure(result),
                interval=interval(margin, result.percent) if exact(result) else None,
            )
        )
    return rows


def leading_comparison(question, margin: SurveyMargin | None) -> Comparison | None:
    """The two highest shares among the answers that are not parts of a net.

    Only exact figures take part: a bound ("less than 2%") or an option without a figure is
    never compared.
    """
    if margin is None:
        return None
    results = question.ordered_results()
    ids = {r.pk for r in results}
    top = sorted(
        (r for r in results if exact(r) and not (r.net_id and r.net_id in ids)),
        key=lambda r: (-r.percent, r.position),
    )
    if len(top) < 2:
        return None
    first, second = top[0], top[1]
    p1, p2 = float(first.percent), float(second.percent)
    return Comparison(
        first=first,
        second=second,
        difference=abs(p1 - p2),
        margin=options_difference_margin(margin, p1, p2),
        within=options_within(margin, first.percent, second.percent),
    )


# --- trends ---------------------------------------------------------------------------------------

# The SVG's user units; the CSS scales the drawing to the column's width.
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 96, 16, 40
MAX_LINES = 6
GRID = (0, 25, 50, 75, 100)


@dataclass
class TrendPoint:
    x: float
    y: float
    percent: Decimal
    figure: str
    interval: Interval | None
    y_low: float | None = None
    y_high: float | None = None
    change: float | None = None  # from the previous wave, in points
    change_margin: float | None = None
    within: bool = False
    text_y: float = 0.0  # where its printed figure stands, clear of the other lines' figures

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        sign = "+" if self.change > 0 else "−" if self.change < 0 else "±"
        return f"{sign}{local_points(abs(self.change))}"


@dataclass
class TrendLine:
    number: int  # 1..MAX_LINES: the CSS class that colours it
    label: str
    points: list[TrendPoint | None]  # one per wave; None where the wave lacks the option
    label_y: float = 0.0  # where its name stands at the right end, clear of the others

    @property
    def drawn(self) -> list[TrendPoint]:
        return [p for p in self.points if p is not None]

    @property
    def path(self) -> str:
        """The polyline's points attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.drawn)

    @property
    def last(self) -> TrendPoint | None:
        drawn = self.drawn
        return drawn[-1] if drawn else None


@dataclass
class WaveColumn:
    wave: object
    x: float
    margin: SurveyMargin | None


@dataclass
class EventMark:
    number: int
    event: object
    x: float


@dataclass
class Trend:
    waves: list[WaveColumn]
    lines: list[TrendLine]
    events: list[EventMark]
    grid: list[tuple[int, float]]  # (percent, y)
    ticks: list[tuple[str, float]]  # (year, x)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    notes: list[str] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def _top_level(question) -> list:
    results = question.ordered_results()
    ids = {r.pk for r in results}
    return [r for r in results if exact(r) and not (r.net_id and r.net_id in ids)]


def build_trend(waves: list, events: list) -> Trend:
    """A series' waves (in fieldwork order) and the program's events on one time axis.

    An option is the same line in every wave whose question offers an option of the same
    label (case and spacing aside); the most common labels are drawn, up to MAX_LINES.
    """
    dates = [w.date for w in waves] + [e.date for e in events]
    first = min(dates) if dates else datetime.date.today()
    last = max(dates) if dates else first
    span = max((last - first).days, 1)
    # Room either side so the first and last points are not on the frame.
    pad = max(span // 20, 15)
    start, end = first - datetime.timedelta(days=pad), last + datetime.timedelta(days=pad)
    days = (end - start).days

    def x_of(day: datetime.date) -> float:
        return LEFT + (WIDTH - RIGHT - LEFT) * (day - start).days / days

    def y_of(percent: float) -> float:
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * percent / 100

    columns = [WaveColumn(wave=w, x=x_of(w.date), margin=margin_of(w.survey)) for w in waves]
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    order: dict[str, tuple] = {}
    for column in columns:
        for result in _top_level(column.wave.question):
            key = _key(result.label)
            labels.setdefault(key, result.label)
            counts[key] = counts.get(key, 0) + 1
            order.setdefault(key, (-float(result.percent), result.position))
    chosen = sorted(counts, key=lambda k: (-counts[k], order[k]))[:MAX_LINES]

    lines = []
    for number, key in enumerate(chosen, start=1):
        line_points: list[TrendPoint | None] = []
        previous: TrendPoint | None = None
        for column in columns:
            match = next(
                (r for r in _top_level(column.wave.question) if _key(r.label) == key), None
            )
            if match is None:
                line_points.append(None)
                continue
            share = float(match.percent)
            band = interval(column.margin, match.percent)
            point = TrendPoint(
                x=column.x,
                y=y_of(share),
                percent=match.percent,
                figure=result_figure(match),
                interval=band,
                y_low=y_of(band.low) if band else None,
                y_high=y_of(band.high) if band else None,
            )
            if previous is not None:
                point.change = share - float(previous.percent)
                if band and previous.interval:
                    point.change_margin = waves_margin(previous.interval, band)
                    point.within = waves_within(previous.interval, band)
            line_points.append(point)
            previous = point
        lines.append(TrendLine(number=number, label=labels[key], points=line_points))

    _place_labels(lines)
    for index in range(len(columns)):
        _spread([line.points[index] for line in lines if line.points[index]], "text_y")
    marks = [
        EventMark(number=n, event=event, x=x_of(event.date))
        for n, event in enumerate(events, start=1)
    ]
    ticks = [
        (str(year), x_of(datetime.date(year, 1, 1))) for year in range(start.year + 1, end.year + 1)
    ]
    if not ticks:  # a span inside one year: label its start
        ticks = [(str(start.year), float(LEFT))]
    return Trend(
        waves=columns,
        lines=lines,
        events=marks,
        grid=[(g, y_of(g)) for g in GRID],
        ticks=ticks,
    )


LABEL_GAP = 13


def _place_labels(lines: list[TrendLine]) -> None:
    """Each line's name beside its last point, pushed apart so that no two overlap."""
    lasts = {id(line.last): line for line in lines if line.last}
    _spread([line.last for line in lines if line.last], "label_y", owners=lasts)


def _spread(points: list, attr: str, owners: dict | None = None) -> None:
    """Text baselines beside points (4 units below each), at least LABEL_GAP apart, kept
    within the plot: `attr` is set on each point, or on its owner (a line's label)."""
    placed = sorted(points, key=lambda point: point.y)
    floor = float(TOP)
    spots = []
    for point in placed:
        spot = max(point.y + 4, floor)
        spots.append(spot)
        floor = spot + LABEL_GAP
    overflow = (spots[-1] if spots else 0) - (HEIGHT - BOTTOM + 4)
    for point, spot in zip(placed, spots, strict=True):
        target = owners[id(point)] if owners else point
        setattr(target, attr, spot - max(overflow, 0))
