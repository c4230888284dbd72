"""Question series: waves in fieldwork order, staff's checks, drafts' waves kept from the public."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from model_bakery import baker

from kb.enums import Comparability
from kb.models import QuestionSeries, SeriesWave

pytestmark = pytest.mark.django_db


def wave(series, start, *, published=True, **kwargs):
    survey = baker.make(
        "kb.Survey",
        published=published,
        field_start=start,
        field_end=start + datetime.timedelta(days=10),
    )
    question = baker.make("kb.Question", survey=survey, number=1)
    return baker.make("kb.SeriesWave", series=series, question=question, **kwargs)


def test_waves_are_ordered_by_the_middle_of_their_fieldwork():
    series = baker.make("kb.QuestionSeries", published=True)
    late = wave(series, datetime.date(2024, 1, 1))
    early = wave(series, datetime.date(2022, 12, 29))
    middle = wave(series, datetime.date(2023, 6, 1))

    loaded = QuestionSeries.objects.with_detail_related().get(pk=series.pk)
    assert loaded.ordered_waves() == [early, middle, late]
    assert early.date == datetime.date(2023, 1, 3)


def test_a_draft_surveys_wave_is_only_for_staff():
    series = baker.make("kb.QuestionSeries", published=True)
    shown = wave(series, datetime.date(2022, 1, 1))
    hidden = wave(series, datetime.date(2023, 1, 1), published=False)
    staff = baker.make("auth.User", is_staff=True, is_active=True)

    public = QuestionSeries.objects.with_detail_related(AnonymousUser()).get(pk=series.pk)
    for_staff = QuestionSeries.objects.with_detail_related(staff).get(pk=series.pk)
    assert public.ordered_waves() == [shown]
    assert for_staff.ordered_waves() == [shown, hidden]


def test_a_comparable_question_needs_a_note_on_its_wording():
    series = baker.make("kb.QuestionSeries")
    item = wave(series, datetime.date(2022, 1, 1), comparability=Comparability.COMPARABLE)
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert error.value.message_dict == {"wording_note": ["Say what changed in the wording."]}


def test_one_question_per_survey_in_a_series():
    series = baker.make("kb.QuestionSeries")
    first = wave(series, datetime.date(2022, 1, 1))
    other = baker.make("kb.Question", survey=first.question.survey, number=2)
    with pytest.raises(ValidationError) as error:
        SeriesWave(series=series, question=other).clean()
    assert error.value.message_dict == {
        "question": ["This series already has a question of that survey."]
    }
