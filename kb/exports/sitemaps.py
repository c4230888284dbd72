"""/sitemap.xml: every public page (lists, and each published record's page), in each language,
each address with its hreflang alternates (the same page in the other languages)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kb.models import (
    Event,
    Organization,
    Person,
    Question,
    QuestionSeries,
    SourceDocument,
    Survey,
    Topic,
)


class LanguagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ListPagesSitemap(LanguagesSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "kb:home",
            "kb:event-list",
            "kb:person-list",
            "kb:organization-list",
            "kb:topic-list",
            "kb:survey-list",
            "kb:series-list",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(LanguagesSitemap):
    changefreq = "weekly"

    def __init__(self, queryset, priority=0.5):
        self.queryset = queryset
        self.priority = priority

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "pages": ListPagesSitemap,
    "events": RecordSitemap(Event.objects.published(), priority=0.8),
    "surveys": RecordSitemap(Survey.objects.published(), priority=0.8),
    "questions": RecordSitemap(Question.objects.published().select_related("survey")),
    "series": RecordSitemap(QuestionSeries.objects.published(), priority=0.6),
    "people": RecordSitemap(Person.objects.public()),
    "organizations": RecordSitemap(Organization.objects.published()),
    "topics": RecordSitemap(Topic.objects.published()),
    "documents": RecordSitemap(SourceDocument.objects.published(), priority=0.3),
}
