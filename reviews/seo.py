"""Search-engine markup, built once and used by both the HTML head and the API's `seo` field."""

from html import unescape

from django.conf import settings
from django.db.models import Max
from django.utils.html import strip_tags
from wagtail.models import Page

from cms.identity.models import site_name

from .images import or_none_when_unwritable

DESCRIPTION_LENGTH = 160


def absolute_url(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def page_path(page, request):
    _, _, path = page.get_url_parts(request) or (None, None, None)
    return path


def page_seo(page, request, description=""):
    """Title, description, canonical URL, OpenGraph and Twitter values for any page."""
    return subpage_seo(page, request, page_title(page), page_description(page, description))


def page_title(page):
    return page.seo_title or page.title


def page_description(page, fallback=""):
    """The editor's search description, else the fallback, else an excerpt of the intro."""
    return page.search_description or fallback or excerpt(getattr(page, "intro", ""))


def subpage_seo(page, request, title, description, subpath="", query=""):
    """A view that a page serves at its own address or below it (a genre listing, page 2 of a
    list): its own title and description, canonical to itself, one more breadcrumb if below."""
    crumbs = breadcrumbs(page, request)
    path = page_path(page, request)
    url = absolute_url(path + subpath) if path else None
    if subpath and url:
        position = len(crumbs["itemListElement"]) + 1
        crumbs["itemListElement"].append(
            {"@type": "ListItem", "position": position, "name": title, "item": url}
        )
    return seo_values(request, title, description, url and url + query, crumbs)


def seo_values(request, title, description, url, crumbs):
    return {
        "title": title,
        "description": description,
        "canonical_url": url,
        "og": {
            "type": "website",
            "site_name": site_name(request),
            "title": title,
            "description": description,
            "url": url,
            "image": None,
        },
        "twitter": {"card": "summary", "title": title, "description": description, "image": None},
        "json_ld": [crumbs] if crumbs else [],
    }


class CanonicalSitemapMixin:
    """Sitemap entries at the pages' canonical addresses (PUBLIC_BASE_URL), not the Site's."""

    def get_sitemap_urls(self, request=None):
        return [{"location": absolute_url(page_path(self, request)), "lastmod": self.lastmod}]

    @property
    def lastmod(self):
        return self.last_published_at or self.latest_revision_created_at


def listing_lastmod(page, reviews):
    """A listing changes whenever one of its reviews does."""
    newest = reviews.aggregate(newest=Max("last_published_at"))["newest"]
    return max(filter(None, [page.last_published_at, newest]), default=None)


def breadcrumbs(page, request):
    items = []
    for position, crumb in enumerate([*ancestors(page, request), page], start=1):
        path = page_path(crumb, request)
        item = {"@type": "ListItem", "position": position, "name": crumb.title}
        if path:
            item["item"] = absolute_url(path)
        items.append(item)
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def ancestors(page, request):
    """The page's ancestors below the tree root, cached per request: API listings share parents."""
    cache = request.__dict__.setdefault("_seo_ancestors", {})
    parent_path = page.path[: -page.steplen]
    if parent_path not in cache:
        paths = [
            parent_path[:end] for end in range(2 * page.steplen, len(parent_path) + 1, page.steplen)
        ]
        cache[parent_path] = list(Page.objects.filter(path__in=paths).order_by("depth"))
    return cache[parent_path]


def excerpt(html, length=DESCRIPTION_LENGTH):
    """The text of some HTML in at most `length` characters, cut between words, not inside one."""
    text = " ".join(unescape(strip_tags(html)).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if not text[length - 1].isspace():
        cut = cut.rpartition(" ")[0] or cut
    return cut.rstrip(" ,;:–—-") + "…"


def summary_block(review):
    return next((child for child in review.body if child.block_type == "summary"), None)


def summary_excerpt(review):
    summary = summary_block(review)
    return excerpt(summary.value.source) if summary else ""


def review_seo(review, request):
    seo = page_seo(review, request, description=summary_excerpt(review))
    poster = share_image(review.film.poster)
    seo["og"]["type"] = "article"
    if poster:
        alt = review.film.poster_alt
        seo["og"].update(
            {
                "image": poster.full_url,
                "image:width": poster.width,
                "image:height": poster.height,
                "image:alt": alt,
            }
        )
        seo["twitter"].update(
            {"card": "summary_large_image", "image": poster.full_url, "image:alt": alt}
        )
    seo["json_ld"].insert(0, review_json_ld(review, seo, poster and poster.full_url))
    return seo


@or_none_when_unwritable
def share_image(image):
    """The rendition that link previews show: the 1.91:1 shape OpenGraph and Twitter expect."""
    return image.get_rendition("fill-1200x630") if image else None


def review_json_ld(review, seo, poster):
    film = review.film
    movie = {"@type": "Movie", "name": film.title}
    if film.original_title:
        movie["alternateName"] = film.original_title
    if film.release_date:
        movie["dateCreated"] = film.release_date.isoformat()
    if directors := film.directors:
        movie["director"] = [person(credit.person_name) for credit in directors]
    if cast := film.cast:
        movie["actor"] = [person(credit.person_name) for credit in cast]
    if genres := film.genre_names:
        movie["genre"] = genres
    if film.runtime_minutes:
        movie["duration"] = f"PT{film.runtime_minutes}M"
    if poster:
        movie["image"] = poster
    if film.synopsis:
        movie["description"] = film.synopsis

    publisher = {"@type": "Organization", "name": seo["og"]["site_name"]}
    author_name = review.owner.get_full_name() if review.owner else ""
    if critics := [critic_person(critic) for critic in review.critics]:
        author = critics[0] if len(critics) == 1 else critics
    else:
        author = person(author_name) if author_name else publisher
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.title,
        "headline": review.headline or review.title,
        "url": seo["canonical_url"],
        "description": seo["description"],
        "itemReviewed": movie,
        "author": author,
        "publisher": publisher,
    }
    if review.first_published_at:
        data["datePublished"] = review.first_published_at.isoformat()
    if review.last_published_at:
        data["dateModified"] = review.last_published_at.isoformat()
    if review.score is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": review.score_number,
            "bestRating": 10,
            "worstRating": 0,
        }
    return data


def person(name):
    return {"@type": "Person", "name": name}


def critic_person(critic):
    """A critic as schema.org knows a person: their name and their page here."""
    return {**person(critic.name), "url": absolute_url(critic.get_absolute_url())}


def byline(critics):
    """Names as a byline reads them: "A", "A and B", "A, B and C"."""
    names = [critic.name for critic in critics]
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))
