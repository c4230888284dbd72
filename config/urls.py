from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("kb.api.urls")),
    path("search/", include("kb.search.urls")),
    path("", include("kb.urls")),
]
