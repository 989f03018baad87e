"""The API v2 endpoints (DESIGN §4): pages with reviews, films, images, documents and previews.

cms/api.py registers them; the fields each model shows are declared in fields.py.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, SignatureExpired
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from taggit.managers import TaggableManager
from taggit.models import Tag
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import (
    BaseSerializer,
    DetailUrlField,
    PageParentField,
    PageSerializer,
    PageTypeField,
    TypeField,
)
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2 import serializers as documents_serializers
from wagtail.documents.api.v2 import views as documents_views
from wagtail.fields import StreamField
from wagtail.images.api.v2 import serializers as images_serializers
from wagtail.images.api.v2 import views as images_views
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from cms.files.access import public_images
from cms.search import MAX_SEARCH_WORDS, query_words

from ..models import DEEP_OFFSET, Critic, Film, Genre, ReviewPage, deep_page_rows, tags_of
from ..seo import ancestors, page_path
from .fields import API_FIELDS
from .filters import (
    REVIEW_FILTERS,
    SEARCH_TYPES,
    DeclaredOrderingFilter,
    GenreFilter,
    PublishedSinceFilter,
    ReviewFilter,
    SearchThenFilter,
    is_searchable,
    orderings_of,
)

MAX_OFFSET = 1_000_000
# Accepted everywhere and not documented: DRF's renderer choice and a client's cache buster.
UNDOCUMENTED_PARAMETERS = frozenset({"_", "format"})
# Query parameters that name a page by id: parsed here, before Wagtail's filters use them.
PAGE_ID_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")
PAGE_ID_ONLY = ("ancestor_of", "translation_of")  # the others also take `root`
NESTED_FIELDS = ("film",)


def check_search(query):
    if not is_searchable(query):
        raise BadRequestError(
            "search needs at least one word, no NUL character and quotation marks in pairs"
        )
    if len(query_words(query)) > MAX_SEARCH_WORDS:
        raise BadRequestError(f"search has more than {MAX_SEARCH_WORDS} words")


def check_no_nul(params):
    """No query value may hold a NUL character (PostgreSQL cannot store or compare one)."""
    for name, value in params.items():
        if "\x00" in value:
            raise BadRequestError(f"{name} must not contain NUL characters")


def check_present(params, names):
    """A parameter given empty (`order=`) is a mistake, not a default."""
    for name in names:
        if params.get(name) == "":
            raise BadRequestError(f"{name} is empty")


# The validators whose limits the OpenAPI document states (bounds and lengths).
LIMITS = (MinValueValidator, MaxValueValidator, MaxLengthValidator)


def parse_value(field, name, value):
    """`value` as `field` stores it, within the field's bounds and length (and the database's
    range for integers); otherwise a 400 naming the parameter."""
    try:
        python = field.to_python(value)
        if python is None:
            raise ValidationError("needs a value")
        for validator in field.validators:
            if isinstance(validator, LIMITS):
                validator(python)
    except ValidationError as e:
        raise BadRequestError(f"{name}: {' '.join(e.messages)}") from e
    return python


def parse_id(model, name, value):
    """An id: a whole number from 0 to the largest the database stores."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        raise BadRequestError(f"{name} must be a whole number (an id)")
    field = model._meta.pk
    while field.is_relation:  # a page type's id is its link to the generic page
        field = field.target_field
    return parse_value(field, name, value)


class BoundedPagination(WagtailPagination):
    """Stock v2 passes any offset to the database; one past SQLite's integers is a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        page = super().paginate_queryset(queryset, request, view)
        # Search results come ranked by the backend, already a page of rows.
        if isinstance(page, QuerySet) and int(offset) > DEEP_OFFSET:
            return deep_page_rows(queryset, page)
        return page


class ParsedFieldsFilter(FieldsFilter):
    """Wagtail's `?<field>=<value>` filters, with each value parsed by its model field first:
    stock v2 hands `score=abc` or an id past the database's integers to the query (a 500)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        for name in view.get_available_fields(model, db_fields_only=True):
            if name not in request.GET or name == "locale":
                continue
            field = model._meta.get_field(name)
            if isinstance(field, StreamField):
                raise BadRequestError(f"cannot filter by {name}")
            if isinstance(field, TaggableManager | models.BooleanField):
                continue  # names, and Wagtail parses booleans itself
            if field.is_relation:
                parse_id(field.related_model, name, request.GET[name])
            else:
                parse_value(field, name, request.GET[name])
        return super().filter_queryset(request, queryset, view)


