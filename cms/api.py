"""The API v2 router (DESIGN §4): which endpoint answers where; they live in reviews/api/."""

from wagtail.api.v2.router import WagtailAPIRouter

from reviews.api.views import (
    DocumentsAPIViewSet,
    FilmsAPIViewSet,
    ImagesAPIViewSet,
    ReviewPagesAPIViewSet,
)

ENDPOINTS = (
    ("pages", ReviewPagesAPIViewSet),
    ("images", ImagesAPIViewSet),
    ("documents", DocumentsAPIViewSet),
    ("films", FilmsAPIViewSet),
)

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in ENDPOINTS:
    api_router.register_endpoint(name, viewset)
