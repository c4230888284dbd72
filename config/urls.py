from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kb.media.files import media_file


class FaviconRedirect(RedirectView):
    # Resolved per request: the hashed name exists only once the static files are collected.
    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


# Unprefixed, in one language whatever the reader's: the admin (in the staff member's chosen
# language, kb.i18n.AdminLanguageMiddleware), the API (data, not interface), the language choice.
urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; the file is a hashed static file.
    path("favicon.ico", FaviconRedirect.as_view()),
    path("api/", include("kb.api.urls")),
    # Uploaded recordings and materials, each checked against who may see it (kb/media/files.py).
    path("media/<path:name>", media_file, name="media-file"),
    path("i18n/", include("django.conf.urls.i18n")),
]
# What readers read: English at today's addresses, Russian under /ru/, Kazakh under /kk/.
urlpatterns += i18n_patterns(
    path("search/", include("kb.search.urls")),
    # Downloads, feeds, sitemap: before the pages so /events/feed.ics is not taken for a slug.
    path("", include("kb.exports.urls")),
    path("", include("kb.urls")),
    prefix_default_language=False,
)
