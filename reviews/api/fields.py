"""API v2 representations of review data (DESIGN §4 is the contract).

Each custom field declares `openapi_schema` beside the code that writes its value: a JSON Schema, or
a method that builds one with the generator in openapi.py (passed as `openapi`). Nullability and
the bounds of the model field a value comes from are added by the generator.
"""

from rest_framework import serializers
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.utils import get_object_detail_url

from ..images import image_data
from ..models import Film, FilmCredit, ReviewPage
from ..seo import absolute_url, page_path

NAMES = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}


class ScoreField(Field):
    """A JSON number such as 9.5 (DRF would send a Decimal as a string), or null."""

    openapi_schema = {"type": "number"}

    def to_representation(self, value):
        return float(value)


class NamesField(Field):
    """The sorted names of tags or genres; reads prefetched rows (Wagtail's TagsField
    re-queries per item)."""

    openapi_schema = NAMES

    def to_representation(self, manager):
        return sorted(item.name for item in manager.all())


class SeoField(Field):
    """The same title, description, canonical URL, OpenGraph and JSON-LD as the HTML page."""

    def to_representation(self, page):
        return page.seo(self.context["request"])

    def openapi_schema(self, openapi):
        text, url = {"type": "string"}, openapi.nullable(openapi.URL)
        size = {"type": "integer", "minimum": 1}
        # The image's size and alt text come only with an image (a review of a film with a poster).
        og_image_details = {"image:width": size, "image:height": size, "image:alt": text}
        return openapi.component(
            "Seo",
            openapi.object(
                {
                    "title": text,
                    "description": text,
                    "canonical_url": url,
                    "og": openapi.object(
                        {
                            "type": {"enum": ["website", "article"]},
                            "site_name": text,
                            "title": text,
                            "description": text,
                            "url": url,
                            "image": url,
                            **og_image_details,
                        },
                        required=["type", "site_name", "title", "description", "url", "image"],
                    ),
                    "twitter": openapi.object(
                        {
                            "card": {"enum": ["summary", "summary_large_image"]},
                            "title": text,
                            "description": text,
                            "image": url,
                            "image:alt": text,
                        },
                        required=["card", "title", "description", "image"],
                    ),
                    "json_ld": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "@context": {"const": "https://schema.org"},
                                "@type": {"type": "string"},
                            },
                            "required": ["@context", "@type"],
                        },
                    },
                }
            ),
        )


def image_schema(openapi, **extra_properties):
    """The JSON Schema of what image_data() returns, with the keys a caller adds to it."""
    size = {"type": "integer", "minimum": 1}
    rendition = openapi.object(
        {"url": openapi.URL, "width": size, "height": size, "format": {"const": "webp"}}
    )
    return openapi.object(
        {
            "id": {"type": "integer"},
            "url": openapi.URL,
            "width": size,
            "height": size,
            "alt": {"type": "string"},
            "renditions": {"type": "array", "items": openapi.component("Rendition", rendition)},
            **extra_properties,
        }
    )


class PosterField(Field):
    def to_representation(self, image):
        return image_data(image, "max-800x1200", image.default_alt_text or image.title)

    def openapi_schema(self, openapi):
        return openapi.component("Image", image_schema(openapi))


def credits_data(credits):
    return [{"name": c.person_name, "role": c.role, "character": c.character_name} for c in credits]


class CreditsField(Field):
    def to_representation(self, manager):
        return credits_data(manager.all())

    def openapi_schema(self, openapi):
        credit = openapi.object(
            {
                "name": openapi.model_field(FilmCredit, "person_name"),
                "role": openapi.model_field(FilmCredit, "role"),
                "character": openapi.model_field(FilmCredit, "character_name"),
            }
        )
        return {"type": "array", "items": openapi.component("Credit", credit)}


class FilmReviewsField(Field):
    """A film's live reviews (prefetched as `live_reviews`) with their reader and API URLs."""

    def get_attribute(self, film):
        return film.live_reviews

    def to_representation(self, reviews):
        request, router = self.context["request"], self.context["router"]
        return [
            {
                "id": review.pk,
                "title": review.title,
                "headline": review.headline,
                "score": review.score_number,
                "html_url": absolute_url(page_path(review, request)),
                "detail_url": get_object_detail_url(router, request, type(review), review.pk),
            }
            for review in reviews
        ]

    def openapi_schema(self, openapi):
        review = openapi.object(
            {
                "id": openapi.model_field(ReviewPage, "id"),
                "title": openapi.model_field(ReviewPage, "title"),
                "headline": openapi.model_field(ReviewPage, "headline"),
                "score": openapi.model_field(ReviewPage, "score", ScoreField()),
                "html_url": openapi.URL,
                "detail_url": openapi.URL,
            }
        )
        return {"type": "array", "items": openapi.component("ReviewSummary", review)}


class FilmSerializer(serializers.Serializer):
    """The film nested in a review item."""

    openapi_component = "FilmSummary"

    id = serializers.IntegerField()
    title = serializers.CharField()
    original_title = serializers.CharField()
    year = serializers.IntegerField()
    release_date = serializers.DateField()
    runtime_minutes = serializers.IntegerField()
    budget_usd = serializers.IntegerField()
    synopsis = serializers.CharField()
    genres = NamesField()
    country = serializers.CharField()
    distributor = serializers.CharField()
    credits = CreditsField()
    poster = PosterField()
    imdb_id = serializers.CharField()
    tmdb_id = serializers.CharField()
    wikidata_id = serializers.CharField()


# What each model shows in the API, beside the serializers that write it (the models know nothing
# of the API): the viewsets read these through Wagtail's `get_body_fields`.
API_FIELDS = {
    Film: [
        APIField("title"),
        APIField("original_title"),
        APIField("year"),
        APIField("release_date"),
        APIField("runtime_minutes"),
        APIField("budget_usd"),
        APIField("synopsis"),
        APIField("genres", serializer=NamesField()),
        APIField("country"),
        APIField("distributor"),
        APIField("credits", serializer=CreditsField()),
        APIField("poster", serializer=PosterField()),
        APIField("imdb_id"),
        APIField("tmdb_id"),
        APIField("wikidata_id"),
        APIField("reviews", serializer=FilmReviewsField()),
    ],
    ReviewPage: [
        APIField("headline"),
        APIField("score", serializer=ScoreField()),
        APIField("tags", serializer=NamesField()),
        APIField("film", serializer=FilmSerializer()),
        APIField("body"),
        APIField("seo", serializer=SeoField(source="*")),
    ],
}
