"""Events, people, organizations and topics: only what their public pages show (kb.visibility)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from kb import visibility
from kb.api.markdown import HTML_HELP, MARKDOWN_HELP, MarkdownHTMLField, markdown_help
from kb.models import (
    Event,
    Organization,
    Person,
    Topic,
)
from kb.text import render_markdown

from .media import MaterialSerializer, RecordingSerializer
from .refs import (
    EventPersonSerializer,
    OrganizationRefSerializer,
    PageUrlField,
    RoleOrganizationSerializer,
    SurveyRefSerializer,
    TopicRefSerializer,
    lines,
)


class EventSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    ics_url = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    organizations = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    surveys = serializers.SerializerMethodField()
    recordings = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()

    description_html = MarkdownHTMLField("description")

    class Meta:
        model = Event
        extra_kwargs = markdown_help("description")
        fields = [
            "slug",
            "api_url",
            "page_url",
            "ics_url",
            "title",
            "subtitle",
            "kind",
            "format",
            "date",
            "start_time",
            "end_time",
            "time_zone",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "summary",
            "description",
            "description_html",
            "organizations",
            "people",
            "topics",
            "surveys",
            "recordings",
            "materials",
        ]

    # Null when the time is unknown: the schema says so, or a client generated from it rejects
    # the answer (schemathesis found these).
    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_starts_at(self, event):
        """Local start with its UTC offset; null when only the date is known."""
        return event.starts_at.isoformat() if event.starts_at else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_ends_at(self, event):
        return event.ends_at.isoformat() if event.ends_at else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, event):
        return reverse("exports:event-ics", args=[event.slug], request=self.context.get("request"))

    @extend_schema_field(RoleOrganizationSerializer(many=True))
    def get_organizations(self, event):
        return RoleOrganizationSerializer(
            visibility.public_organization_roles(event), many=True
        ).data

    @extend_schema_field(EventPersonSerializer(many=True))
    def get_people(self, event):
        return EventPersonSerializer(visibility.public_person_roles(event), many=True).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data

    @extend_schema_field(SurveyRefSerializer(many=True))
    def get_surveys(self, event):
        return SurveyRefSerializer(visibility.public_surveys(event), many=True).data

    @extend_schema_field(RecordingSerializer(many=True))
    def get_recordings(self, event):
        recordings = visibility.public_recordings(event)
        return RecordingSerializer(recordings, many=True, context=self.context).data

    @extend_schema_field(MaterialSerializer(many=True))
    def get_materials(self, event):
        materials = visibility.public_materials(event)
        return MaterialSerializer(materials, many=True, context=self.context).data


class AffiliationSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    title = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    date_note = serializers.CharField()


class PersonEventSerializer(serializers.Serializer):
    slug = serializers.CharField(source="event.slug")
    title = serializers.CharField(source="event.title")
    date = serializers.DateField(source="event.date")
    role = serializers.CharField()


class PersonSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    alternate_names = serializers.SerializerMethodField()
    bio = serializers.SerializerMethodField(help_text=MARKDOWN_HELP.format("bio"))
    bio_html = serializers.SerializerMethodField(help_text=HTML_HELP.format("bio"))
    research_interests = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    affiliations = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "sort_name",
            "alternate_names",
            "bio",
            "bio_html",
            "photo",
            "website",
            "research_interests",
            "affiliations",
            "topics",
            "events",
        ]

    def get_alternate_names(self, person) -> list[str]:
        return person.alternate_name_list

    def get_bio(self, person) -> str:
        """Empty when the person's biography is withheld."""
        return visibility.public_bio(person)

    def get_bio_html(self, person) -> str:
        return render_markdown(visibility.public_bio(person))

    def get_research_interests(self, person) -> str:
        """Empty when withheld with the biography."""
        return visibility.public_research_interests(person)

    @extend_schema_field(
        serializers.CharField(help_text="The photo's URL; empty when none is shown.")
    )
    def get_photo(self, person):
        url = visibility.public_photo_url(person)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url

    @extend_schema_field(AffiliationSerializer(many=True))
    def get_affiliations(self, person):
        return AffiliationSerializer(visibility.public_affiliations(person), many=True).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data

    @extend_schema_field(PersonEventSerializer(many=True))
    def get_events(self, person):
        links = [link for link in person.event_roles.all() if link.event.published]
        return PersonEventSerializer(links, many=True).data


class OrganizationSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    alternate_names = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()

    description_html = MarkdownHTMLField("description")

    class Meta:
        model = Organization
        extra_kwargs = markdown_help("description")
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "short_name",
            "alternate_names",
            "kind",
            "parent",
            "website",
            "city",
            "country",
            "description",
            "description_html",
            "topics",
        ]

    def get_alternate_names(self, organization) -> list[str]:
        return lines(organization.alternate_names)

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_parent(self, organization):
        parent = organization.parent
        if parent is None or not parent.published:
            return None
        return OrganizationRefSerializer(parent).data

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj):
        return TopicRefSerializer(visibility.public_topics(obj), many=True).data


class TopicSerializer(serializers.HyperlinkedModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:topic-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    parent = serializers.SerializerMethodField()
    alternate_names = serializers.SerializerMethodField()

    description_html = MarkdownHTMLField("description")

    class Meta:
        model = Topic
        extra_kwargs = markdown_help("description")
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "kind",
            "parent",
            "description",
            "description_html",
            "alternate_names",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent(self, topic):
        parent = topic.parent
        return parent.slug if parent is not None and parent.published else None

    def get_alternate_names(self, topic) -> list[str]:
        return topic.alternate_name_list
