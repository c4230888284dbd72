"""Margins of error: each figure's interval, and when two figures are "within the margin of error".

Pure functions over numbers (no database): the pages, the API and the DDI export call them with a
survey's methodology and a question's shares.

Which margin a figure gets:

- the survey reports a margin of error (e.g. "at most 3% at 95%"): that margin, for every figure
  of the survey. Pollsters report the largest margin (the one of a 50% share), so this is the
  cautious reading;
- else, when the sample size n is known: the margin of a proportion at 95% confidence,
  m = 1.96 · √(p(1 − p) / n) · √deff, where deff is the design effect when staff give one;
- else none.

Weighting widens margins (the design effect); a computed margin without a design effect is a
lower bound for a weighted survey, and the page says so.

When two figures are "within the margin of error" of each other (the rule printed on the pages,
MARGIN_RULES):

- two waves of a series (independent samples): |p₁ − p₂| < √(m₁² + m₂²), each m being the figure's
  own margin as above;
- two answers to one question (the same respondents, so the shares move together): the
  difference has its own margin, 1.96 · √((p₁ + p₂ − (p₁ − p₂)²) / n′), where n′ is the sample
  size (divided by the design effect) or, when the survey reports its margin m, the sample size
  that margin implies, n′ = (1.96 · 0.5 / m)². For a single-choice question this is the exact
  variance of a difference of two multinomial shares; for a multiple-choice question it is an
  upper bound (some respondents chose both).

Differences equal to the margin or larger are not "within". Shares given as bounds ("less than
2%") or without a figure get no interval and are never compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import get_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054
CONFIDENCE = Decimal("95")

MARGIN_RULES = {
    "options": _(
        "Two answers to the same question are within the margin of error of each other when "
        "they differ by less than 1.96 × √((p₁ + p₂ − (p₁ − p₂)²) ÷ n), the margin of error "
        "of a difference between two shares of the same sample."
    ),
    "waves": _(
        "Two waves differ by less than the margin of error when the change is smaller than "
        "√(m₁² + m₂²), m₁ and m₂ being each figure's own margin of error."
    ),
}


class MarginSource(StrEnum):
    REPORTED = "reported"
    COMPUTED = "computed"


@dataclass(frozen=True)
class SurveyMargin:
    """What a survey's figures' margins are derived from."""

    source: MarginSource
    reported: float | None  # the published margin, in percentage points
    sample_size: int | None
    design_effect: float | None
    weighted: bool
    confidence: Decimal = CONFIDENCE

    @property
    def effective_n(self) -> float:
        """The sample size a 50% share's margin corresponds to (n ÷ deff, or from the reported)."""
        if self.source == MarginSource.REPORTED:
            return (Z95 * 0.5 / (self.reported / 100)) ** 2
        return self.sample_size / (self.design_effect or 1.0)

    def for_share(self, percent: float) -> float:
        """The margin of a share, in percentage points."""
        if self.source == MarginSource.REPORTED:
            return self.reported
        p = percent / 100
        return 100 * Z95 * math.sqrt(p * (1 - p) / self.effective_n)

    @property
    def explanation(self) -> str:
        """Where the margins come from, in plain words (shown beside the intervals)."""
        if self.source == MarginSource.REPORTED:
            text = gettext(
                "Intervals use the margin of error the survey reports, ±%(margin)s points at "
                "%(confidence)s%% confidence, for every figure (it is the largest, that of a 50%% "
                "share)."
            ) % {
                "margin": local_points(self.reported),
                "confidence": local_points(float(self.confidence)),
            }
            if self.weighted:
                text += " " + gettext(
                    "The data are weighted; weighting widens margins, and a reported margin "
                    "may leave that out."
                )
        else:
            size = f"{self.sample_size:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
            if self.design_effect:
                text = gettext(
                    "Intervals are computed for each share from the sample size (n = %(n)s) at "
                    "95%% confidence: 1.96 × √(p(1 − p) ÷ n), widened by the design effect "
                    "(%(deff)s)."
                ) % {"n": size, "deff": local_points(self.design_effect)}
            else:
                text = gettext(
                    "Intervals are computed for each share from the sample size (n = %(n)s) at "
                    "95%% confidence: 1.96 × √(p(1 − p) ÷ n)."
                ) % {"n": size}
            if self.weighted and not self.design_effect:
                text += " " + gettext(
                    "The data are weighted, which widens margins: these intervals are the "
                    "narrowest the sample allows."
                )
        return text


