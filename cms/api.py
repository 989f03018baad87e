"""The API v2 router (DESIGN §4): which endpoint answers where; they live in reviews/api/ (and
the pages endpoint's draft access in cms/apikeys/)."""

from wagtail.api.v2.router import WagtailAPIRouter

from cms.apikeys.views import PagesWithDraftsAPIViewSet
from reviews.api.views import (
    CriticsAPIViewSet,
    DocumentsAPIViewSet,
    FilmsAPIViewSet,
    GenresAPIViewSet,
    ImagesAPIViewSet,
    TagsAPIViewSet,
)

ENDPOINTS = (
    ("pages", PagesWithDraftsAPIViewSet),
    ("images", ImagesAPIViewSet),
    ("documents", DocumentsAPIViewSet),
    ("films", FilmsAPIViewSet),
    ("genres", GenresAPIViewSet),
    ("tags", TagsAPIViewSet),
    ("critics", CriticsAPIViewSet),
)

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in ENDPOINTS:
    api_router.register_endpoint(name, viewset)
