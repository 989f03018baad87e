"""The search backend: Wagtail's database backend, with a bound on the words of a query.

Each word of a query becomes one more level of the expression the database compiles: about 200
words exceed SQLite's expression depth and Python's recursion limit on PostgreSQL, a server error
for every search box (reader, admin, API). Every search goes through the backend, so the bound
lives here: a longer query is searched by its first MAX_SEARCH_WORDS words (the API refuses it
with a 400 beforehand, naming the limit).
"""

from functools import cache

from modelsearch.backends import database
from modelsearch.query import PlainText, SearchQuery

MAX_SEARCH_WORDS = 32


def query_words(query):
    """The words of a query string or of a parsed query (phrases, and/or, boosts)."""
    if isinstance(query, str):
        return query.split()
    if isinstance(query_string := getattr(query, "query_string", None), str):
        return query_string.split()
    children = list(getattr(query, "subqueries", []))
    if isinstance(subquery := getattr(query, "subquery", None), SearchQuery):
        children.append(subquery)
    return [word for child in children for word in query_words(child)]


def bounded(query):
    """The query itself when short enough; else a plain search for its first words."""
    words = query_words(query)
    if len(words) <= MAX_SEARCH_WORDS:
        return query
    # Quotes would otherwise be left unbalanced by the cut, which the backends refuse.
    text = " ".join(words[:MAX_SEARCH_WORDS]).replace('"', " ")
    return text if isinstance(query, str) else PlainText(text)


class BoundedSearchMixin:
    def search(self, query, model_or_queryset, **kwargs):
        return super().search(bounded(query), model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        return super().autocomplete(bounded(query), model_or_queryset, **kwargs)


@cache
def bounded_class(backend_class):
    return type(f"Bounded{backend_class.__name__}", (BoundedSearchMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name WAGTAILSEARCH_BACKENDS looks up
    """The database backend for this database (PostgreSQL, SQLite FTS…), bounded."""
    return bounded_class(type(database.SearchBackend(params)))(params)
