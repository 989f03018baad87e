"""The JSON review format: the API's review item, so a consumer can send back what it read.

A document is an API listing (`{"items": [...]}`), a list of items, or one item. Fields the
API adds that belong to this database (`id`, `meta`, `seo`, film `id` and `poster`, block `id`)
are ignored on import and left out on export.
"""

import json

from rest_framework import serializers
from wagtail.images import get_image_model

from reviews.api.fields import credits_data
from reviews.models import FilmCredit

from .importer import FILM_FACTS, stored_body
from .inputs import FilmFacts, ReadContext, ReviewFormatError, ReviewInput
from .parser import decode_review_bytes
from .richtext import rich_text

FORMAT_NOTE = "see docs/import-format.md"


class CreditInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=FilmCredit.Role.values)
    character = serializers.CharField(max_length=200, allow_blank=True, default="")


class FilmInput(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    original_title = serializers.CharField(max_length=255, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=1870, max_value=2200, allow_null=True, default=None)
    release_date = serializers.DateField(allow_null=True, default=None)
    runtime_minutes = serializers.IntegerField(
        min_value=1, max_value=32767, allow_null=True, default=None
    )
    budget_usd = serializers.IntegerField(min_value=0, allow_null=True, default=None)
    synopsis = serializers.CharField(allow_blank=True, default="")
    genres = serializers.ListField(child=serializers.CharField(max_length=100), default=list)
    country = serializers.CharField(max_length=100, allow_blank=True, default="")
    distributor = serializers.CharField(max_length=100, allow_blank=True, default="")
    credits = CreditInput(many=True, default=None)
    imdb_id = serializers.CharField(max_length=20, allow_blank=True, default="")
    tmdb_id = serializers.CharField(max_length=20, allow_blank=True, default="")
    wikidata_id = serializers.CharField(max_length=20, allow_blank=True, default="")

    def validate(self, data):
        if data["release_date"]:
            if data["year"] not in (None, data["release_date"].year):
                raise serializers.ValidationError("year does not match release_date")
            data["year"] = data["release_date"].year
        # As in the plain-text format, a budget of 0 means "unknown".
        data["budget_usd"] = data["budget_usd"] or None
        return data


class CriticInput(serializers.Field):
    """A byline entry: the critic's name, or the API's critic object with a `name`."""

    def to_internal_value(self, data):
        name = data.get("name") if isinstance(data, dict) else data
        if not isinstance(name, str) or not name.strip():
            raise serializers.ValidationError("a critic is a name or an object with a name")
        return name.strip()[:200]


class ReviewItemInput(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    headline = serializers.CharField(max_length=255, allow_blank=True, default="")
    slug = serializers.SlugField(max_length=255, allow_unicode=True, required=False)
    score = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=10, allow_null=True, default=None
    )
    score_display = serializers.CharField(max_length=20, allow_blank=True, default="")
    tags = serializers.ListField(child=serializers.CharField(max_length=100), default=None)
    critics = serializers.ListField(child=CriticInput(), default=list)
    film = FilmInput()
    body = serializers.ListField(child=serializers.DictField(), allow_empty=True)

    def validate_body(self, blocks):
        return [block_input(number, block) for number, block in enumerate(blocks, start=1)]


def text(value, name, required=True):
    if not isinstance(value, str) or (required and not value.strip()):
        raise serializers.ValidationError(f"{name} must be {'non-empty ' if required else ''}text")
    return value


def block_input(number, block):
    kind, value = block.get("type"), block.get("value")
    where = f"block {number} ({kind})"
    if kind == "summary":
        return {"type": kind, "value": rich_text(text(value, where))}
    if not isinstance(value, dict):
        if kind in ("analysis", "verdict", "pull_quote", "image"):
            raise serializers.ValidationError(f"{where}: value must be an object")
        raise serializers.ValidationError(
            f"block {number}: type must be summary, analysis, verdict, pull_quote or image"
        )
    if kind == "image":
        return {"type": kind, "value": image_value(value, where)}
    if kind == "analysis":
        heading = text(value.get("heading"), f"{where} heading").strip()
        if len(heading) > 120:
            raise serializers.ValidationError(f"{where}: heading is over 120 characters")
        body = rich_text(text(value.get("body"), f"{where} body"))
        return {"type": kind, "value": {"heading": heading, "body": body}}
    if kind == "verdict":
        return {"type": kind, "value": {"body": rich_text(text(value.get("body"), where))}}
    quote = text(value.get("quote"), f"{where} quote")
    attribution = text(value.get("attribution", ""), f"{where} attribution", required=False)
    return {"type": kind, "value": {"quote": quote, "attribution": attribution}}


def image_value(value, where):
    """An image block names an image already in the library by its id (as exported, or as the
    API's `{"id": …}` object); the file itself travels with a backup, not in this format."""
    image = value.get("image")
    image_id = image.get("id") if isinstance(image, dict) else image
    if type(image_id) is not int or not get_image_model().objects.filter(pk=image_id).exists():
        raise serializers.ValidationError(f"{where}: no image with id {image_id!r} in the library")
    caption = text(value.get("caption", ""), f"{where} caption", required=False)
    return {
        "image": image_id,
        "alt_text": text(value.get("alt_text"), f"{where} alt_text"),
        "caption": caption,
    }


def read(data: bytes, context: ReadContext) -> list[ReviewInput]:
    """Reviews from a JSON document; raises ReviewFormatError with one line naming the problem."""
    try:
        document = json.loads(decode_review_bytes(data))
    except json.JSONDecodeError as error:
        raise ReviewFormatError(f"not valid JSON: {error}") from None
    if isinstance(document, dict) and "items" in document:
        items = document["items"]
    elif isinstance(document, dict):
        items = [document]
    else:
        items = document
    if not isinstance(items, list) or not items:
        raise ReviewFormatError(f"no reviews in the JSON document ({FORMAT_NOTE})")
    return [review_input(number, item) for number, item in enumerate(items, start=1)]


def review_input(number, item):
    if not isinstance(item, dict):
        raise ReviewFormatError(f"review {number}: not a JSON object")
    item = {**item, "slug": item.get("slug") or item.get("meta", {}).get("slug") or ""}
    if not item["slug"]:
        del item["slug"]
    serializer = ReviewItemInput(data=item)
    if not serializer.is_valid():
        raise ReviewFormatError(f"review {number}: {first_error(serializer.errors)}")
    data = serializer.validated_data
    return ReviewInput(
        title=data["title"],
        headline=data["headline"],
        score=data["score"],
        score_display=data["score_display"],
        film=FilmFacts(**data["film"]),
        body=data["body"],
        tags=data["tags"],
        critics=data["critics"],
        slug=data.get("slug", ""),
    )


def first_error(errors, path=""):
    """DRF's nested error structure, flattened to 'film.release_date: Date has wrong format…'."""
    if isinstance(errors, dict):
        name, value = next(iter(errors.items()))
        name = "" if name == "non_field_errors" else name
        return first_error(value, f"{path}.{name}".strip(".") if name else path)
    if isinstance(errors, list):
        first = next((error for error in errors if error), errors[0])
        if isinstance(first, dict | list):
            return first_error(first, path)
        return f"{path}: {first}" if path else str(first)
    return f"{path}: {errors}"


def export_item(page):
    """A review's latest content in the JSON format (the API item without database ids)."""
    film = page.film
    return {
        "title": page.title,
        "headline": page.headline,
        "slug": page.slug,
        "score": page.score_number,
        "score_display": page.score_display,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "critics": [critic.name for critic in page.critics],
        "film": {
            "title": film.title,
            "year": film.year,
            **{name: getattr(film, name) for name in FILM_FACTS},
            "release_date": film.release_date.isoformat() if film.release_date else None,
            "genres": film.genre_names,
            "credits": credits_data(film.credits.all()),
        },
        "body": stored_body(page),
    }
