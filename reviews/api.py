"""Review filters and ordering for the pages endpoint, and the films endpoint."""

from datetime import UTC

from django.db.models import Case, F, IntegerField, When
from django.utils.dateparse import parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.search.backends import get_search_backend

from .models import Film, ReviewPage, public_films, score_from_text, with_live_reviews

REVIEW_FILTERS = ("genre", "min_score", "max_score", "year")
FILM_FILTERS = ("genre",)
# Public orderings: a name a front end may use, and what it sorts by (unscored and undated last).
REVIEW_ORDERINGS = {
    "score": F("score"),
    "first_published_at": F("first_published_at"),
    "release_date": F("film__release_date"),
    "title": F("title"),
}


def is_review_listing(queryset):
    return issubclass(queryset.model, ReviewPage)


def score_param(request, name):
    if (value := score_from_text(request.GET[name])) is None:
        raise BadRequestError(f"{name} must be a number from 0 to 10")
    return value


def int_param(request, name, low, high):
    value = request.GET[name]
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadRequestError(f"{name} must be a whole number from {low} to {high}")
    return int(value)


class ReviewFilter(BaseFilterBackend):
    """?genre=<slug>, ?min_score=, ?max_score=, ?year= (the film's year), combinable.

    (`film=<id>` and `tags=a,b` come from Wagtail's FieldsFilter.)
    """

    def filter_queryset(self, request, queryset, view):
        used = [name for name in REVIEW_FILTERS if name in request.GET]
        if not used:
            return queryset
        if not is_review_listing(queryset):
            raise BadRequestError(f"{', '.join(used)}: filter needs type=reviews.ReviewPage")
        if "genre" in request.GET:
            queryset = queryset.filter(film__genres__slug=request.GET["genre"])
        if "min_score" in request.GET:
            queryset = queryset.filter(score__gte=score_param(request, "min_score"))
        if "max_score" in request.GET:
            queryset = queryset.filter(score__lte=score_param(request, "max_score"))
        if "year" in request.GET:
            queryset = queryset.filter(film__year=int_param(request, "year", 1, 9999))
        return queryset


class ReviewOrderingFilter(OrderingFilter):
    """Reviews order by score, first_published_at, release_date or title (prefix - to reverse)."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "")
        if not order or not is_review_listing(queryset) or order == "random":
            return super().filter_queryset(request, queryset, view)
        expressions = []
        for name in order.split(","):
            field = REVIEW_ORDERINGS.get(name.removeprefix("-"))
            if field is None:
                choices = ", ".join(REVIEW_ORDERINGS)
                raise BadRequestError(f"cannot order by '{name}' (choose from {choices})")
            descending = name.startswith("-")
            expressions.append(
                field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
            )
        return queryset.order_by(*expressions, "-pk")


class ReviewSearchFilter(SearchFilter):
    """Full-text search that combines with every other filter.

    Wagtail's SearchFilter searches the filtered queryset, and the search backends refuse
    filters on related fields (genre, tags, the film's year). Searching all live reviews and
    keeping the ids that survived the filters gives the same result without that limit.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET or not is_review_listing(queryset):
            return super().filter_queryset(request, queryset, view)
        query = request.GET["search"]
        results = get_search_backend().search(
            query, ReviewPage.objects.live().public(), operator=request.GET.get("search_operator")
        )
        ids = [page.pk for page in results]
        queryset = queryset.filter(pk__in=ids)
        if "order" in request.GET:
            return queryset
        relevance = Case(
            *(When(pk=pk, then=rank) for rank, pk in enumerate(ids)), output_field=IntegerField()
        )
        return queryset.order_by(relevance)


def date_time_param(request, name):
    """A date and time with its offset (ISO 8601 / RFC 3339); without one, UTC."""
    text = request.GET[name]
    try:
        moment = parse_datetime(text)
    except ValueError:  # well-formed, but no such moment (February 30th)
        moment = None
    if moment is None:
        raise BadRequestError(f"{name} must be a date and time such as 2026-12-01T21:00:00Z")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class PublishedSinceFilter(BaseFilterBackend):
    """?published_since=<date-time>: pages published or republished at or after that time."""

    def filter_queryset(self, request, queryset, view):
        if "published_since" in request.GET:
            since = date_time_param(request, "published_since")
            queryset = queryset.filter(last_published_at__gte=since)
        return queryset


class FilmGenreFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "genre" in request.GET:
            queryset = queryset.filter(genres__slug=request.GET["genre"]).distinct()
        return queryset


class FilmsAPIViewSet(BaseAPIViewSet):
    """/api/v2/films/: films with their live reviews; ?genre=<slug>, ?year=, ?search=."""

    model = Film
    filter_backends = [FieldsFilter, FilmGenreFilter, OrderingFilter, SearchFilter]
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
            public_films()
            .select_related("poster")
            .prefetch_related("genres", "credits", "poster__renditions")
        )
        return with_live_reviews(films).order_by("title", "year", "pk")
