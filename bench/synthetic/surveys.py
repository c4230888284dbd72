"""The synthetic corpus's surveys: questions, results (some nets with parts), sample composition."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils.text import slugify

from kb import enums
from kb.models import (
    Organization,
    Question,
    Result,
    SampleComposition,
    SourceDocument,
    Survey,
    SurveyOrganization,
    Topic,
)

from .words import BATCH, OPTIONS


def _shares(rng: random.Random, n: int) -> list[Decimal]:
    """n shares of one decimal that add up to exactly 100."""
    cuts = sorted(rng.sample(range(1, 1000), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
    return [Decimal(p) / 10 for p in parts]


def add_surveys(
    *,
    rng: random.Random,
    today: datetime.date,
    start: int,
    topics: list[Topic],
    orgs: list[Organization],
    documents: list[SourceDocument],
    surveys: int,
    questions_per_survey: int,
    report,
) -> list[Survey]:
    """Survey i cites documents[i]; returns the surveys made."""
    survey_rows = []
    for i in range(surveys):
        field_end = today - datetime.timedelta(days=rng.randint(0, 6000))
        topic = rng.choice(topics)
        survey_rows.append(
            Survey(
                slug=f"syn-survey-{slugify(topic.name)}-{start}-{i}",
                title=f"What people think about {topic.name.lower()} ({field_end:%B %Y})",
                headline=f"Survey {i}: opinions divided on {topic.name.lower()}",
                summary="A made-up survey of **realistic shape**.",
                field_start=field_end - datetime.timedelta(days=rng.randint(5, 30)),
                field_end=field_end,
                mode=rng.choice(enums.SurveyMode.values),
                population="Residents aged 18 and over",
                geography="17 regions and the cities of republican significance",
                country="Kazakhstan",
                sample_size=rng.randint(800, 2500),
                weighting="By gender and age",
                margin_of_error=Decimal("3.0"),
                confidence_level=Decimal("95.0"),
                response_rate=Decimal(rng.randint(5, 40)),
                published=rng.random() > 0.02,
            )
        )
    survey_rows = Survey.objects.bulk_create(survey_rows, batch_size=BATCH)
    report.surveys = len(survey_rows)
    SurveyOrganization.objects.bulk_create(
        [
            SurveyOrganization(survey_id=s.pk, organization_id=org.pk, role=role, position=n)
            for s in survey_rows
            for n, (org, role) in enumerate(
                zip(rng.sample(orgs, 3), enums.SurveyOrganizationRole.values, strict=False)
            )
        ],
        batch_size=BATCH,
    )
    compositions = []
    for s in survey_rows:
        men = Decimal(rng.randint(440, 560)) / 10
        for dimension, pairs in (
            (enums.CompositionDimension.GENDER, (("Men", men), ("Women", 100 - men))),
            (enums.CompositionDimension.LANGUAGE, (("Russian", 60), ("Kazakh", 40))),
        ):
            for n, (category, percent) in enumerate(pairs):
                compositions.append(
                    SampleComposition(
                        survey_id=s.pk,
                        dimension=dimension,
                        category=category,
                        percent=percent,
                        position=n,
                    )
                )
    SampleComposition.objects.bulk_create(compositions, batch_size=BATCH)
    survey_sources = Survey.sources.through
    survey_sources.objects.bulk_create(
        [
            survey_sources(survey_id=s.pk, sourcedocument_id=documents[n].pk)
            for n, s in enumerate(survey_rows)
        ],
        batch_size=BATCH,
    )
    survey_topics = Survey.topics.through
    survey_topics.objects.bulk_create(
        [
            survey_topics(survey_id=s.pk, topic_id=t.pk)
            for s in survey_rows
            for t in rng.sample(topics, 2)
        ],
        batch_size=BATCH,
    )

    questions = []
    for n, s in enumerate(survey_rows):
        for number in range(1, questions_per_survey + 1):
            topic = rng.choice(topics)
            questions.append(
                Question(
                    survey_id=s.pk,
                    number=number,
                    text=f"How do you feel about the authorities' record on {topic.name.lower()}?",
                    short_label=f"{topic.name}: view {number}",
                    kind=enums.QuestionKind.MULTIPLE
                    if rng.random() < 0.1
                    else enums.QuestionKind.SINGLE,
                    topline_complete=rng.random() > 0.05,
                    source_id=documents[n].pk,
                    source_quote="A survey found that 42.0% agree.",
                )
            )
    questions = Question.objects.bulk_create(questions, batch_size=BATCH)
    report.questions = len(questions)
    question_topics = Question.topics.through
    question_topics.objects.bulk_create(
        [question_topics(question_id=q.pk, topic_id=rng.choice(topics).pk) for q in questions],
        batch_size=BATCH,
    )
    results, nets = [], []
    for q in questions:
        options = rng.choice(OPTIONS)
        shares = _shares(rng, len(options))
        for position, (label, percent) in enumerate(zip(options, shares, strict=True)):
            results.append(
                Result(
                    question_id=q.pk,
                    position=position * 10 + 10,
                    label=label,
                    percent=percent,
                    source_quote=f"{percent}% answered “{label.lower()}”.",
                )
            )
        if len(options) == 5:  # trust scale: a net over the two trust options
            nets.append((q.pk, shares[0] + shares[1]))
    results = Result.objects.bulk_create(results, batch_size=BATCH)
    net_rows = Result.objects.bulk_create(
        [
            Result(question_id=qid, position=1, label="Trust", percent=total, is_net=True)
            for qid, total in nets
        ],
        batch_size=BATCH,
    )
    net_of = {net.question_id: net.pk for net in net_rows}
    parts = [r for r in results if r.question_id in net_of and r.position in (10, 20)]
    for part in parts:
        part.net_id = net_of[part.question_id]
    Result.objects.bulk_update(parts, ["net"], batch_size=BATCH)
    report.results = len(results) + len(net_rows)

    return survey_rows
