"""RSS 2.0 and Atom feeds of the latest live reviews, with links at the public address."""

from django.contrib.syndication.views import Feed
from django.db.models import Value
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from cms.identity.models import site_name

from .models import ReviewPage
from .seo import absolute_url, byline, page_path, summary_block

FEED_LENGTH = 20


class LatestReviewsFeed(Feed):
    description = "The latest film reviews."
    url_name = "feed_rss"

    def get_object(self, request, *args, **kwargs):
        # The feed's "object" is the request: its site's name titles the feed.
        return request

    def title(self, request):
        return f"{site_name(request)}: latest reviews"

    def link(self):
        return absolute_url("/")

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self, request):
        reviews = ReviewPage.objects.listing().select_related("owner")
        reviews = reviews.prefetch_related("film__genres")  # each entry's categories
        # The author of a review nobody signed: the publication (item methods see no request).
        return reviews.annotate(publisher=Value(site_name(request)))[:FEED_LENGTH]

    def item_title(self, review):
        return review.title

    def item_link(self, review):
        return absolute_url(page_path(review, None))

    def item_guid(self, review):
        # Stable across slug changes and moves, so readers never see a review twice.
        return f"urn:uuid:{review.translation_key}"

    item_guid_is_permalink = False

    def item_description(self, review):
        summary = summary_block(review)
        return summary.block.get_api_representation(summary.value) if summary else review.excerpt

    def item_pubdate(self, review):
        return review.first_published_at

    def item_updateddate(self, review):
        return review.last_published_at

    def item_author_name(self, review):
        if critics := review.critics:
            return byline(critics)
        return (review.owner and review.owner.get_full_name()) or review.publisher

    def item_author_link(self, review):
        # A feed item has one author link: the first critic credited.
        critics = review.critics
        return absolute_url(critics[0].get_absolute_url()) if critics else None

    def item_categories(self, review):
        return review.film.genre_names


class LatestReviewsAtomFeed(LatestReviewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestReviewsFeed.description
    url_name = "feed_atom"
