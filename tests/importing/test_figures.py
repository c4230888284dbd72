"""Percentages as printed, and the numbers that are not percentages."""

from decimal import Decimal

from kb.importing.figures import find_figures
from kb.importing.sentences import split_sentences


def _found(text):
    return [
        (f.text, f.value, f.qualifier, f.high) for f in find_figures(text, split_sentences(text))
    ]


def test_the_ways_a_percentage_is_printed():
    text = (
        "71.1% disapprove; 71,1% in Russian style; 44 percent agree; 12.5 per cent object; "
        "около 45,2 процента граждан; 30,1 процентов против; less than 2% know; "
        "more than 50 % care; from 10–15% undecided; a margin of 3 percentage points; 52 пайыз."
    )
    assert _found(text) == [
        ("71.1%", Decimal("71.1"), "exact", None),
        ("71,1%", Decimal("71.1"), "exact", None),
        ("44 percent", Decimal("44"), "exact", None),
        ("12.5 per cent", Decimal("12.5"), "exact", None),
        ("около 45,2 процента", Decimal("45.2"), "about", None),
        ("30,1 процентов", Decimal("30.1"), "exact", None),
        ("less than 2%", Decimal("2"), "lt", None),
        ("more than 50 %", Decimal("50"), "gt", None),
        ("10–15%", Decimal("10"), "exact", Decimal("15")),
        ("3 percentage points", Decimal("3"), "exact", None),
        ("52 пайыз", Decimal("52"), "exact", None),
    ]


def test_years_pages_phones_and_sample_sizes_are_not_percentages():
    text = (
        "In 2023, see page 12 of 40; call +7 (727) 250-11-22 or 8 800 100 20 30; n = 1,200; "
        "1 500 respondents; 17 regions; version 2.5; 50/50; 12.04.2024; 10:30."
    )
    assert _found(text) == []


def test_a_table_whose_header_says_percent_holds_percentages():
    text = "Answer | Share, %\nYes | 45.2\nNo | 54,8\n\nAnswer | Count\nYes | 452"
    assert _found(text) == [
        ("45.2", Decimal("45.2"), "exact", None),
        ("54,8", Decimal("54.8"), "exact", None),
    ]
