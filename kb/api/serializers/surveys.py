"""Surveys, their questions and results, and sample composition."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from kb import visibility
from kb.api.markdown import MarkdownHTMLField, markdown_help
from kb.models import (
    Question,
    Result,
    SampleComposition,
    Survey,
)

from .refs import (
    PageUrlField,
    PersonRefSerializer,
    RoleOrganizationSerializer,
    SurveyRefSerializer,
    TopicRefSerializer,
    percent_field,
)


class ResultSerializer(serializers.ModelSerializer):
    percent = percent_field(allow_null=True)
    net = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = ["position", "label", "percent", "qualifier", "is_net", "net", "source_quote"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_net(self, result):
        """The label of the net this option is part of, if any."""
        nets = {r.pk: r for r in result.question.ordered_results()}
        net = nets.get(result.net_id)
        return net.label if net else None


class QuestionSerializer(serializers.ModelSerializer):
    page_url = PageUrlField()
    results = ResultSerializer(many=True, source="ordered_results")
    topics = serializers.SerializerMethodField()

    note_html = MarkdownHTMLField("note")

    class Meta:
        model = Question
        extra_kwargs = markdown_help("note")
        fields = [
            "number",
            "page_url",
            "text",
            "short_label",
            "kind",
            "topline_complete",
            "base",
            "note",
            "note_html",
            "topics",
            "source_quote",
            "results",
        ]

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


class SeriesRefSerializer(serializers.Serializer):
    slug = serializers.CharField(source="series.slug")
    title = serializers.CharField(source="series.title")
    comparability = serializers.CharField()
    wording_note = serializers.CharField()


class QuestionInSurveySerializer(QuestionSerializer):
    """A question on its own (the questions endpoint): says which survey it belongs to, and
    the question series it is a wave of."""

    survey = SurveyRefSerializer()
    series = serializers.SerializerMethodField()

    class Meta(QuestionSerializer.Meta):
        fields = ["survey", *QuestionSerializer.Meta.fields, "series"]

    @extend_schema_field(SeriesRefSerializer(many=True))
    def get_series(self, question):
        waves = [w for w in question.series_waves.all() if w.series.published]
        return SeriesRefSerializer(waves, many=True).data


class CompositionSerializer(serializers.ModelSerializer):
    percent = percent_field()

    class Meta:
        model = SampleComposition
        fields = ["dimension", "category", "percent"]


class SurveySerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:survey-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    results_csv_url = serializers.SerializerMethodField()
    ddi_url = serializers.SerializerMethodField()
    margin_of_error = percent_field(allow_null=True)
    confidence_level = percent_field(allow_null=True)
    design_effect = serializers.DecimalField(
        max_digits=4, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    response_rate = percent_field(allow_null=True)
    organizations = serializers.SerializerMethodField()
    composition = CompositionSerializer(many=True)
    contact = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True)

    summary_html = MarkdownHTMLField("summary")

    class Meta:
        model = Survey
        extra_kwargs = markdown_help("summary")
        fields = [
            "slug",
            "api_url",
            "page_url",
            "results_csv_url",
            "ddi_url",
            "title",
            "headline",
            "summary",
            "summary_html",
            "field_start",
            "field_end",
            "mode",
            "mode_detail",
            "sampling",
            "population",
            "geography",
            "country",
            "sample_size",
            "weighting",
            "margin_of_error",
            "margin_qualifier",
            "confidence_level",
            "design_effect",
            "response_rate",
            "methodology_note",
            "organizations",
            "composition",
            "contact",
            "topics",
            "questions",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_results_csv_url(self, survey):
        return reverse(
            "exports:survey-results-csv", args=[survey.slug], request=self.context.get("request")
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_ddi_url(self, survey):
        """The survey as a DDI Codebook 2.5 document."""
        return reverse(
            "exports:survey-ddi", args=[survey.slug], request=self.context.get("request")
        )

    @extend_schema_field(RoleOrganizationSerializer(many=True))
    def get_organizations(self, survey):
        return RoleOrganizationSerializer(
            visibility.public_organization_roles(survey), many=True
        ).data

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_contact(self, survey):
        contact = visibility.survey_contact(survey)
        return PersonRefSerializer(contact).data if contact else None

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


# --- Search ---------------------------------------------------------------------------------------
