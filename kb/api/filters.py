"""The API's own filters where no HTML list exists (questions); the rest reuse kb.filters."""

import django_filters

from kb import enums
from kb.filters import published_topics
from kb.models import Question, Survey


def published_surveys(request):
    return Survey.objects.published()


class QuestionFilter(django_filters.FilterSet):
    survey = django_filters.ModelChoiceFilter(
        queryset=published_surveys, to_field_name="slug", label="Survey"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=published_topics, field_name="topics", to_field_name="slug", label="Topic"
    )
    kind = django_filters.ChoiceFilter(choices=enums.QuestionKind.choices, label="Answers")

    class Meta:
        model = Question
        fields = ["survey", "topic", "kind"]