class TypedSerializerMixin:
    """Every item names its type in `meta.type`, whatever `fields` chose, so that a listing of
    several types can be told apart (the OpenAPI document's union is discriminated by it)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        meta = data.get("meta", {})
        if "type" not in meta:
            type_field = PageTypeField() if isinstance(instance, Page) else TypeField()
            type_field.bind("type", self)
            data["meta"] = {"type": type_field.to_representation(instance), **meta}
        return data


class TypedSerializer(TypedSerializerMixin, BaseSerializer):
    pass


class APIViewSetMixin:
    """What every endpoint shares: JSON only; parameters parsed into 400s with a JSON `message`;
    declared orders and search over everything the endpoint may show; the fields of the models
    that fields.py declares."""

    pagination_class = BoundedPagination
    # Wagtail adds DRF's browsable HTML renderer for any browser; the public API speaks JSON.
    renderer_classes = [JSONRenderer]
    base_serializer_class = TypedSerializer
    # The public orders (`order=`), by field name; the order without one.
    order_fields = ("id",)
    default_order = ("pk",)
    # A detail always carries every field, so the OpenAPI document marks them all required:
    # `fields`, filters, orders and search are a listing's, and a detail refuses them.
    detail_query_parameters = frozenset({"rich_text_format"})

    @classmethod
    def get_body_fields(cls, model):
        return [*super().get_body_fields(model), *API_FIELDS.get(model, [])]

    @classmethod
    def orderings(cls, model):
        """{name: expression} of the orders that apply to items of `model`."""
        return orderings_of(*cls.order_fields)

    @classmethod
    def all_orderings(cls):
        return cls.orderings(cls.model)

    def searchable(self, model):
        """What `search` looks through; the view's other filters then apply."""
        return model.objects.all()

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        check_no_nul(params)
        check_present(params, ["order", "fields", "search_type", "search_operator"])
        if (search := params.get("search")) is not None:
            check_search(search)
        if params.get("search_type", "full") not in SEARCH_TYPES:
            raise BadRequestError(f"search_type must be one of: {', '.join(SEARCH_TYPES)}")
        if params.get("search_operator", "or") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        for name in PAGE_ID_PARAMETERS:
            value = params.get(name)
            if value is not None and (value != "root" or name in PAGE_ID_ONLY):
                parse_id(Page, name, value)

    def get_serializer_class(self):
        check_no_nul(self.request.GET)  # a detail's or find's parameters too
        # Wagtail accepts `name(…)` for any relation and ignores it where a declared serializer
        # writes the value; only the nested film honours a selection (chosen_subfields).
        try:
            config = parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError:
            config = []  # Wagtail answers 400, naming the problem
        for name, _, subfields in config:
            if subfields and name not in NESTED_FIELDS:
                raise BadRequestError(f"'{name}' does not support nested fields")
        return super().get_serializer_class()

    def get_queryset(self):
        return super().get_queryset().order_by(*self.default_order)

    def detail_view(self, request, pk):
        check_no_nul(request.GET)
        refused = set(request.GET) - self.detail_query_parameters - UNDOCUMENTED_PARAMETERS
        if refused:
            raise BadRequestError(
                f"query parameter is not allowed on a detail: {', '.join(sorted(refused))}"
                f" (a detail takes {', '.join(sorted(self.detail_query_parameters))}; it always"
                " carries every field, and fields, filters and orders are a listing's)"
            )
        return super().detail_view(request, pk)

    def get_object(self):
        # An id past the database's integers names nothing.
        try:
            parse_id(self.model, "id", self.kwargs["pk"])
        except BadRequestError as e:
            raise Http404("not found") from e
        return super().get_object()

    def find_object(self, queryset, request):
        check_no_nul(request.GET)
        if "id" in request.GET:
            parse_id(queryset.model, "id", request.GET["id"])
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        # DRF's own errors (a wrong method, a refused preview) say `detail`; the API says `message`.
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            response.data = {"message": str(response.data["detail"])}
        return response


