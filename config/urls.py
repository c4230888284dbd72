from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kb.media.files import media_file


class FaviconRedirect(RedirectView):
    # Resolved per request: the hashed name exists only once the static files are collected.
    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; the file is a hashed static file.
    path("favicon.ico", FaviconRedirect.as_view()),
    path("api/", include("kb.api.urls")),
    # Uploaded recordings and materials, each checked against who may see it (kb/media/files.py).
    path("media/<path:name>", media_file, name="media-file"),
    path("search/", include("kb.search.urls")),
    # Downloads, feeds, sitemap: before the pages so /events/feed.ics is not taken for a slug.
    path("", include("kb.exports.urls")),
    path("", include("kb.urls")),
]
