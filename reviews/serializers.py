"""API v2 representations of review data (DESIGN §4 is the contract)."""

from rest_framework import serializers
from rest_framework.fields import Field

from .seo import absolute_url, page_path

# Renditions offered to front ends for responsive images (srcset), as WebP.
RESPONSIVE_WIDTHS = (400, 800, 1200)


class ScoreField(Field):
    """A JSON number such as 9.5 (DRF would send a Decimal as a string), or null."""

    def to_representation(self, value):
        return float(value)


class TagNamesField(Field):
    """Tag names, sorted; reads prefetched tags (Wagtail's TagsField re-queries per item)."""

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class GenreNamesField(Field):
    def to_representation(self, manager):
        return sorted(genre.name for genre in manager.all())


class SeoField(Field):
    """The same title, description, canonical URL, OpenGraph and JSON-LD as the HTML page."""

    def to_representation(self, page):
        return page.seo(self.context["request"])


def image_data(image, spec, alt):
    """An image as front ends need it: a rendition's absolute URL, size, alt text and WebP
    renditions at a few widths for srcset."""
    rendition = image.get_rendition(spec)
    widths = [width for width in RESPONSIVE_WIDTHS if width < image.width] + [image.width]
    renditions = image.get_renditions(*(f"width-{width}|format-webp" for width in widths))
    return {
        "id": image.pk,
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
        "renditions": [
            {"url": r.full_url, "width": r.width, "height": r.height, "format": "webp"}
            for r in renditions.values()
        ],
    }


class PosterField(Field):
    def to_representation(self, image):
        return image_data(image, "max-800x1200", image.default_alt_text or image.title)


def credits_data(credits):
    return [{"name": c.person_name, "role": c.role, "character": c.character_name} for c in credits]


class CreditsField(Field):
    def to_representation(self, manager):
        return credits_data(manager.all())


class FilmReviewsField(Field):
    """A film's live reviews (prefetched as `live_reviews`) with their reader and API URLs."""

    def get_attribute(self, film):
        return film.live_reviews

    def to_representation(self, reviews):
        # wagtail.api.v2.utils loads the Page model on import: too early for models.py's imports.
        from wagtail.api.v2.utils import get_object_detail_url

        request, router = self.context["request"], self.context["router"]
        return [
            {
                "id": review.pk,
                "title": review.title,
                "headline": review.headline,
                "score": float(review.score) if review.score is not None else None,
                "html_url": absolute_url(page_path(review, request)),
                "detail_url": get_object_detail_url(router, request, type(review), review.pk),
            }
            for review in reviews
        ]


class FilmSerializer(serializers.Serializer):
    """The film nested in a review item."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    original_title = serializers.CharField()
    year = serializers.IntegerField()
    release_date = serializers.DateField()
    runtime_minutes = serializers.IntegerField()
    budget_usd = serializers.IntegerField()
    synopsis = serializers.CharField()
    genres = GenreNamesField()
    country = serializers.CharField()
    distributor = serializers.CharField()
    credits = CreditsField()
    poster = PosterField()
    imdb_id = serializers.CharField()
    tmdb_id = serializers.CharField()
    wikidata_id = serializers.CharField()
