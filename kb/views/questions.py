"""A page per survey question, and a page per question series (the same question over waves)."""

from django.http import Http404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from kb.margins import MARGIN_RULES, margin_of
from kb.models import Question, QuestionSeries
from kb.passages import PassageLinks
from kb.text import render_markdown
from kb.views.charts import build_trend, leading_comparison, result_rows
from kb.views.pages import VisibleMixin
from kb.visibility import is_staff


class QuestionDetailView(DetailView):
    model = Question
    context_object_name = "question"

    def get_object(self, queryset=None):
        user = self.request.user
        question = (
            Question.objects.visible_to(user)
            .with_page_related(user)
            .filter(survey__slug=self.kwargs["slug"], number=self.kwargs["number"])
            .first()
        )
        if question is None:
            raise Http404("No such question in this survey.")
        return question

    def get_context_data(self, **kwargs):
        question, user = self.object, self.request.user
        survey = question.survey
        margin = margin_of(survey)
        source = question.source
        if source is not None and not (source.published or is_staff(user)):
            source = None
        quotes = []
        for text in [question.source_quote, *(r.source_quote for r in question.ordered_results())]:
            if text and text not in quotes:
                quotes.append(text)
        links = PassageLinks.for_documents([source])
        others = list(
            Question.objects.filter(survey=survey)
            .exclude(pk=question.pk)
            .only("number", "short_label", "text", "survey")
            .order_by("number")
        )
        for other in others:
            other.survey = survey  # their links need its slug: no query per link
        return super().get_context_data(
            survey=survey,
            margin=margin,
            rows=result_rows(question, margin),
            comparison=leading_comparison(question, margin),
            rules=MARGIN_RULES,
            source=source,
            passages=[(text, links.url(source, text)) for text in quotes],
            passage_links=links,
            events=list(survey.events.all()),
            others=others,
            series=[wave.series for wave in question.series_waves.all()],
            api_url=reverse("api:question-detail", args=[question.pk]),
            csv_url=reverse("exports:survey-results-csv", args=[survey.slug]),
            ddi_url=reverse("exports:survey-ddi", args=[survey.slug]),
            **kwargs,
        )


class SeriesListView(VisibleMixin, ListView):
    model = QuestionSeries
    paginate_by = 50
    context_object_name = "series_list"

    def get_queryset(self):
        return super().get_queryset().cards().order_by("title", "pk")


class SeriesDetailView(VisibleMixin, DetailView):
    model = QuestionSeries
    context_object_name = "series"

    def get_queryset(self):
        return super().get_queryset().with_detail_related(self.request.user)

    def get_context_data(self, **kwargs):
        series, user = self.object, self.request.user
        waves = series.ordered_waves()
        events = list(series.events_on_axis(waves, user))
        trend = build_trend(waves, events)
        notes = [column.margin.explanation for column in trend.waves if column.margin]
        return super().get_context_data(
            waves=waves,
            trend=trend,
            rules=MARGIN_RULES,
            description=mark_safe(render_markdown(series.description)),  # noqa: S308 - nh3
            topics=list(series.topics.all()),
            any_within=any(p and p.within for line in trend.lines for p in line.points),
            margin_notes=list(dict.fromkeys(notes)),
            list_url=reverse("kb:series-list"),
            api_url=reverse("api:series-detail", args=[series.slug]),
            **kwargs,
        )
