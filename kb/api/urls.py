from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from kb.api import series, views

app_name = "api"


class KenesAPIRootView(APIRootView):
    """Kenes's read-only API. Its documentation (every endpoint, parameter and field) is at
    `/api/docs/`, the OpenAPI schema at `/api/schema/`; `?output=json` chooses JSON."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["documentation"] = reverse("api:docs", request=request)
        response.data["schema"] = reverse("api:schema", request=request)
        return response


class KenesRouter(DefaultRouter):
    APIRootView = KenesAPIRootView


router = KenesRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("surveys", views.SurveyViewSet, basename="survey")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("series", series.QuestionSeriesViewSet, basename="series")
router.register("search", views.SearchViewSet, basename="search")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files; the "split" view serves its start-up
    # script as a file, so the page runs under the site's CSP (no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
