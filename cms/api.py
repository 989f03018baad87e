"""The API v2 router: the public, read-only headless API (DESIGN §4)."""

from django.core.exceptions import ValidationError
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from reviews.models import ReviewPage

MAX_OFFSET = 1_000_000


class BoundedPagination(WagtailPagination):
    """Stock v2 passes any offset to the database; one past SQLite's integers is a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class SafeParametersMixin:
    """Bad parameter values answer 400 with a JSON message, never 500.

    Stock v2 lets some values reach the database: a non-decimal `score=abc` (a ValidationError
    from the field), an id past SQLite's integers (OverflowError), `find/?id=abc` (ValueError).
    """

    pagination_class = BoundedPagination

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError | ValueError | OverflowError):
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            exc = BadRequestError(f"invalid parameter value: {message}")
        return super().handle_exception(exc)


class ReviewAwarePagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ReviewPage):
            # One query per relation for the whole listing, however many reviews it holds.
            queryset = queryset.select_related(
                "film", "film__poster", "owner", "locale"
            ).prefetch_related("film__genres", "film__credits", "tags")
        return queryset


class SafeImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    pass


class SafeDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ReviewAwarePagesAPIViewSet)
api_router.register_endpoint("images", SafeImagesAPIViewSet)
api_router.register_endpoint("documents", SafeDocumentsAPIViewSet)
