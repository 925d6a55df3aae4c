from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import ArticleFeed
from articles.sitemaps import SITEMAPS
from refbax import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("feed/", ArticleFeed(), name="feed"),
    path("feed/atom/", ArticleFeed(atom=True), name="feed-atom"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "refbax/sitemap.xml"},
        name="sitemap-section",
    ),
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = views.bad_request
handler404 = views.page_not_found
handler500 = views.server_error
