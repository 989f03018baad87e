import math
import re
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PageManager,
    PageQuerySet,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from .blocks import ReviewStreamBlock
from .forms import ReviewPageForm
from .panels import ChangesRequestedPanel, SchedulePanel
from .permissions import ReviewPermissionTester
from .seo import (
    CanonicalSitemapMixin,
    absolute_url,
    listing_lastmod,
    page_description,
    page_path,
    page_title,
    review_seo,
    subpage_seo,
    summary_excerpt,
)


class GenreQuerySet(models.QuerySet):
    def of_reviews(self, reviews):
        """The genres of these reviews' films, each with its number of them (`review_count`)."""
        return self.filter(films__reviews__in=reviews).annotate(
            review_count=Count("films__reviews", distinct=True)
        )

    def having(self, reviews):
        """The genres of any of these reviews' films, without counting them: one existence test
        per genre, which stops at the first review found however large the archive."""
        return self.filter(Exists(reviews.filter(film__genres=OuterRef("pk"))))


class Genre(index.Indexed, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)

    objects = GenreQuerySet.as_manager()

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
            # Letters of any script: an ASCII-only slug of "드라마" would be empty.
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class FilmQuerySet(models.QuerySet):
    def reviewed(self):
        """Published films with a live, public review: a film known only from drafts is editors'
        data. (A review going live publishes its film: publish_film_with_review.)"""
        return self.filter(live=True, pk__in=ReviewPage.objects.published().values("film"))

    def with_live_reviews(self):
        """Each film with `live_reviews`: its live, public reviews, newest first, in one query."""
        reviews = ReviewPage.objects.published().newest_first()
        return self.prefetch_related(
            models.Prefetch("reviews", queryset=reviews, to_attr="live_reviews")
        )


class Film(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A film's row holds its live version once published; an edit is a draft revision that
    readers and the API see only after an editor publishes it ("Review approval" workflow)."""

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

    objects = FilmQuerySet.as_manager()

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
        """Alphabetical; reads prefetched genres."""
        return sorted(genre.name for genre in self.genres.all())

    @property
    def runtime_display(self):
        return f"{self.runtime_minutes} min" if self.runtime_minutes else ""

    @property
    def budget_display(self):
        return f"${self.budget_usd:,}" if self.budget_usd else ""

    @property
    def poster_alt(self):
        # An image's title is often a file name: better the film's name than that.
        if self.poster is None:
            return ""
        return self.poster.description or f"Poster of {self}"

    @cached_property
    def credit_list(self):
        # A review page names the cast and directors twice (facts box and JSON-LD): one query.
        return list(self.credits.all())

    @property
    def cast(self):
        return [credit for credit in self.credit_list if credit.role == FilmCredit.Role.CAST]

    @property
    def directors(self):
        return [credit for credit in self.credit_list if credit.role == FilmCredit.Role.DIRECTOR]

    @property
    def writers(self):
        return [credit for credit in self.credit_list if credit.role == FilmCredit.Role.WRITER]


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


class CriticQuerySet(models.QuerySet):
    def of_reviews(self, reviews):
        """The critics of these reviews, each with its number of them (`review_count`)."""
        return self.filter(review_links__page__in=reviews).annotate(
            review_count=Count("review_links__page", distinct=True)
        )


class Critic(index.Indexed, models.Model):
    """A person who writes reviews: the byline, the author in JSON-LD and feeds, a page of theirs.

    A critic may have a user account (a writer in the admin) or not (an archive's byline)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True, allow_unicode=True)
    bio = models.TextField(blank=True, help_text="A sentence or two shown on the critic's page.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    social_url = models.URLField(
        "social profile", blank=True, help_text="e.g. a Bluesky, Mastodon or Letterboxd profile."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="critic",
        help_text="The admin account that writes as this critic, if any.",
    )

    objects = CriticQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("social_url")]),
        FieldPanel("user"),
    ]
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
            self.slug = unique_slug(Critic, self.name, "critic")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("critic", args=[self.slug])

    @property
    def reviews(self):
        """Their live, public reviews with what cards show, newest first."""
        return ReviewPage.objects.filter(critic_links__critic=self).listing()