@dataclass(frozen=True)
class Interval:
    percent: float
    margin: float  # percentage points either side

    @property
    def low(self) -> float:
        return max(0.0, self.percent - self.margin)

    @property
    def high(self) -> float:
        return min(100.0, self.percent + self.margin)

    @property
    def text(self) -> str:
        """ "68.1–74.1" (one decimal, as the figures are printed; 68,1–74,1 in Russian)."""
        return f"{local_points(self.low)}–{local_points(self.high)}"


def points(value: float) -> str:
    """A number of percentage points as printed: one decimal, a whole number without it."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def local_points(value: float) -> str:
    """`points` as the reader's language writes it (a decimal comma in Russian and Kazakh)."""
    return points(value).replace(".", get_format("DECIMAL_SEPARATOR"))


def survey_margin(
    *,
    margin_of_error: Decimal | None,
    sample_size: int | None,
    design_effect: Decimal | None = None,
    weighting: str = "",
    confidence_level: Decimal | None = None,
) -> SurveyMargin | None:
    """How the survey's figures get their margins, or None when nothing allows one."""
    weighted = bool(weighting.strip())
    deff = float(design_effect) if design_effect else None
    if margin_of_error:
        return SurveyMargin(
            source=MarginSource.REPORTED,
            reported=float(margin_of_error),
            sample_size=sample_size,
            design_effect=deff,
            weighted=weighted,
            confidence=confidence_level or CONFIDENCE,
        )
    if sample_size:
        return SurveyMargin(
            source=MarginSource.COMPUTED,
            reported=None,
            sample_size=sample_size,
            design_effect=deff,
            weighted=weighted,
        )
    return None


def margin_of(survey) -> SurveyMargin | None:
    """survey_margin() for a Survey (or anything with its fields)."""
    return survey_margin(
        margin_of_error=survey.margin_of_error,
        sample_size=survey.sample_size,
        design_effect=getattr(survey, "design_effect", None),
        weighting=survey.weighting,
        confidence_level=survey.confidence_level,
    )


def interval(margin: SurveyMargin | None, percent: Decimal | float | None) -> Interval | None:
    if margin is None or percent is None:
        return None
    share = float(percent)
    return Interval(share, margin.for_share(share))


def options_difference_margin(margin: SurveyMargin, p1: float, p2: float) -> float:
    """The margin of error of p1 − p2, two shares (in %) of the same respondents."""
    a, b = p1 / 100, p2 / 100
    variance = max(a + b - (a - b) ** 2, 0.0) / margin.effective_n
    return 100 * Z95 * math.sqrt(variance)


def options_within(margin: SurveyMargin | None, p1, p2) -> bool:
    """Two answers to one question differ by less than their difference's margin of error."""
    if margin is None or p1 is None or p2 is None:
        return False
    p1, p2 = float(p1), float(p2)
    return abs(p1 - p2) < options_difference_margin(margin, p1, p2)


def waves_margin(first: Interval, second: Interval) -> float:
    return math.sqrt(first.margin**2 + second.margin**2)


def waves_within(first: Interval | None, second: Interval | None) -> bool:
    """Two waves' figures (independent samples) differ by less than √(m₁² + m₂²)."""
    if first is None or second is None:
        return False
    return abs(first.percent - second.percent) < waves_margin(first, second)
