from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("kb.api.urls")),
    path("search/", include("kb.search.urls")),
    # Downloads, feeds, sitemap: before the pages so /events/feed.ics is not taken for a slug.
    path("", include("kb.exports.urls")),
    path("", include("kb.urls")),
]