def unique_slug(model, name, fallback):
    """A slug in the letters of any script, made unique with -2, -3… ."""
    base = slugify(name, allow_unicode=True)[:190] or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class ReviewPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "reviews.ReviewPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def tags_of(reviews):
    """The tags of these reviews, each with its number of them (`review_count`)."""
    return Tag.objects.filter(reviews_reviewpagetag_items__content_object__in=reviews).annotate(
        review_count=Count("reviews_reviewpagetag_items", distinct=True)
    )


class ReviewPageCritic(Orderable):
    """The byline: a review's critics, in the order they are credited."""

    page = ParentalKey("reviews.ReviewPage", on_delete=models.CASCADE, related_name="critic_links")
    critic = models.ForeignKey(Critic, on_delete=models.PROTECT, related_name="review_links")

    panels = [FieldPanel("critic")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "critic"], name="review_critic_once")
        ]

    def __str__(self):
        return str(self.critic)


# Ids the review page's own markup uses, which section anchors must not take.
PAGE_IDS = {
    "main",
    "header-search",
    "film-facts-heading",
    "contents-heading",
    "related-heading",
}
WORDS_PER_MINUTE = 230


def section_heading(block):
    """The heading a body block shows: an analysis section's own, or the verdict's."""
    if block.block_type == "analysis":
        return block.value["heading"]
    return "Verdict" if block.block_type == "verdict" else ""


def unique_anchor(heading, used):
    """A readable id for a heading (kept when other sections change), unique on the page."""
    base = slugify(heading, allow_unicode=True) or "section"
    anchor, number = base, 1
    while anchor in used:
        number += 1
        anchor = f"{base}-{number}"
    used.add(anchor)
    return anchor


# A review's byline in one query for a whole list: its links with their critics joined.
# Credited order; links saved together share a sort_order, so creation order breaks the tie.
BYLINE = models.Prefetch(
    "critic_links",
    queryset=ReviewPageCritic.objects.select_related("critic").order_by("sort_order", "pk"),
)


class ReviewPageQuerySet(PageQuerySet):
    """The one listing rule for readers, feeds, the sitemap, search and the API."""

    def published(self):
        """What anonymous readers may see: live, and behind no password or login."""
        return self.live().public()

    def newest_first(self, *before):
        """Newest first (by first publication; the id breaks ties), after any `before` orders."""
        return self.order_by(*before, "-first_published_at", "-pk")

    def with_card_relations(self):
        """What a card shows, in a fixed number of queries (feeds and the API add the genres)."""
        return self.select_related("film", "film__poster", "listing_image").prefetch_related(
            "listing_image__renditions", "film__poster__renditions", BYLINE
        )

    def listing(self):
        return self.published().with_card_relations().newest_first()


ReviewPageManager = PageManager.from_queryset(ReviewPageQuerySet)


