from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from reviews.models import ReviewPage, listing


class HomePage(Page):
    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["reviews.ReviewIndexPage"]
    max_count = 1

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    latest_count = 6

    @property
    def live_reviews(self):
        return listing(ReviewPage.objects.descendant_of(self))

    @property
    def latest_reviews(self):
        return self.live_reviews.order_by("-first_published_at", "-pk")[: self.latest_count]

    @property
    def top_rated_reviews(self):
        return self.live_reviews.filter(score__isnull=False).order_by("-score", "-pk")[:3]
