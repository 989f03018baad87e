from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from reviews.models import Genre, ReviewIndexPage, ReviewPage, public_critics
from reviews.seo import CanonicalSitemapMixin, listing_lastmod


class HomePage(CanonicalSitemapMixin, Page):
    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["reviews.ReviewIndexPage"]
    max_count = 1

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    lead_review = models.ForeignKey(
        "reviews.ReviewPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="editor's pick",
        help_text="Shown first, with a large poster. Empty (or not live): the newest review.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("lead_review")]

    latest_count = 6
    top_rated_count = 4

    def route(self, request, path_components):
        # The review index in one query (its own row with the page's) rather than Wagtail's two.
        if path_components:
            index = ReviewIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                return index.route(request, path_components[1:])
        return super().route(request, path_components)

    @property
    def live_reviews(self):
        return ReviewPage.objects.descendant_of(self).listing()

    @cached_property
    def lead(self):
        """The editor's pick while it is live and public, else the newest review."""
        reviews = self.live_reviews
        picked = reviews.filter(pk=self.lead_review_id) if self.lead_review_id else None
        return (picked and picked.first()) or reviews.first()

    @cached_property
    def latest_reviews(self):
        """The newest reviews after the lead: no review appears twice on the home page."""
        reviews = self.live_reviews
        if self.lead:
            reviews = reviews.exclude(pk=self.lead.pk)
        return list(reviews[: self.latest_count])

    @property
    def top_rated_reviews(self):
        shown = [review.pk for review in [self.lead, *self.latest_reviews] if review]
        reviews = self.live_reviews.filter(score__isnull=False).exclude(pk__in=shown)
        return reviews.order_by("-score", "-first_published_at", "-pk")[: self.top_rated_count]

    @property
    def critics(self):
        return public_critics().order_by("name")

    @property
    def lastmod(self):
        return listing_lastmod(self, self.live_reviews)

    @property
    def reviews_index(self):
        """Where genre pages live: the first live review index."""
        return ReviewIndexPage.objects.child_of(self).live().public().first()

    @property
    def genres(self):
        """Genres with live reviews, each with its number of them."""
        return Genre.objects.of_reviews(self.live_reviews)
