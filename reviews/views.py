import re
from urllib.parse import urlencode

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from .models import Film, ReviewPage, paginate
from .seo import absolute_url, seo_values

WORD = re.compile(r"\w+")
SEARCH_PAGE_SIZE = 10
# Films are a short list beside the reviews: the best matches only.
FILM_RESULTS = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Reviews matching the query by their text or their film's title and credits, and the films
    that match, linked to their live reviews."""
    # Words only: quotes and operators mean something to the database's full-text syntax, and a
    # stray one would be an error rather than a search.
    query = " ".join(WORD.findall(request.GET.get("q", "")[:MAX_QUERY_LENGTH]))
    title = f"Search results for “{query}”" if query else "Search reviews"
    context = {"query": query, "reviews": None, "films": []}
    if query:
        results = ReviewPage.objects.listing().search(query)
        context["reviews"] = paginate(results, request.GET.get("page"), SEARCH_PAGE_SIZE)
        context["films"] = films_matching(query)
    # Canonical to the words searched for and the page shown, whatever else the address holds.
    canonical = {"q": query} if query else {}
    if context["reviews"] and context["reviews"].number > 1:
        canonical["page"] = context["reviews"].number
        title = f"{title} (page {canonical['page']})"
    url = absolute_url(reverse("search")) + (f"?{urlencode(canonical)}" if canonical else "")
    description = "Search the film reviews by title, cast, crew or words."
    context["seo"] = seo_values(title, description, url, None)
    return TemplateResponse(request, "pages/search.html", context)


def films_matching(query):
    """The best-matching films that have a live review, in the search's order."""
    ranked = [film.pk for film in get_search_backend().search(query, Film)[: FILM_RESULTS * 3]]
    films = Film.objects.reviewed().filter(pk__in=ranked).with_live_reviews()
    return sorted(films, key=lambda film: ranked.index(film.pk))[:FILM_RESULTS]


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
