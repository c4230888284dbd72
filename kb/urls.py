from django.urls import path

from kb.views import pages, questions

app_name = "kb"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("events/", pages.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", pages.EventDetailView.as_view(), name="event-detail"),
    path("people/", pages.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", pages.PersonDetailView.as_view(), name="person-detail"),
    path("organizations/", pages.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        pages.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("topics/", pages.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", pages.TopicDetailView.as_view(), name="topic-detail"),
    path("surveys/", pages.SurveyListView.as_view(), name="survey-list"),
    path("surveys/<slug:slug>/", pages.SurveyDetailView.as_view(), name="survey-detail"),
    path(
        "surveys/<slug:slug>/questions/<int:number>/",
        questions.QuestionDetailView.as_view(),
        name="question-detail",
    ),
    path("series/", questions.SeriesListView.as_view(), name="series-list"),
    path("series/<slug:slug>/", questions.SeriesDetailView.as_view(), name="series-detail"),
    path("documents/<slug:slug>/", pages.DocumentDetailView.as_view(), name="document-detail"),
]
