"""The synthetic corpus's question series: the same question asked in three to five surveys."""

from __future__ import annotations

import random

from kb import enums
from kb.models import QuestionSeries, Result, SeriesWave, Survey

from .words import BATCH


def add_series(*, rng: random.Random, start: int, survey_rows: list[Survey]) -> int:
    """One series per ten surveys (one at least, given three surveys); returns how many.

    A series' waves are questions of different surveys that offer the same answers (their
    first option's label), so a trend has lines to draw; one wave in four is a "comparable"
    question with a note on its wording.
    """
    surveys = {s.pk: s for s in survey_rows}
    firsts = (
        Result.objects.filter(question__survey_id__in=surveys, net__isnull=True, is_net=False)
        .order_by("question_id", "position")
        .values_list("question_id", "question__survey_id", "label")
    )
    by_options: dict[str, dict[int, int]] = {}  # first label -> survey -> one question
    seen = set()
    for question_id, survey_id, label in firsts:
        if question_id in seen:
            continue
        seen.add(question_id)
        by_options.setdefault(label, {}).setdefault(survey_id, question_id)
    groups = [group for _, group in sorted(by_options.items()) if len(group) >= 3]
    if not groups:
        return 0
    made = []
    waves = []
    for n in range(max(1, len(survey_rows) // 10)):
        group = rng.choice(groups)
        chosen = rng.sample(sorted(group), min(len(group), rng.randint(3, 5)))
        first = surveys[chosen[0]]
        made.append(
            QuestionSeries(
                slug=f"syn-series-{start}-{n}",
                title=f"Trend {n}: {first.title.split(' (')[0]}",
                description="The same question asked in several made-up surveys.",
                published=rng.random() > 0.05,
            )
        )
        waves.append([group[survey_id] for survey_id in chosen])
    made = QuestionSeries.objects.bulk_create(made, batch_size=BATCH)
    SeriesWave.objects.bulk_create(
        [
            SeriesWave(
                series_id=series.pk,
                question_id=question_id,
                comparability=enums.Comparability.COMPARABLE
                if k == 3
                else enums.Comparability.SAME,
                wording_note="Asked “in your opinion” instead of “do you think”." if k == 3 else "",
            )
            for series, questions in zip(made, waves, strict=True)
            for k, question_id in enumerate(questions)
        ],
        batch_size=BATCH,
    )
    return len(made)
