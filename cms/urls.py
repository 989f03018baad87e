from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router
from .openapi import openapi_view


def robots_txt(request):
    # Lighthouse's SEO audit reads it; the admin is no place for crawlers.
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/openapi.json", openapi_view, name="openapi"),
    path("api/v2/", api_router.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
