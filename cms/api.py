"""The API v2 router: the public, read-only headless API (DESIGN §4)."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import DetailUrlField, PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from cms.apikeys.views import DraftPagesMixin
from reviews.api import (
    REVIEW_FILTERS,
    FilmsAPIViewSet,
    PublishedSinceFilter,
    ReviewFilter,
    ReviewOrderingFilter,
    ReviewSearchFilter,
)
from reviews.models import BYLINE, ReviewPage
from reviews.seo import ancestors

from .search import MAX_SEARCH_WORDS, query_words

MAX_OFFSET = 1_000_000


class BoundedPagination(WagtailPagination):
    """Stock v2 passes any offset to the database; one past SQLite's integers is a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


def check_search(query):
    """Queries the search backends turn into a server error (found by schemathesis)."""
    if "\x00" in query:
        raise BadRequestError("search must not contain NUL characters")
    if not query.split():
        raise BadRequestError("search needs at least one word")
    if query.count('"') % 2:
        raise BadRequestError("search has an unmatched quotation mark")
    if len(query_words(query)) > MAX_SEARCH_WORDS:
        raise BadRequestError(f"search has more than {MAX_SEARCH_WORDS} words")


class SafeParametersMixin:
    """Bad parameter values answer 400 with a JSON message, never 500.

    Stock v2 lets some values reach the database: a non-decimal `score=abc` (a ValidationError
    from the field), an id past SQLite's integers (OverflowError), `find/?id=abc` (ValueError).
    """

    pagination_class = BoundedPagination
    # Wagtail adds DRF's browsable HTML renderer for any browser; the public API speaks JSON.
    renderer_classes = [JSONRenderer]

    def filter_queryset(self, queryset):
        if (search := self.request.GET.get("search")) is not None:
            check_search(search)
        return super().filter_queryset(queryset)

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError | ValueError | OverflowError):
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            exc = BadRequestError(f"invalid parameter value: {message}")
        return super().handle_exception(exc)


def with_review_relations(queryset):
    """One query per relation for a whole listing, however many reviews it holds."""
    return queryset.select_related("film", "film__poster", "owner", "locale").prefetch_related(
        "film__genres",
        "film__credits",
        "film__poster__renditions",
        "tags",
        BYLINE,
    )


class KnownParentField(PageParentField):
    """meta.parent, without a query when the view already knows the parent's visibility."""

    def get_attribute(self, instance):
        if hasattr(instance, "parent_is_visible"):
            return instance.get_parent() if instance.parent_is_visible else None
        return super().get_attribute(instance)


class ReviewAwarePageSerializer(PageSerializer):
    parent = KnownParentField(read_only=True)


class ReviewAwarePagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    base_serializer_class = ReviewAwarePageSerializer
    filter_backends = [
        FieldsFilter,
        PublishedSinceFilter,
        ReviewFilter,
        *[
            {OrderingFilter: ReviewOrderingFilter, SearchFilter: ReviewSearchFilter}.get(b, b)
            for b in PagesAPIViewSet.filter_backends
            if b is not FieldsFilter
        ],
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        REVIEW_FILTERS, ["published_since"]
    )
    # When each page last went live: what a static front end compares to rebuild what changed.
    meta_fields = [*PagesAPIViewSet.meta_fields, "last_published_at"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "last_published_at"]

    def get_base_queryset(self):
        # Building it queries view restrictions; a listing asks for it several times.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        return (
            with_review_relations(queryset) if issubclass(queryset.model, ReviewPage) else queryset
        )

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = self.find_review() or super().get_object()
        return self._object

    def find_review(self):
        """The detail's review with its relations, fetched at once (stock v2 fetches the
        generic page, then the specific one, then each relation)."""
        visible = self.get_base_queryset().values("pk")
        reviews = ReviewPage.objects.filter(pk=self.kwargs["pk"], pk__in=visible)
        review = with_review_relations(reviews).first()
        if review:
            # The breadcrumbs query all ancestors; meta.parent reuses the last. A public page has
            # no restricted ancestor, so its parent is visible exactly when it is live.
            review._cached_parent_obj = parent = ancestors(review, self.request)[-1]
            review.parent_is_visible = parent.live
        return review


class NewPageDetailUrlField(DetailUrlField):
    """A page being previewed before its first save has no id, so no detail URL yet: null."""

    def get_attribute(self, instance):
        return super().get_attribute(instance) if instance.pk else None

    def openapi_schema(self, openapi):
        return openapi.nullable(openapi.URL)


class PagePreviewSerializer(ReviewAwarePageSerializer):
    detail_url = NewPageDetailUrlField(read_only=True)


class PagePreviewAPIViewSet(ReviewAwarePagesAPIViewSet):
    """/api/v2/page_preview/?content_type=reviews.reviewpage&token=…: the unsaved edit an editor is
    previewing in the front end, in the same shape as the pages detail (wagtail-headless-preview).

    The token is the library's signed one; its age is checked here (the library never expires it).
    A review never saved yet has `id` and `meta.detail_url` null.
    """

    base_serializer_class = PagePreviewSerializer

    def detail_view(self, request):
        response = super().detail_view(request, pk=None)
        # Drafts: never stored by a browser or a shared cache, whoever asks.
        add_never_cache_headers(response)
        return response

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = self.find_preview()
        return self._object

    def find_preview(self):
        label, token = self.request.GET.get("content_type", ""), self.request.GET.get("token", "")
        if not label or not token:
            raise BadRequestError("content_type and token are required")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        if not (model and issubclass(model, Page) and issubclass(model, HeadlessPreviewMixin)):
            raise BadRequestError(f"content_type '{label}' has no preview")
        try:
            model.get_preview_signer().unsign(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
        except SignatureExpired as e:
            raise PermissionDenied("preview token has expired: open the preview again") from e
        except BadSignature as e:
            raise PermissionDenied("preview token is not valid") from e
        preview = PagePreview.objects.filter(
            token=token, content_type=ContentType.objects.get_for_model(model)
        ).first()
        if preview is None:
            raise Http404("no preview for this token and content_type")
        return preview.as_page()

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            return Response({"message": str(exc)}, status=403)
        return super().handle_exception(exc)


class PagesWithDraftsAPIViewSet(DraftPagesMixin, ReviewAwarePagesAPIViewSet):
    """The pages endpoint; a draft API key shows the latest revisions (cms.apikeys)."""


class SafeImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    pass


class SafeDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    pass


class SafeFilmsAPIViewSet(SafeParametersMixin, FilmsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesWithDraftsAPIViewSet)
api_router.register_endpoint("images", SafeImagesAPIViewSet)
api_router.register_endpoint("documents", SafeDocumentsAPIViewSet)
api_router.register_endpoint("films", SafeFilmsAPIViewSet)
