from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.admin_guards import guard_admin_urls
from home import views as home_views
from home.sitemap import LocalizedSitemap, PublicViewsSitemap

# Per-page checks on Wagtail's admin views that show a page without asking (core/admin_guards.py).
guard_admin_urls(wagtailadmin_urls.urlpatterns)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": LocalizedSitemap, "views": PublicViewsSitemap}},
        name="sitemap",
    ),
    path("text-size/", core_views.text_size, name="text_size"),
    path("api/registry/", include("registry.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Language-prefixed public URLs: /fi/, /sv/, /en/, /fi-x-selko/. A bare "/" is redirected by
# LocaleMiddleware to the language the browser asks for.
urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    # Each app's own public views; Wagtail's page tree comes last.
    path("", include("regions.urls")),
    path("", include("partners.urls")),
    path("", include("materials.urls")),
    path("", include("shows.urls")),
    path("", include("registry.urls")),
    path("", include("stats.urls")),
    path("", include("accounts.urls")),  # two-factor authentication pages
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "core.views.server_error"
