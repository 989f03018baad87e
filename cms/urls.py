from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from reviews.api.openapi import openapi_view
from reviews.api.views import PagePreviewAPIViewSet, not_found
from reviews.feeds import LatestReviewsAtomFeed, LatestReviewsFeed
from reviews.views import critic, critics, robots_txt, search, sitemap_index, sitemap_section

from .api import ENDPOINTS, api_router
from .changes.api import ChangesView
from .changes.api import openapi_paths as changes_paths
from .files.views import image_original, media

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("images/<int:image_id>/original/", image_original, name="image_original"),
    path(
        "api/v2/openapi.json",
        openapi_view,
        {"router": api_router, "endpoints": ENDPOINTS, "extra_paths": (changes_paths,)},
        name="openapi",
    ),
    # Beside the router, not in it: the router gives each endpoint listing, detail and find routes.
    path(
        "api/v2/page_preview/",
        api_router.wrap_view(PagePreviewAPIViewSet.as_view({"get": "detail_view"})),
        name="page_preview",
    ),
    path("api/v2/changes/", ChangesView.as_view(), name="changes"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", not_found),
    path("feed/", LatestReviewsFeed(), name="feed_rss"),
    path("feed/atom/", LatestReviewsAtomFeed(), name="feed_atom"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("search/", search, name="search"),
    path("critics/", critics, name="critics"),
    path("critics/<str:slug>/", critic, name="critic"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", media),
    ]

urlpatterns += [path("", include(wagtail_urls))]

# A lost database answers 503 with Retry-After instead of 500 (cms/errors.py).
handler500 = "cms.errors.server_error"