class PageTreeFilter(BaseFilterBackend):
    """?child_of=, ?descendant_of= (an id, or `root`: the site's root page), ?ancestor_of=,
    ?translation_of=, combinable. A page that does not exist or is not public has nothing to
    show: the listing is empty (Wagtail's own filters answer 400, which a valid id is not)."""

    def filter_queryset(self, request, queryset, view):
        for name in PAGE_ID_PARAMETERS:
            if name not in request.GET:
                continue
            value = request.GET[name]
            if value == "root" and name not in PAGE_ID_ONLY:
                page = view.get_root_page()
            else:
                page = view.get_base_queryset().filter(pk=parse_id(Page, name, value)).first()
            if page is None:
                return queryset.none()
            queryset = getattr(queryset, name)(page)
        return queryset


def with_api_relations(reviews):
    """A review item shows its card's relations, and the film's credits, tags and owner."""
    return (
        reviews.with_card_relations()
        .select_related("owner", "locale")
        .prefetch_related("film__genres", "film__credits", "tags")
    )


class KnownParentField(PageParentField):
    """meta.parent, without a query when the view has already found the visible parent."""

    def get_attribute(self, instance):
        if hasattr(instance, "visible_parent"):
            return instance.visible_parent
        return super().get_attribute(instance)


class ReviewPageSerializer(TypedSerializerMixin, PageSerializer):
    parent = KnownParentField(read_only=True)


PAGE_ORDERS = ("id", "title", "slug", "first_published_at")
REVIEW_ORDERINGS = {"score": F("score"), "release_date": F("film__release_date")}


class ReviewPagesAPIViewSet(APIViewSetMixin, PagesAPIViewSet):
    """/api/v2/pages/: Wagtail's pages endpoint. Reviews (`type=reviews.ReviewPage`, implied by
    any parameter only reviews have) come newest first unless ordered, with their own filters
    and orders; other pages in tree order."""

    base_serializer_class = ReviewPageSerializer
    filter_backends = [
        ParsedFieldsFilter,
        PublishedSinceFilter,
        PageTreeFilter,
        LocaleFilter,
        ReviewFilter,
        DeclaredOrderingFilter,
        SearchThenFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        REVIEW_FILTERS, ["search_type", "published_since"]
    )
    # When each page last went live: what a static front end compares to rebuild what changed.
    meta_fields = [*PagesAPIViewSet.meta_fields, "last_published_at"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "last_published_at"]
    order_fields = PAGE_ORDERS

    @classmethod
    def orderings(cls, model):
        orderings = super().orderings(model)
        if issubclass(model, ReviewPage):
            orderings.update(REVIEW_ORDERINGS)
        return orderings

    @classmethod
    def all_orderings(cls):
        return cls.orderings(ReviewPage)

    def searchable(self, model):
        return ReviewPage.objects.published() if model is ReviewPage else model.objects.live()

    def get_base_queryset(self):
        # Building it queries view restrictions; a listing asks for it several times.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def wants_reviews(self):
        """Whether an untyped listing names a filter, order or field only reviews have."""
        params = self.request.GET
        generic = set(self.get_available_fields(Page))
        own_fields = set(self.get_available_fields(ReviewPage)) - generic
        orders = {name.removeprefix("-") for name in params.get("order", "").split(",")}
        try:
            chosen = {name for name, _, _ in parse_fields_parameter(params.get("fields", ""))}
        except ValueError:
            chosen = set()  # answered 400 when the serializer is built
        return bool(
            own_fields.intersection(params)
            or set(REVIEW_FILTERS).intersection(params)
            or orders & set(REVIEW_ORDERINGS)
            or chosen & own_fields
        )

    def get_queryset(self):
        untyped = self.action == "listing_view" and "type" not in self.request.GET
        if untyped and self.wants_reviews():
            queryset = ReviewPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
        else:
            queryset = PagesAPIViewSet.get_queryset(self)
        if issubclass(queryset.model, ReviewPage):
            return with_api_relations(queryset).newest_first()
        return queryset

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = self.find_review() or super().get_object()
        return self._object

    def find_object(self, queryset, request):
        """By id, or by `html_path`: the reader path of a page itself. Wagtail's find routes the
        path, so a genre or tag listing under a review index (even a junk one) found the index."""
        if "html_path" in request.GET:
            path = "/" + "/".join(part for part in request.GET["html_path"].split("/") if part)
            page = super().find_object(queryset, request)
            if page is None or page_path(page, request).rstrip("/") != path.rstrip("/"):
                return None
            return page
        return super().find_object(queryset, request)

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
    detail_query_parameters = frozenset({"content_type", "token", "rich_text_format"})

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
    """/api/v2/films/: films with a live, public review, and those reviews; by title."""

    model = Film
    filter_backends = [ParsedFieldsFilter, GenreFilter, DeclaredOrderingFilter, SearchThenFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["genre", "search_type"])
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "year",
        "release_date",
        "genres",
        "reviews",
    ]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title", "year"]
    order_fields = ("id", "title", "year", "release_date")
    default_order = ("title", "year", "pk")

    def get_queryset(self):
        films = (
            Film.objects.reviewed()
            .select_related("poster")
            .prefetch_related("genres", "credits", "poster__renditions")
        )
        return films.with_live_reviews().order_by(*self.default_order)


