"""The question series endpoint: each series with its waves in fieldwork order and their results."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from kb import visibility
from kb.api.serializers import (
    PageUrlField,
    ResultSerializer,
    SurveyRefSerializer,
    TopicRefSerializer,
    percent_field,
)
from kb.api.views import ReadOnlyViewSet
from kb.margins import margin_of
from kb.models import QuestionSeries


class WaveSerializer(serializers.Serializer):
    survey = SurveyRefSerializer(source="question.survey")
    field_start = serializers.DateField(source="question.survey.field_start")
    field_end = serializers.DateField(source="question.survey.field_end")
    question_number = serializers.IntegerField(source="question.number")
    question_text = serializers.CharField(source="question.text")
    question_page_url = serializers.SerializerMethodField()
    question_api_url = serializers.SerializerMethodField()
    comparability = serializers.CharField()
    wording_note = serializers.CharField()
    margin_of_error = serializers.SerializerMethodField()
    margin_source = serializers.SerializerMethodField()
    results = ResultSerializer(many=True, source="question.ordered_results")

    def get_question_page_url(self, wave) -> str:
        request = self.context.get("request")
        url = wave.question.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def get_question_api_url(self, wave) -> str:
        request = self.context.get("request")
        return reverse("api:question-detail", args=[wave.question.pk], request=request)

    @extend_schema_field(percent_field(allow_null=True))
    def get_margin_of_error(self, wave):
        """Percentage points of a 50% share: reported by the survey, or computed from n."""
        margin = margin_of(wave.survey)
        return round(margin.for_share(50), 1) if margin else None

    @extend_schema_field(serializers.ChoiceField(choices=["reported", "computed"], allow_null=True))
    def get_margin_source(self, wave):
        margin = margin_of(wave.survey)
        return str(margin.source) if margin else None


class QuestionSeriesSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:series-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    topics = serializers.SerializerMethodField()
    waves = WaveSerializer(many=True, source="ordered_waves")

    class Meta:
        model = QuestionSeries
        fields = ["slug", "api_url", "page_url", "title", "description", "topics", "waves"]

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


class QuestionSeriesViewSet(ReadOnlyViewSet):
    """Questions asked in several surveys, each wave (a published survey's question) in
    fieldwork order with its results: the data of a trend."""

    serializer_class = QuestionSeriesSerializer
    filterset_class = None

    def get_queryset(self):
        return QuestionSeries.objects.published().with_detail_related().order_by("title", "pk")
