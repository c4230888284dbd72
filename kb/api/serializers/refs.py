"""Shared pieces: the linked records every representation embeds (a name, a slug, a link)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kb import visibility
from kb.models import (
    Organization,
    Person,
    Survey,
    Topic,
)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def percent_field(**kwargs):
    # Numbers, not strings: what pandas and R expect in a column of shares.
    return serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, **kwargs
    )


class PageUrlField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "kind"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name"]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name"]


class RoleOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    role = serializers.CharField()


class EventPersonSerializer(serializers.Serializer):
    slug = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")
    role = serializers.CharField()
    position = serializers.IntegerField()
    affiliation = serializers.SerializerMethodField()
    talk_title = serializers.CharField()

    def get_affiliation(self, link) -> str:
        return visibility.shown_affiliation(link)


class SurveyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["slug", "title"]
