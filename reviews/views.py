import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from .models import Film, ReviewPage, paginate, public_critics
from .seo import absolute_url, critic_person, excerpt, seo_values

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
    context["seo"] = seo_values(request, title, description, url, None)
    return TemplateResponse(request, "pages/search.html", context)


def films_matching(query):
    """The best-matching films that have a live review, in the search's order."""
    ranked = [film.pk for film in get_search_backend().search(query, Film)[: FILM_RESULTS * 3]]
    films = Film.objects.reviewed().filter(pk__in=ranked).with_live_reviews()
    return sorted(films, key=lambda film: ranked.index(film.pk))[:FILM_RESULTS]


CRITIC_PAGE_SIZE = 12


def critics(request):
    """Everyone with a published review, with their number of reviews."""
    title = "Our critics"
    description = "The critics who write our film reviews, and how many each has published."
    url = absolute_url(reverse("critics"))
    context = {
        "critics": public_critics().select_related("photo").order_by("name"),
        "seo": seo_values(request, title, description, url, None),
    }
    return TemplateResponse(request, "pages/critics.html", context)


def critic(request, slug):
    """A critic's page: who they are and their reviews, newest first (404 until one is live)."""
    critic = get_object_or_404(public_critics().select_related("photo"), slug=slug)
    reviews = paginate(critic.reviews, request.GET.get("page"), CRITIC_PAGE_SIZE)
    title = f"{critic.name}, film critic"
    query = f"?page={reviews.number}" if reviews.number > 1 else ""
    if query:
        title = f"{title} (page {reviews.number})"
    description = excerpt(critic.bio) or f"Film reviews by {critic.name}."
    url = absolute_url(critic.get_absolute_url())
    seo = seo_values(request, title, description, url + query, None)
    seo["og"]["type"] = "profile"
    person = critic_person(critic)
    if critic.bio:
        person["description"] = critic.bio
    seo["json_ld"].append(
        {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "mainEntity": person}
    )
    context = {"critic": critic, "reviews": reviews, "seo": seo}
    return TemplateResponse(request, "pages/critic.html", context)


class CriticSitemap(Sitemap):
    """The critics' list and each critic's page, at their public address like the pages'."""

    def items(self):
        critics = list(public_critics().order_by("slug"))
        return ["critics", *critics] if critics else []

    def location(self, item):
        return reverse("critics") if item == "critics" else item.get_absolute_url()

    def lastmod(self, item):
        if item == "critics":
            return public_critics().aggregate(newest=Max("lastmod"))["newest"]
        return item.lastmod

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PUBLIC_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PUBLIC_BASE_URL).netloc


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
