"""Downloads and machine-readable views; included before kb.urls so `/events/feed.ics` and
`/events/<slug>.ics` resolve before the event pages."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from kb.exports import citations, ddi, feeds, ics, tables, views
from kb.exports.sitemaps import SITEMAPS

app_name = "exports"

urlpatterns = [
    path("events/feed.ics", ics.events_feed_ics, name="events-feed-ics"),
    path("events/export.csv", tables.event_list_csv, name="event-list-csv"),
    path("events/<slug:slug>.ics", ics.event_ics, name="event-ics"),
    path("events/<slug:slug>/cite.<str:fmt>", citations.event_cite, name="event-cite"),
    path("people/export.csv", tables.person_list_csv, name="person-list-csv"),
    path("surveys/<slug:slug>/results.csv", tables.survey_results_csv, name="survey-results-csv"),
    path("surveys/<slug:slug>/ddi.xml", ddi.survey_ddi, name="survey-ddi"),
    path("surveys/<slug:slug>/cite.<str:fmt>", citations.survey_cite, name="survey-cite"),
    path(
        "surveys/<slug:slug>/questions/<int:number>/cite.<str:fmt>",
        citations.question_cite,
        name="question-cite",
    ),
    path("feeds/latest.rss", feeds.LatestFeed(), name="feed-rss"),
    path("feeds/latest.atom", feeds.LatestAtomFeed(), name="feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
