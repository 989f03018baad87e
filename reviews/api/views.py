"""The API v2 endpoints (DESIGN §4): pages with reviews, films, images, documents and previews.

cms/api.py registers them; the fields each model shows are declared in fields.py.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, SignatureExpired
from django.db import models
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from rest_framework.renderers import JSONRenderer
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import DetailUrlField, PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from ..models import Film, ReviewPage
from ..seo import ancestors
from .fields import API_FIELDS
from .filters import (
    FILM_FILTERS,
    REVIEW_FILTERS,
    FilmGenreFilter,
    ReviewFilter,
    ReviewOrderingFilter,
    ReviewSearchFilter,
)

MAX_OFFSET = 1_000_000
# Query parameters that name a page by id: parsed here, before Wagtail's filters use them.
PAGE_ID_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")


def check_search(query):
    """Queries the search backends turn into a server error (found by schemathesis)."""
    if "\x00" in query:
        raise BadRequestError("search must not contain NUL characters")
    if not query.split():
        raise BadRequestError("search needs at least one word")
    if query.count('"') % 2:
        raise BadRequestError("search has an unmatched quotation mark")


def parse_value(field, name, value):
    """`value` as `field` stores it, within the field's limits (and the database's range for
    integers); otherwise a 400 naming the parameter."""
    try:
        python = field.to_python(value)
        field.run_validators(python)
    except ValidationError as e:
        raise BadRequestError(f"{name}: {' '.join(e.messages)}") from e
    return python


def parse_id(model, name, value):
    return parse_value(model._meta.pk, name, value)


class BoundedPagination(WagtailPagination):
    """Stock v2 passes any offset to the database; one past SQLite's integers is a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class ParsedFieldsFilter(FieldsFilter):
    """Wagtail's `?<field>=<value>` filters, with each value parsed by its model field first:
    stock v2 hands `score=abc` or an id past the database's integers to the query (a 500)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        for name in view.get_available_fields(model, db_fields_only=True):
            if name not in request.GET or name == "locale":
                continue
            field = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                parse_value(field.target_field, name, request.GET[name])
            elif not isinstance(field, TaggableManager | models.BooleanField):
                parse_value(field, name, request.GET[name])
        return super().filter_queryset(request, queryset, view)


class APIViewSetMixin:
    """What every endpoint shares: JSON only, parameters parsed into 400s with a JSON `message`,
    and the fields of the models that fields.py declares."""

    pagination_class = BoundedPagination
    # Wagtail adds DRF's browsable HTML renderer for any browser; the public API speaks JSON.
    renderer_classes = [JSONRenderer]

    @classmethod
    def get_body_fields(cls, model):
        return [*super().get_body_fields(model), *API_FIELDS.get(model, [])]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        if (search := self.request.GET.get("search")) is not None:
            check_search(search)
        for name in PAGE_ID_PARAMETERS:
            if (value := self.request.GET.get(name, "root")) != "root":
                parse_id(Page, name, value)

    def get_object(self):
        # An id past the database's integers names nothing.
        try:
            parse_id(self.model, "id", self.kwargs["pk"])
        except BadRequestError as e:
            raise Http404("not found") from e
        return super().get_object()

    def find_object(self, queryset, request):
        if "id" in request.GET:
            parse_id(queryset.model, "id", request.GET["id"])
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        # DRF's own errors (a wrong method, a refused preview) say `detail`; the API says `message`.
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            response.data = {"message": str(response.data["detail"])}
        return response


def with_api_relations(reviews):
    """A review item shows its card's relations, and the film's credits, tags and owner."""
    return (
        reviews.with_card_relations()
        .select_related("owner", "locale")
        .prefetch_related("film__credits", "tags")
    )


class KnownParentField(PageParentField):
    """meta.parent, without a query when the view has already found the visible parent."""

    def get_attribute(self, instance):
        if hasattr(instance, "visible_parent"):
            return instance.visible_parent
        return super().get_attribute(instance)


class ReviewPageSerializer(PageSerializer):
    parent = KnownParentField(read_only=True)


class ReviewPagesAPIViewSet(APIViewSetMixin, PagesAPIViewSet):
    """/api/v2/pages/: Wagtail's pages endpoint; with `type=reviews.ReviewPage`, the reviews,
    newest first unless ordered, with their own filters and orders."""

    base_serializer_class = ReviewPageSerializer
    filter_backends = [
        ParsedFieldsFilter,
        ReviewFilter,
        *[
            {OrderingFilter: ReviewOrderingFilter, SearchFilter: ReviewSearchFilter}.get(b, b)
            for b in PagesAPIViewSet.filter_backends
            if b is not FieldsFilter
        ],
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(REVIEW_FILTERS)

    def get_base_queryset(self):
        # Building it queries view restrictions; a listing asks for it several times.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ReviewPage):
            return with_api_relations(queryset).newest_first()
        return queryset

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = self.find_review() or super().get_object()
        return self._object

    def find_review(self):
        """The detail's review with its relations, fetched at once (stock v2 fetches the
        generic page, then the specific one, then each relation)."""
        try:
            pk = parse_id(ReviewPage, "id", self.kwargs["pk"])
        except BadRequestError:
            return None
        visible = self.get_base_queryset().values("pk")
        review = with_api_relations(ReviewPage.objects.filter(pk=pk, pk__in=visible)).first()
        if review:
            # The breadcrumbs query all ancestors; meta.parent reuses the last. A public page has
            # no restricted ancestor, so its parent is visible exactly when it is live.
            parent = ancestors(review, self.request)[-1]
            review.visible_parent = parent if parent.live else None
        return review


class NewPageDetailUrlField(DetailUrlField):
    """A page being previewed before its first save has no id, so no detail URL yet: null."""

    def get_attribute(self, instance):
        return super().get_attribute(instance) if instance.pk else None

    def openapi_schema(self, openapi):
        return openapi.nullable(openapi.URL)


class PagePreviewSerializer(ReviewPageSerializer):
    detail_url = NewPageDetailUrlField(read_only=True)


class PagePreviewAPIViewSet(ReviewPagesAPIViewSet):
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


class FilmsAPIViewSet(APIViewSetMixin, BaseAPIViewSet):
    """/api/v2/films/: films with their live reviews; ?genre=<slug>, ?year=, ?search=."""

    model = Film
    filter_backends = [ParsedFieldsFilter, FilmGenreFilter, OrderingFilter, SearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(FILM_FILTERS)
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "year",
        "release_date",
        "genres",
        "reviews",
    ]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title", "year"]

    def get_queryset(self):
        films = (
            Film.objects.reviewed()
            .select_related("poster")
            .prefetch_related("genres", "credits", "poster__renditions")
        )
        return films.with_live_reviews().order_by("title", "year", "pk")


class ImagesAPIViewSet(APIViewSetMixin, ImagesAPIViewSet):
    pass


class DocumentsAPIViewSet(APIViewSetMixin, DocumentsAPIViewSet):
    pass
