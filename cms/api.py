"""The API v2 router: the public, read-only headless API (DESIGN §4)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from reviews.models import ReviewPage


class ReviewAwarePagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ReviewPage):
            # One query per relation for the whole listing, however many reviews it holds.
            queryset = queryset.select_related(
                "film", "film__poster", "owner", "locale"
            ).prefetch_related("film__genres", "film__credits", "tags")
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ReviewAwarePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