class ReviewPage(HeadlessPreviewMixin, CanonicalSitemapMixin, Page):
    template = "pages/review_page.html"
    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types = []

    headline = models.CharField(
        max_length=255,
        blank=True,
        help_text="The strapline after the dash in the title (an archive's review may have none).",
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
    score_display = models.CharField(
        "score as published",
        max_length=20,
        blank=True,
        help_text="The score in the form the review gave it (e.g. ★★★½, B+, 3.5/5), shown beside"
        " the /10 score. Leave empty for scores out of 10.",
    )
    body = StreamField(ReviewStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=ReviewPageTag, blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Recognises an imported review on re-import: film title + year + headline.
    source_key = models.CharField(max_length=600, blank=True, db_index=True, editable=False)

    objects = ReviewPageManager()

    content_panels = [
        ChangesRequestedPanel(),
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("film"),
        InlinePanel("critic_links", label="Critic", heading="Byline", min_num=0),
        FieldRowPanel([FieldPanel("score"), FieldPanel("score_display")]),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("listing_image")]
    # Wagtail's own settings panels, with minutes in the schedule's time picker.
    settings_panels = [SchedulePanel(), *Page.settings_panels[1:]]
    base_form_class = ReviewPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("headline"),
        index.SearchField("body"),
        # Search as you type (autocomplete) finds a review by its film's titles, its cast and crew
        # and its critics, as well as by its own title.
        index.RelatedFields(
            "film",
            [
                index.SearchField("title"),
                index.AutocompleteField("title"),
                index.SearchField("original_title"),
                index.AutocompleteField("original_title"),
                index.RelatedFields(
                    "credits",
                    [
                        index.SearchField("person_name"),
                        index.AutocompleteField("person_name"),
                        index.SearchField("character_name"),
                    ],
                ),
            ],
        ),
        index.RelatedFields(
            "critic_links",
            [
                index.RelatedFields(
                    "critic", [index.SearchField("name"), index.AutocompleteField("name")]
                )
            ],
        ),
        index.FilterField("film"),
        index.FilterField("score"),
    ]

    @property
    def preview_modes(self):
        # "Front end" opens the headless site (HEADLESS_PREVIEW_URL) on this unsaved edit.
        modes = [("", "Reader page")]
        if settings.HEADLESS_PREVIEW_URL:
            modes.append(("headless", "Front end"))
        return modes

    def permissions_for_user(self, user):
        return ReviewPermissionTester(user, self)

    def serve_preview(self, request, mode_name):
        # Wagtail passes any ?mode= through: without a front-end URL, show the reader page.
        if mode_name == "headless" and settings.HEADLESS_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        return Page.serve_preview(self, request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each relation the page shows (facts box, byline, JSON-LD, tags) in one query, however
        # often the templates read it.
        models.prefetch_related_objects([self], *self.PAGE_RELATIONS)
        if not getattr(request, "is_preview", False):
            # A preview's byline and tags are the edit's own, held on the page, not stored rows.
            models.prefetch_related_objects([self], BYLINE, "tags")
        return context

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
    def critics(self):
        """The byline's critics in credited order (reads prefetched `critic_links__critic`)."""
        return [link.critic for link in self.critic_links.all()]

    @property
    def card_image(self):
        return self.listing_image or self.film.poster

    @cached_property
    def sections(self):
        """The body's blocks, each with the anchor of its heading ("" for blocks without one)."""
        used, sections = set(PAGE_IDS), []
        for block in self.body:
            heading = section_heading(block)
            sections.append((block, unique_anchor(heading, used) if heading else ""))
        return sections

    @property
    def table_of_contents(self):
        return [(anchor, section_heading(block)) for block, anchor in self.sections if anchor]

    @property
    def reading_minutes(self):
        text = self.body.stream_block.get_searchable_content(self.body)
        return max(1, math.ceil(sum(len(part.split()) for part in text) / WORDS_PER_MINUTE))

    @cached_property
    def index_page(self):
        return ReviewIndexPage.objects.parent_of(self).first()

    PAGE_RELATIONS = (
        models.Prefetch("film", queryset=Film.objects.select_related("poster")),
        "film__poster__renditions",
        "film__genres",
        "film__credits",
        "owner",
    )

    # Related reviews are ranked among this many of the newest that share a genre or a tag: a
    # fixed amount of work however large the archive (the newest are found by walking the
    # publication-date index until enough match).
    RELATED_CANDIDATES = 30

    @property
    def related_reviews(self):
        """Up to three other live reviews sharing a genre or a tag, most shared first among the
        newest such reviews, in one query (plus the card images' renditions)."""
        genres = Film.genres.through.objects.filter(film=self.film_id).values("genre")
        tags = ReviewPageTag.objects.filter(content_object=self.pk).values("tag")
        shares_genre = Film.genres.through.objects.filter(film=OuterRef("film"), genre__in=genres)
        shares_tag = ReviewPageTag.objects.filter(content_object=OuterRef("pk"), tag__in=tags)
        candidates = (
            ReviewPage.objects.exclude(pk=self.pk)
            .filter(Exists(shares_genre) | Exists(shares_tag))
            .published()
            .newest_first()
            .values("pk")[: self.RELATED_CANDIDATES]
        )
        in_genre, tagged = Q(film__genres__in=genres), Q(tagged_items__tag__in=tags)
        return (
            ReviewPage.objects.filter(pk__in=candidates)
            .with_card_relations()
            .annotate(
                shared=Count("film__genres", filter=in_genre, distinct=True)
                + Count("tagged_items", filter=tagged, distinct=True)
            )
            .newest_first("-shared")[:3]
        )


class DeletedReview(models.Model):
    """A deleted review as it was, with its revisions, kept for editors to restore.

    Made in the same transaction as the deletion (reviews.archive), whichever way it was deleted;
    kept for DELETED_REVIEWS_RETENTION_DAYS."""

    title = models.CharField(max_length=255)
    page_id = models.PositiveIntegerField(help_text="The review's id before it was deleted.")
    # Ids, not foreign keys: the index may be deleted in the same transaction as its reviews.
    parent_id = models.PositiveIntegerField(null=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    was_live = models.BooleanField("was live", default=False)
    content = models.JSONField(encoder=DjangoJSONEncoder, help_text="The page as last saved.")
    revisions = models.JSONField(encoder=DjangoJSONEncoder, default=list)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        default_permissions = ("view", "delete")
        permissions = [("restore_deletedreview", "Can restore deleted review")]

    def __str__(self):
        return self.title


def public_critics():
    """Critics with a live, public review, each with their number of them: a critic known only
    from drafts is editors' data."""
    # Counted over the links the filter joins (only those to published reviews), in one pass
    # over the byline rows: a filtered count per critic re-read the published reviews per row.
    published = ReviewPage.objects.published().values("pk")
    return Critic.objects.filter(review_links__page__in=published).annotate(
        review_count=Count("review_links", distinct=True),
        lastmod=Max("review_links__page__last_published_at"),
    )


def index_with_byline(sender, instance, **kwargs):
    """Wagtail indexes a page as it saves it, before the page's child rows (the byline's critics)
    are written: index a published review again once they are, so a search finds its critics."""
    index.insert_or_update_object(instance)


def index_reviews_of_film(sender, instance, **kwargs):
    """A review's search entry holds its film's titles and credits as published: index the film's
    reviews again when a change to the film is published (a draft changes nothing for readers)."""
    for review in ReviewPage.objects.filter(film=instance):
        index.insert_or_update_object(review)


def publish_film_with_review(sender, instance, raw=False, update_fields=None, **kwargs):
    """A review goes live with its film. A film written with the review (or imported with it) has
    never been published, and whoever publishes the review vouches for it; a live review never
    shows a film that is not. Only a film that is not live: edits waiting on a live film keep
    waiting for their own approval.

    On save rather than in `publish`: Wagtail's page editor and admin API publish through an
    action that does not call it, and the film goes live first, so its own events name no review
    that readers have not seen yet."""
    if raw or not instance.live or (update_fields is not None and "live" not in update_fields):
        return
    film = Film.objects.filter(pk=instance.film_id, live=False).first()
    if film is not None:
        revision = film.get_latest_revision() or film.save_revision()
        revision.publish(skip_permission_checks=True)


def score_from_text(text):
    """A score typed into a query string, or None when it is not a number from 0 to 10."""
    try:
        score = Decimal(text)
    except ArithmeticError:
        return None
    return score if score.is_finite() and 0 <= score <= 10 else None


# Tag slugs keep their letters (taggit: "한국 영화" → "한국-영화"), and so do genres'.
SLUG = re.compile(r"[-\w]+")


class ReviewIndexPage(CanonicalSitemapMixin, RoutablePageMixin, Page):
    template = "pages/review_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["reviews.ReviewPage"]

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    page_size = 12

    @property
    def reviews(self):
        return ReviewPage.objects.child_of(self).listing()

    @property
    def genres(self):
        """The genres that have live reviews here, for the genre pages and their links."""
        return Genre.objects.having(self.reviews)

    def tagged(self, slug):
        return self.reviews.filter(tagged_items__tag__slug=slug)

    def route(self, request, path_components):
        # A review in one query (its own row with the page's) rather than Wagtail's two, and it
        # knows its index without asking again.
        if len(path_components) == 1:
            review = ReviewPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if review is not None:
                review.index_page = self
                return review.route(request, [])
        return super().route(request, path_components)

    @path("")
    def all_reviews(self, request):
        # Genre and tag filters were query parameters before they had pages: keep old links working.
        for route in ("genre", "tag"):
            if SLUG.fullmatch(slug := request.GET.get(route, "")):
                params = request.GET.copy()
                del params[route]
                query = f"?{params.urlencode()}" if params else ""
                url = self.get_url(request) + self.reverse_subpage(route, args=[slug])
                return redirect(url + query, permanent=True)
        return self.listing(request, self.reviews, page_title(self), page_description(self))

    @re_path(rf"^genre/(?P<slug>{SLUG.pattern})/$", name="genre")
    def genre(self, request, slug):
        genre = self.genres.filter(slug=slug).first()
        if genre is None:
            raise Http404("No reviews in this genre.")
        title = f"{genre.name} film reviews"
        description = f"Reviews of {genre.name.lower()} films, newest first."
        reviews = self.reviews.filter(film__genres=genre)
        subpath = self.reverse_subpage("genre", args=[slug])
        return self.listing(request, reviews, title, description, subpath, genre=genre)

    @re_path(rf"^tag/(?P<slug>{SLUG.pattern})/$", name="tag")
    def tag(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        reviews = self.tagged(slug)
        if tag is None or not reviews.exists():
            raise Http404("No reviews with this tag.")
        title = f"Reviews tagged “{tag.name}”"
        description = f"Film reviews tagged “{tag.name}”, newest first."
        subpath = self.reverse_subpage("tag", args=[slug])
        return self.listing(request, reviews, title, description, subpath, tag=tag)

    def listing(self, request, reviews, title, description, subpath="", **filters):
        """A page of reviews narrowed by ?min_score=, with its own title and canonical link."""
        if (min_score := score_from_text(request.GET.get("min_score", ""))) is not None:
            reviews, filters["min_score"] = reviews.filter(score__gte=min_score), min_score
        page = paginate(reviews, request.GET.get("page"), self.page_size)
        # A score filter is a view of the listing, not a page of its own.
        query = {"page": page.number} if page.number > 1 and min_score is None else {}
        if page.number > 1:
            title = f"{title} (page {page.number})"
        return self.render(
            request,
            context_overrides={
                "reviews": page,
                "filters": filters,
                "listing_title": title if subpath else self.title,
                "seo": subpage_seo(
                    self,
                    request,
                    title,
                    description,
                    subpath,
                    f"?{urlencode(query)}" if query else "",
                ),
            },
        )

    @property
    def lastmod(self):
        return listing_lastmod(self, self.reviews)

    def get_sitemap_urls(self, request=None):
        """The index, then a page per genre and tag that has live reviews."""
        base = absolute_url(page_path(self, request))
        urls = super().get_sitemap_urls(request)
        newest = Max("films__reviews__last_published_at")
        for genre in self.genres.annotate(lastmod=newest).order_by("slug"):
            location = base + self.reverse_subpage("genre", args=[genre.slug])
            urls.append({"location": location, "lastmod": genre.lastmod})
        tags = (
            Tag.objects.filter(reviews_reviewpagetag_items__content_object__in=self.reviews)
            .annotate(lastmod=Max("reviews_reviewpagetag_items__content_object__last_published_at"))
            .order_by("slug")
        )
        for tag in tags:
            location = base + self.reverse_subpage("tag", args=[tag.slug])
            urls.append({"location": location, "lastmod": tag.lastmod})
        return urls


# Deeper than this, a page's rows are found by their keys first (`deep_page_rows`).
DEEP_OFFSET = 100


def deep_page_rows(queryset, window):
    """The rows of `window`, a slice of `queryset`: its keys first, then only those rows with their
    relations. A deep page then skips narrow index entries instead of joining every skipped row to
    its film and images (offset 9,000: 387 ms to 50 ms at 10,000 reviews)."""
    keys = list(window.values_list("pk", flat=True))
    rows = queryset.in_bulk(keys)
    return [rows[key] for key in keys if key in rows]


def paginate(items, number, per_page):
    """The requested page; a page number that is not a number, or out of range, gets the first
    or the last page rather than an error."""
    page = page_of(Paginator(items, per_page), number)
    if isinstance(items, models.QuerySet) and page.start_index() > DEEP_OFFSET:
        page.object_list = deep_page_rows(items, page.object_list)
    return page


def page_of(paginator, number):
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages if int(number) > 1 else 1)


@register_setting(icon="pick")
class ReviewSettings(BaseSiteSetting):
    class ScoreDisplay(models.TextChoices):
        NUMBER = "number", "The number (e.g. 7.5/10)"
        STARS = "stars", "Stars out of five, with the number beside them"

    score_name = models.CharField(
        max_length=60,
        default="Movie Bunker Score",
        help_text="What scores are called on the site, e.g. “Movie Bunker Score 9.5/10”.",
    )
    score_display = models.CharField(
        max_length=10,
        choices=ScoreDisplay.choices,
        default=ScoreDisplay.NUMBER,
        help_text="How readers see a score. Screen readers always hear the number.",
    )

    panels = [FieldPanel("score_name"), FieldPanel("score_display")]

    class Meta:
        verbose_name = "Review settings"
