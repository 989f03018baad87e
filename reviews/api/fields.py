"""API v2 representations of review data (DESIGN §4 is the contract).

Each custom field declares `openapi_schema` beside the code that writes its value: a JSON Schema, or
a method that builds one with the generator in openapi.py (passed as `openapi`). Nullability and
the bounds of the model field a value comes from are added by the generator.
"""

from rest_framework import serializers
from rest_framework.fields import Field
from taggit.models import Tag
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url, parse_fields_parameter

from ..images import CARD_SIZES, FORMATS, PHOTO_SIZES, POSTER_SIZES, image_data
from ..models import Critic, Film, FilmCredit, Genre, ReviewPage
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
        {
            "url": openapi.URL,
            "width": size,
            "height": size,
            "format": {"enum": list(FORMATS)},
            "filter": {"type": "string", "examples": ["width-496", "fill-144x216"]},
        }
    )
    pixels = {"type": "integer", "minimum": 0}
    focal_point = openapi.object({"x": pixels, "y": pixels, "width": pixels, "height": pixels})
    return openapi.object(
        {
            "id": {"type": "integer"},
            "url": openapi.URL,
            "width": size,
            "height": size,
            "alt": {"type": "string"},
            "focal_point": openapi.nullable(openapi.component("FocalPoint", focal_point)),
            "renditions": {"type": "array", "items": openapi.component("Rendition", rendition)},
            **extra_properties,
        }
    )


class ImageField(Field):
    """An image object (see reviews/images.py); `alt` and `sizes` say how the reader site shows
    it. A field with `source="*"` reads the image with get_image() from the object."""

    def __init__(self, sizes, **kwargs):
        self.sizes = sizes
        super().__init__(**kwargs)

    def get_image(self, instance):
        return instance

    def get_alt(self, instance, image):
        return image.default_alt_text or image.title

    def to_representation(self, instance):
        image = self.get_image(instance)
        if image is None:
            return None
        return image_data(image, "max-800x1200", self.get_alt(instance, image), self.sizes)

    def openapi_schema(self, openapi):
        return openapi.nullable(openapi.component("Image", image_schema(openapi)))


class PosterField(ImageField):
    """The film's poster at the sizes of the film facts and the review cards, with the film's
    poster alt text (as the reader site has it)."""

    def __init__(self, **kwargs):
        super().__init__([POSTER_SIZES, CARD_SIZES], source="*", **kwargs)

    def get_image(self, film):
        return film.poster

    def get_alt(self, film, image):
        return film.poster_alt


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


class CriticsField(Field):
    """The byline: the review's critics in credited order (reads prefetched links)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, review):
        return [
            {"id": critic.pk, "slug": critic.slug, "name": critic.name} for critic in review.critics
        ]

    def openapi_schema(self, openapi):
        critic = openapi.object(
            {
                "id": openapi.model_field(Critic, "id"),
                "slug": openapi.model_field(Critic, "slug"),
                "name": openapi.model_field(Critic, "name"),
            }
        )
        return {"type": "array", "items": openapi.component("CriticLink", critic)}


class CountField(Field):
    """A number of live, public reviews, annotated on the queryset as `review_count`."""

    openapi_schema = {"type": "integer", "minimum": 1}

    def to_representation(self, value):
        return value


class PhotoField(ImageField):
    """A critic's photo at the sizes of the critic's page."""

    def __init__(self, **kwargs):
        super().__init__([PHOTO_SIZES], source="*", **kwargs)

    def get_image(self, critic):
        return critic.photo

    def get_alt(self, critic, image):
        return critic.name


class FilmSerializer(serializers.Serializer):
    """The film nested in a review item. `fields=film(title,year,poster)` keeps just those: the
    selection is read from the request as Wagtail parses it (Wagtail's own nested selection
    applies to related objects it serializes itself, not to a declared serializer)."""

    openapi_component = "FilmSummary"

    def to_representation(self, film):
        data = super().to_representation(film)
        chosen = chosen_subfields(self.context["request"], self.field_name, list(data))
        return {name: value for name, value in data.items() if name in chosen}

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
        APIField("critics", serializer=CriticsField()),
    ],
    Genre: [APIField("slug"), APIField("name"), APIField("review_count", serializer=CountField())],
    Tag: [APIField("slug"), APIField("name"), APIField("review_count", serializer=CountField())],
    Critic: [
        APIField("slug"),
        APIField("name"),
        APIField("review_count", serializer=CountField()),
        APIField("bio"),
        APIField("photo", serializer=PhotoField()),
        APIField("website"),
        APIField("social_url"),
    ],
}


def chosen_subfields(request, name, available):
    """The names that `fields=name(…)` keeps of `available` (all of them when not narrowed), with
    Wagtail's syntax: `*` all, `_` none, `-x` all but x."""
    try:
        config = parse_fields_parameter(request.GET.get("fields", ""))
    except ValueError:
        return set(available)  # the view has already answered 400 to a malformed selection
    subfields = next((sub for field, negated, sub in config if field == name and sub), None)
    if not subfields:
        return set(available)
    chosen = set()
    if subfields[0][0] in ("*", "_"):
        chosen = set(available) if subfields[0][0] == "*" else set()
        subfields = subfields[1:]
    elif all(negated for _, negated, _ in subfields):
        chosen = set(available)
    for field, negated, nested in subfields:
        if field not in available:
            raise BadRequestError(f"unknown fields in {name}: {field}")
        if nested:
            raise BadRequestError(f"'{name}.{field}' does not support nested fields")
        if negated:
            chosen.discard(field)
        else:
            chosen.add(field)
    return chosen
