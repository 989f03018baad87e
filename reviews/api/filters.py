"""Filters, orders and search of the API's listings: each reads only parameters it declares, and
a value that fails to parse is a 400 naming the parameter."""

import operator as operator_
import re
from datetime import UTC
from functools import reduce

from django.db.models import Case, F, IntegerField, When
from django.utils.dateparse import parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase, PlainText

from ..models import SLUG, ReviewPage, score_from_text

REVIEW_FILTERS = ("genre", "min_score", "max_score", "year")
# A search the backends can run: no NUL (the database refuses it), quotation marks (phrases) in
# pairs, and at least one character that is neither a space nor a quotation mark. The OpenAPI
# document states it as this pattern; is_searchable() checks the same in linear time.
SEARCH_QUERY = re.compile(
    r'^(?:[^\x00"]|"[^\x00"]*")*(?:[^\s\x00"]|"[^\x00"]*[^\s\x00"][^\x00"]*")'
    r'(?:[^\x00"]|"[^\x00"]*")*$'
)
PHRASE = re.compile(r'"([^"]*)"')
WORD = re.compile(r"\w+")


def is_searchable(query):
    words = query.replace('"', " ").split()
    return bool(words) and "\x00" not in query and query.count('"') % 2 == 0


def search_query(text, operator):
    """The words of a query, as a string (the backend applies the operator, or its own default),
    or with its "quoted phrases" as Wagtail's query objects; None when it holds no word. Only
    words reach the backend: SQLite's full-text syntax breaks on punctuation inside a term."""
    phrases = [Phrase(" ".join(words)) for p in PHRASE.findall(text) if (words := WORD.findall(p))]
    words = " ".join(WORD.findall(PHRASE.sub(" ", text)))
    if not phrases:
        return words or None
    parts = [*phrases, *([PlainText(words, operator=operator or "and")] if words else [])]
    return reduce(operator_.or_ if operator == "or" else operator_.and_, parts)


SEARCH_TYPES = ("full", "autocomplete")
YEAR_RANGE = (1, 9999)


def slug_param(request, name):
    value = request.GET[name]
    if not SLUG.fullmatch(value):
        raise BadRequestError(f"{name} must be a slug (letters, digits, - and _)")
    return value


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
    """?genre=<slug>, ?min_score=, ?max_score=, ?year= (the film's year), combinable. Other page
    types have no film or score, so none of them matches.

    (`film=<id>` and `tags=a,b` come from Wagtail's FieldsFilter.)
    """

    def filter_queryset(self, request, queryset, view):
        used = [name for name in REVIEW_FILTERS if name in request.GET]
        if not used:
            return queryset
        filters = {}
        if "genre" in request.GET:
            filters["film__genres__slug"] = slug_param(request, "genre")
        if "min_score" in request.GET:
            filters["score__gte"] = score_param(request, "min_score")
        if "max_score" in request.GET:
            filters["score__lte"] = score_param(request, "max_score")
        if "year" in request.GET:
            filters["film__year"] = int_param(request, "year", *YEAR_RANGE)
        if not issubclass(queryset.model, ReviewPage):
            return queryset.none()
        return queryset.filter(**filters).distinct()


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


class GenreFilter(BaseFilterBackend):
    """?genre=<slug> on films."""

    def filter_queryset(self, request, queryset, view):
        if "genre" in request.GET:
            queryset = queryset.filter(genres__slug=slug_param(request, "genre")).distinct()
        return queryset


class DeclaredOrderingFilter(BaseFilterBackend):
    """?order=: names from the view's `orderings(model)` ({name: expression}), comma-separated,
    `-` first to reverse, or `random`. Nulls sort last either way; ties by id, newest first.
    An order only another page type has (a review's score) leaves pages of this type as they
    are: they have no such value."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "")
        if not order:
            return queryset
        if order == "random":
            return queryset.order_by("?")
        applicable = view.orderings(queryset.model)
        expressions = []
        for name in order.split(","):
            field_name = name.removeprefix("-")
            if field_name not in view.all_orderings():
                choices = ", ".join(view.all_orderings())
                raise BadRequestError(f"cannot order by '{name}' (choose from {choices})")
            if field := applicable.get(field_name):
                descending = name.startswith("-")
                expressions.append(
                    field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
                )
        return queryset.order_by(*expressions, "-pk")


class SearchThenFilter(BaseFilterBackend):
    """?search= (full text, or `search_type=autocomplete`: as you type, by word beginnings),
    combined with every other filter.

    Wagtail's SearchFilter searches the filtered queryset, and the search backends refuse filters
    on related or unindexed fields (genre, tags, a film's reviews). Searching everything the view
    may show (`view.searchable(model)`) and keeping the ids that survived the filters gives the
    same result without that limit. Results come by relevance unless `order` is given.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        # The view has checked the query, search_type and search_operator.
        query, operator = request.GET["search"], request.GET.get("search_operator")
        backend = get_search_backend()
        autocomplete = request.GET.get("search_type") == "autocomplete"
        if autocomplete:
            query = " ".join(WORD.findall(query)) or None
            search = backend.autocomplete
        else:
            query, search = search_query(query, operator), backend.search
        if query is None:  # punctuation only: nothing to look for
            return queryset.none()
        ids = [
            item.pk for item in search(query, view.searchable(queryset.model), operator=operator)
        ]
        queryset = queryset.filter(pk__in=ids)
        if "order" in request.GET:
            return queryset
        relevance = Case(
            *(When(pk=pk, then=rank) for rank, pk in enumerate(ids)), output_field=IntegerField()
        )
        return queryset.order_by(relevance, "-pk")


def orderings_of(*names):
    return {name: F(name) for name in names}
