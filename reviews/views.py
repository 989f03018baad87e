import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import prepare_sitemaps, sitemap
from wagtail.search.backends import get_search_backend

from .models import Film, ReviewIndexPage, ReviewPage, paginate, public_critics
from .seo import absolute_url, critic_person, excerpt, page_path, seo_values

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


# Search engines read at most 50,000 addresses from one sitemap file; far fewer keep each file
# quick to build and fetch, with more files in the index as the archive grows.
SITEMAP_SIZE = 5000


class PagesSitemap(PageSitemap):
    """Every live, public page but the reviews (home, the review index and its genre and tag
    listings, which each page adds itself)."""

    def items(self):
        return super().items().not_type(ReviewPage)

    def get_latest_lastmod(self):
        # Django's default reads every item; and these listings change whenever a review does.
        pages = self.items().aggregate(newest=Max("last_published_at"))["newest"]
        return max(filter(None, [pages, ReviewSitemap().get_latest_lastmod()]), default=None)


class PublicAddressSitemap(Sitemap):
    """Addresses at the site's public address (PUBLIC_BASE_URL), like the pages' own."""

    limit = SITEMAP_SIZE

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PUBLIC_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PUBLIC_BASE_URL).netloc


class ReviewSitemap(PublicAddressSitemap):
    """The live, public reviews, SITEMAP_SIZE to a file, in a fixed order (files stay stable).

    Read as plain values, not pages: building thousands of page objects and routing each to its
    address took most of a file's time. A review's address is its index's and its slug."""

    def items(self):
        reviews = ReviewPage.objects.published().order_by("pk")
        return reviews.values("path", "slug", "last_published_at", "latest_revision_created_at")

    @cached_property
    def index_paths(self):
        """{tree path: reader path} of the review indexes."""
        return {index.path: page_path(index, None) for index in ReviewIndexPage.objects.all()}

    def location(self, item):
        return f"{self.index_paths[item['path'][: -ReviewPage.steplen]]}{item['slug']}/"

    def lastmod(self, item):
        return item["last_published_at"] or item["latest_revision_created_at"]

    def get_latest_lastmod(self):
        # Django's default reads every item for the sitemap index: one aggregate instead.
        return self.items().aggregate(newest=Max("last_published_at"))["newest"]


class CriticSitemap(PublicAddressSitemap):
    """The critics' list and each critic's page."""

    def items(self):
        critics = list(public_critics().order_by("slug"))
        return ["critics", *critics] if critics else []

    def location(self, item):
        return reverse("critics") if item == "critics" else item.get_absolute_url()

    def lastmod(self, item):
        if item == "critics":
            return self.get_latest_lastmod()
        return item.lastmod

    def get_latest_lastmod(self):
        return public_critics().aggregate(newest=Max("lastmod"))["newest"]


SITEMAPS = {"pages": PagesSitemap, "reviews": ReviewSitemap, "critics": CriticSitemap}


def sitemap_index(request):
    """/sitemap.xml: the index of the sitemap files, each section split in files of at most
    SITEMAP_SIZE addresses, at the public address like the addresses inside them."""
    entries = []
    for section, section_map in prepare_sitemaps(request, SITEMAPS).items():
        if callable(section_map):  # a sitemap that needs no request, as Django's index does
            section_map = section_map()
        paginator = section_map.paginator  # a new one, counting again, at each reading
        if not paginator.count:
            continue
        url = absolute_url(reverse("sitemap_section", args=[section]))
        lastmod = section_map.get_latest_lastmod()
        for number in paginator.page_range:
            location = url if number == 1 else f"{url}?p={number}"
            entries.append({"location": location, "last_mod": lastmod})
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    return sitemap(request, {section: SITEMAPS[section]}, section=section)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
