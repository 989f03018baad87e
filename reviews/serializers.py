"""API v2 representations of review data (DESIGN §4 is the contract)."""

from rest_framework import serializers
from rest_framework.fields import Field


class ScoreField(Field):
    """A JSON number such as 9.5 (DRF would send a Decimal as a string), or null."""

    def to_representation(self, value):
        return float(value)


class TagNamesField(Field):
    """Tag names, sorted; reads prefetched tags (Wagtail's TagsField re-queries per item)."""

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class SeoField(Field):
    """The same title, description, canonical URL, OpenGraph and JSON-LD as the HTML page."""

    def to_representation(self, page):
        return page.seo(self.context["request"])


def image_data(image, spec, alt):
    """An image as front ends need it: a rendition's absolute URL, its size and alt text."""
    rendition = image.get_rendition(spec)
    return {
        "id": image.pk,
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


class PosterField(Field):
    def to_representation(self, image):
        return image_data(image, "max-800x1200", image.default_alt_text or image.title)


class CreditSerializer(serializers.Serializer):
    name = serializers.CharField(source="person_name")
    role = serializers.CharField()
    character = serializers.CharField(source="character_name")


class FilmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    original_title = serializers.CharField()
    year = serializers.IntegerField()
    release_date = serializers.DateField()
    runtime_minutes = serializers.IntegerField()
    budget_usd = serializers.IntegerField()
    synopsis = serializers.CharField()
    genres = serializers.SerializerMethodField()
    country = serializers.CharField()
    distributor = serializers.CharField()
    credits = CreditSerializer(many=True, source="credits.all")
    poster = PosterField()
    imdb_id = serializers.CharField()
    tmdb_id = serializers.CharField()
    wikidata_id = serializers.CharField()

    def get_genres(self, film):
        return sorted(genre.name for genre in film.genres.all())
