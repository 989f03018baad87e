"""Search-engine markup, built once and used by both the HTML head and the API's `seo` field."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

DESCRIPTION_LENGTH = 160


def absolute_url(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def page_path(page, request):
    _, _, path = page.get_url_parts(request) or (None, None, None)
    return path


def page_seo(page, request, description=""):
    """Title, description, canonical URL, OpenGraph and Twitter values for any page."""
    title = page.seo_title or page.title
    description = page.search_description or description or excerpt(getattr(page, "intro", ""))
    path = page_path(page, request)
    url = absolute_url(path) if path else None
    site_name = settings.WAGTAIL_SITE_NAME
    return {
        "title": title,
        "description": description,
        "canonical_url": url,
        "og": {
            "type": "website",
            "site_name": site_name,
            "title": title,
            "description": description,
            "url": url,
            "image": None,
        },
        "twitter": {"card": "summary", "title": title, "description": description, "image": None},
        "json_ld": [breadcrumbs(page, request)],
    }


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


def excerpt(html):
    return Truncator(" ".join(strip_tags(html).split())).chars(DESCRIPTION_LENGTH)


def summary_excerpt(review):
    for child in review.body:
        if child.block_type == "summary":
            return excerpt(child.value.source)
    return ""


def review_seo(review, request):
    seo = page_seo(review, request, description=summary_excerpt(review))
    film = review.film
    poster = poster_url(film)
    seo["og"]["type"] = "article"
    seo["og"]["image"] = poster
    seo["twitter"].update(card="summary_large_image" if poster else "summary", image=poster)
    seo["json_ld"].insert(0, review_json_ld(review, seo, poster))
    return seo


def poster_url(film):
    if film.poster is None:
        return None
    return film.poster.get_rendition("fill-1200x630").full_url


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

    publisher = {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME}
    author_name = review.owner.get_full_name() if review.owner else ""
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.title,
        "headline": review.headline,
        "url": seo["canonical_url"],
        "description": seo["description"],
        "itemReviewed": movie,
        "author": person(author_name) if author_name else publisher,
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
