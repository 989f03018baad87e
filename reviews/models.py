from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import LockableMixin, Orderable, Page, RevisionMixin
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from .blocks import ReviewStreamBlock
from .seo import review_seo, summary_excerpt
from .serializers import (
    CreditsField,
    FilmReviewsField,
    FilmSerializer,
    NamesField,
    PosterField,
    ScoreField,
    SeoField,
)


class Genre(index.Indexed, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Film(LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    title = models.CharField(max_length=255)
    original_title = models.CharField(
        max_length=255, blank=True, help_text="The title in its original language, e.g. 발레리나."
    )
    release_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1870), MaxValueValidator(2200)],
        help_text="Set from the release date when there is one.",
    )
    runtime_minutes = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    budget_usd = models.PositiveBigIntegerField(
        "budget (US dollars)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Whole dollars. Leave empty when the budget is unknown.",
    )
    synopsis = models.TextField(blank=True, help_text="The logline: one or two sentences.")
    genres = ParentalManyToManyField(Genre, blank=True, related_name="films")
    country = models.CharField(max_length=100, blank=True)
    distributor = models.CharField(max_length=100, blank=True, help_text="e.g. Netflix")
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imdb_id = models.CharField("IMDb ID", max_length=20, blank=True)
    tmdb_id = models.CharField("TMDB ID", max_length=20, blank=True)
    wikidata_id = models.CharField("Wikidata ID", max_length=20, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("original_title"),
        FieldRowPanel([FieldPanel("release_date"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("runtime_minutes"), FieldPanel("budget_usd")]),
        FieldPanel("synopsis"),
        FieldPanel("genres", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("country"), FieldPanel("distributor")]),
        FieldPanel("poster"),
        InlinePanel("credits", label="Credit", heading="Cast and crew"),
        MultiFieldPanel(
            [FieldPanel("imdb_id"), FieldPanel("tmdb_id"), FieldPanel("wikidata_id")],
            heading="External IDs",
            classname="collapsed",
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("original_title"),
        index.AutocompleteField("original_title"),
        index.SearchField("synopsis"),
        index.RelatedFields("credits", [index.SearchField("person_name")]),
        index.FilterField("year"),
    ]
    api_fields = [
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
    ]

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="film_unique_title_year")
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def clean(self):
        if self.release_date and self.year and self.release_date.year != self.year:
            raise ValidationError({"year": "The year must match the release date."})

    def save(self, *args, **kwargs):
        if self.release_date:
            self.year = self.release_date.year
        super().save(*args, **kwargs)

    @property
    def genre_names(self):
        return NamesField().to_representation(self.genres)

    @property
    def runtime_display(self):
        return f"{self.runtime_minutes} min" if self.runtime_minutes else ""

    @property
    def budget_display(self):
        return f"${self.budget_usd:,}" if self.budget_usd else "Unknown"

    @property
    def cast(self):
        return [credit for credit in self.credits.all() if credit.role == FilmCredit.Role.CAST]

    @property
    def directors(self):
        return [credit for credit in self.credits.all() if credit.role == FilmCredit.Role.DIRECTOR]


class FilmCredit(Orderable):
    class Role(models.TextChoices):
        CAST = "cast", "Cast"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"

    film = ParentalKey(Film, on_delete=models.CASCADE, related_name="credits")
    person_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CAST)
    character_name = models.CharField(max_length=200, blank=True, help_text="For cast only.")

    panels = [
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("role"), FieldPanel("character_name")])
    ]

    def __str__(self):
        return f"{self.person_name} ({self.get_role_display()})"


class ReviewPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "reviews.ReviewPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ReviewPage(HeadlessPreviewMixin, Page):
    template = "pages/review_page.html"
    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types = []

    headline = models.CharField(
        max_length=255, help_text="The strapline after the dash in the title."
    )
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="reviews")
    score = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("10.0"))],
        help_text="0.0 to 10.0, one decimal place. Leave empty if the film is not scored.",
    )
    body = StreamField(ReviewStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=ReviewPageTag, blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Recognises an imported review on re-import: film title + year + headline.
    source_key = models.CharField(max_length=600, blank=True, db_index=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("film"),
        FieldPanel("score"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("listing_image")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("headline"),
        index.SearchField("body"),
        index.RelatedFields(
            "film",
            [
                index.SearchField("title"),
                index.SearchField("original_title"),
                index.RelatedFields(
                    "credits",
                    [index.SearchField("person_name"), index.SearchField("character_name")],
                ),
            ],
        ),
        index.FilterField("film"),
        index.FilterField("score"),
    ]

    api_fields = [
        APIField("headline"),
        APIField("score", serializer=ScoreField()),
        APIField("tags", serializer=NamesField()),
        APIField("film", serializer=FilmSerializer()),
        APIField("body"),
        APIField("seo", serializer=SeoField(source="*")),
    ]

    @property
    def preview_modes(self):
        # "Front end" opens the headless site (HEADLESS_PREVIEW_URL) on this unsaved edit.
        modes = [("", "Reader page")]
        if settings.HEADLESS_PREVIEW_URL:
            modes.append(("headless", "Front end"))
        return modes

    def serve_preview(self, request, mode_name):
        # Wagtail passes any ?mode= through: without a front-end URL, show the reader page.
        if mode_name == "headless" and settings.HEADLESS_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        return Page.serve_preview(self, request, mode_name)

    def seo(self, request):
        return review_seo(self, request)

    @property
    def score_number(self):
        """The score as a JSON number, or None when not scored."""
        return float(self.score) if self.score is not None else None

    @property
    def excerpt(self):
        return self.search_description or summary_excerpt(self)

    @property
    def card_image(self):
        return self.listing_image or self.film.poster


def score_from_text(text):
    """A score typed into a query string, or None when it is not a number from 0 to 10."""
    try:
        score = Decimal(text)
    except ArithmeticError:
        return None
    return score if score.is_finite() and 0 <= score <= 10 else None


def listing(reviews):
    """Live, public reviews with what their cards show, in a fixed number of queries."""
    return (
        reviews.live()
        .public()
        .select_related("film", "film__poster", "listing_image")
        .prefetch_related("listing_image__renditions", "film__poster__renditions")
    )


class ReviewIndexPage(Page):
    template = "pages/review_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["reviews.ReviewPage"]

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    page_size = 12

    @property
    def reviews(self):
        return listing(ReviewPage.objects.child_of(self)).order_by("-first_published_at", "-pk")

    def filtered_reviews(self, params):
        """The reviews narrowed by ?genre=<slug>, ?tag=<slug> and ?min_score=<number>."""
        reviews, filters = self.reviews, {}
        if genre := Genre.objects.filter(slug=params.get("genre", "")).first():
            reviews, filters["genre"] = reviews.filter(film__genres=genre), genre
        if tag := params.get("tag", ""):
            reviews, filters["tag"] = reviews.filter(tags__slug=tag).distinct(), tag
        if (min_score := score_from_text(params.get("min_score", ""))) is not None:
            reviews, filters["min_score"] = reviews.filter(score__gte=min_score), min_score
        return reviews, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reviews, context["filters"] = self.filtered_reviews(request.GET)
        context["genres"] = Genre.objects.filter(films__reviews__in=self.reviews).distinct()
        paginator = Paginator(reviews, self.page_size)
        try:
            context["reviews"] = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            context["reviews"] = paginator.page(1)
        except EmptyPage:
            context["reviews"] = paginator.page(paginator.num_pages)
        return context


@register_setting(icon="pick")
class ReviewSettings(BaseSiteSetting):
    score_name = models.CharField(
        max_length=60,
        default="Movie Bunker Score",
        help_text="What scores are called on the site, e.g. “Movie Bunker Score 9.5/10”.",
    )

    panels = [FieldPanel("score_name")]

    class Meta:
        verbose_name = "Review settings"
