"""The synthetic corpus (benchmarks, load tests): the sizes asked for, valid data, repeatable."""

import pytest

from bench.synthetic import build_corpus
from kb.models import (
    Event,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Result,
    Survey,
    check_result_shares,
)

pytestmark = pytest.mark.django_db

SIZES = {"events": 30, "people": 60, "organizations": 20, "surveys": 3, "questions_per_survey": 4}


def test_build_corpus_makes_the_sizes_asked_for():
    report = build_corpus(**SIZES)

    assert Event.objects.filter(slug__startswith="syn-").count() == 30
    assert Person.objects.filter(slug__startswith="syn-").count() == 60
    assert Organization.objects.filter(slug__startswith="syn-").count() == 20
    assert Survey.objects.filter(slug__startswith="syn-").count() == 3
    assert Question.objects.count() == 12
    assert report.results == Result.objects.count()


def test_the_corpus_can_be_added_twice_without_clashing_slugs():
    build_corpus(**SIZES)
    build_corpus(**SIZES)

    assert Event.objects.count() == 60
    assert Person.objects.count() == 120


def test_every_question_passes_the_shares_check_staff_see_in_the_admin():
    build_corpus(**SIZES)

    problems = []
    for question in Question.objects.prefetch_related("results__net"):
        shares = [
            (r.label, r.percent, r.qualifier, r.is_net, r.net.label if r.net else None)
            for r in question.results.all()
        ]
        problems += check_result_shares(kind=question.kind, shares=shares)
    assert problems == []


def test_the_corpus_has_question_series_of_several_waves_with_the_same_answers():
    report = build_corpus(**{**SIZES, "surveys": 12})

    series = QuestionSeries.objects.prefetch_related("waves__question__results")
    assert report.series == series.count() == 1
    for item in series:
        waves = list(item.waves.all())
        assert 3 <= len(waves) <= 5
        assert len({wave.question.survey_id for wave in waves}) == len(waves)
        firsts = {
            min(wave.question.results.all(), key=lambda r: r.position).label for wave in waves
        }
        assert len(firsts) == 1
