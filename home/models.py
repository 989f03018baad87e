from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from reviews.models import Genre, ReviewIndexPage, ReviewPage
from reviews.seo import CanonicalSitemapMixin, listing_lastmod


class HomePage(CanonicalSitemapMixin, Page):
    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["reviews.ReviewIndexPage"]
    max_count = 1

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    latest_count = 6

    @property
    def live_reviews(self):
        return ReviewPage.objects.descendant_of(self).listing()

    @property
    def latest_reviews(self):
        return self.live_reviews[: self.latest_count]

    @property
    def top_rated_reviews(self):
        return self.live_reviews.filter(score__isnull=False).order_by("-score", "-pk")[:3]

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
