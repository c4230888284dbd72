"""Margins of error against worked examples (kb/margins.py); the rules' thresholds exactly."""

from decimal import Decimal

import pytest

from kb.margins import (
    Interval,
    MarginSource,
    interval,
    options_difference_margin,
    options_within,
    points,
    survey_margin,
    waves_margin,
    waves_within,
)

# The documents' survey: n = 1,047, "the maximum margin of error with a 95% probability does
# not exceed 3%", weighted by gender and age.
REPORTED = survey_margin(
    margin_of_error=Decimal("3.0"), sample_size=1047, weighting="By gender and age."
)
FROM_N = survey_margin(margin_of_error=None, sample_size=1047)


def test_reported_margin_is_used_for_every_figure():
    assert REPORTED.source == MarginSource.REPORTED
    assert interval(REPORTED, Decimal("71.1")).text == "68.1–74.1"
    assert interval(REPORTED, Decimal("44.0")).text == "41–47"
    # Clipped at 0: a share cannot be negative.
    assert interval(REPORTED, Decimal("1.5")).text == "0–4.5"
    assert REPORTED.explanation == (
        "Intervals use the margin of error the survey reports, ±3 points at 95% confidence, for "
        "every figure (it is the largest, that of a 50% share). The data are weighted; weighting "
        "widens margins, and a reported margin may leave that out."
    )


def test_margin_from_n_at_95_percent():
    # 1.96 × √(0.5 × 0.5 / 1047) = 3.03 points; √(0.711 × 0.289 / 1047) × 1.96 = 2.75 points.
    assert FROM_N.source == MarginSource.COMPUTED
    assert FROM_N.for_share(50) == pytest.approx(3.0286, abs=1e-4)
    assert FROM_N.for_share(71.1) == pytest.approx(2.7457, abs=1e-4)
    assert interval(FROM_N, Decimal("71.1")).text == "68.4–73.8"
    assert FROM_N.explanation == (
        "Intervals are computed for each share from the sample size (n = 1,047) at 95% "
        "confidence: 1.96 × √(p(1 − p) ÷ n)."
    )


def test_design_effect_widens_a_computed_margin():
    # √1.5 × 3.0286 = 3.7093.
    margin = survey_margin(margin_of_error=None, sample_size=1047, design_effect=Decimal("1.5"))
    assert margin.for_share(50) == pytest.approx(3.7093, abs=1e-4)
    assert margin.explanation.endswith("widened by the design effect (1.5).")


def test_weighting_without_a_design_effect_is_said_to_widen():
    margin = survey_margin(margin_of_error=None, sample_size=1047, weighting="By age")
    assert margin.explanation.endswith(
        "The data are weighted, which widens margins: these intervals are the narrowest the "
        "sample allows."
    )


def test_no_margin_without_margin_or_n():
    assert survey_margin(margin_of_error=None, sample_size=None) is None
    assert interval(None, Decimal("50")) is None
    assert interval(REPORTED, None) is None


def test_two_answers_of_one_question():
    # ±3 points imply n' = (1.96 × 0.5 / 0.03)² = 1067.07; the margin of 44.0 − 43.2 is then
    # 1.96 × √((0.44 + 0.432 − 0.008²) / 1067.07) = 5.60 points: 0.8 is within it.
    assert REPORTED.effective_n == pytest.approx(1067.07, abs=0.01)
    assert options_difference_margin(REPORTED, 44.0, 43.2) == pytest.approx(5.6027, abs=1e-4)
    assert options_within(REPORTED, Decimal("44.0"), Decimal("43.2")) is True
    # 42.2 against 36.8 (forceful suppression): a 5.4 difference, margin 5.32: not within.
    assert options_difference_margin(REPORTED, 42.2, 36.8) == pytest.approx(5.3231, abs=1e-4)
    assert options_within(REPORTED, Decimal("42.2"), Decimal("36.8")) is False
    # 36.0 against 31.0 (probability of a repeat): 5.0 against 4.90: not within.
    assert options_within(REPORTED, Decimal("36.0"), Decimal("31.0")) is False
    # From n alone: 44.0 − 43.2 has a margin of 5.66 points.
    assert options_difference_margin(FROM_N, 44.0, 43.2) == pytest.approx(5.6561, abs=1e-4)


def test_two_waves_use_the_combined_margin():
    first, second = interval(REPORTED, 44), interval(REPORTED, 47)
    assert waves_margin(first, second) == pytest.approx(4.2426, abs=1e-4)  # √(3² + 3²)
    assert waves_within(first, second) is True  # 3 < 4.24
    assert waves_within(first, interval(REPORTED, 49)) is False  # 5 > 4.24
    # Margins of 3 and 4 points combine to exactly 5: a change of 5 is not within, 4.9 is.
    assert waves_margin(Interval(40, 3), Interval(45, 4)) == 5.0
    assert waves_within(Interval(40, 3), Interval(45, 4)) is False
    assert waves_within(Interval(40, 3), Interval(44.9, 4)) is True
    assert waves_within(None, first) is False


def test_points_are_printed_as_figures():
    assert [points(3.0), points(3.04), points(2.75), points(0)] == ["3", "3", "2.8", "0"]