class UsedByReviewsViewSet(APIViewSetMixin, BaseAPIViewSet):
    """Genres, tags or critics that live, public reviews use, each with its number of them
    (`review_count`); by name."""

    filter_backends = [ParsedFieldsFilter, DeclaredOrderingFilter, SearchThenFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["search_type"])
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "slug",
        "name",
        "review_count",
    ]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "slug", "name"]
    order_fields = ("id", "name", "slug", "review_count")
    default_order = ("name", "pk")

    def used_by(self, reviews):
        raise NotImplementedError

    def get_queryset(self):
        return self.used_by(ReviewPage.objects.published()).order_by(*self.default_order)


class GenresAPIViewSet(UsedByReviewsViewSet):
    model = Genre

    def used_by(self, reviews):
        return Genre.objects.of_reviews(reviews)


class TagsAPIViewSet(UsedByReviewsViewSet):
    model = Tag
    # Tags have no search index.
    filter_backends = [ParsedFieldsFilter, DeclaredOrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters - {"search", "search_operator"}

    def used_by(self, reviews):
        return tags_of(reviews)


class CriticsAPIViewSet(UsedByReviewsViewSet):
    model = Critic

    def used_by(self, reviews):
        return Critic.objects.of_reviews(reviews).select_related("photo")


class OriginalImageUrlField(images_serializers.ImageDownloadUrlField):
    """The original through the view that checks who asks (cms/files): the web server does not
    serve originals under MEDIA_URL."""

    def to_representation(self, image):
        return reverse("image_original", args=[image.pk])


class ImageSerializer(TypedSerializerMixin, images_serializers.ImageSerializer):
    download_url = OriginalImageUrlField(read_only=True)


class ImagesAPIViewSet(APIViewSetMixin, images_views.ImagesAPIViewSet):
    """/api/v2/images/: the images live, public content shows (cms/files/access.py), less those
    in private collections (Wagtail's own rule)."""

    base_serializer_class = ImageSerializer
    filter_backends = [ParsedFieldsFilter, DeclaredOrderingFilter, SearchThenFilter]
    known_query_parameters = images_views.ImagesAPIViewSet.known_query_parameters.union(
        ["search_type"]
    )
    order_fields = ("id", "title", "width", "height")

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_images().values("pk"))


class DocumentSerializer(TypedSerializerMixin, documents_serializers.DocumentSerializer):
    pass


class DocumentsAPIViewSet(APIViewSetMixin, documents_views.DocumentsAPIViewSet):
    base_serializer_class = DocumentSerializer
    filter_backends = [ParsedFieldsFilter, DeclaredOrderingFilter, SearchThenFilter]
    known_query_parameters = documents_views.DocumentsAPIViewSet.known_query_parameters.union(
        ["search_type"]
    )
    order_fields = ("id", "title")


def not_found(request, path=""):
    """Any other address under /api/: a JSON 404, like the endpoints' own."""
    return JsonResponse({"message": f"no API endpoint at {request.path}"}, status=404)
