from django.utils.functional import SimpleLazyObject
from wagtail.templatetags.wagtailcore_tags import slugurl

from cms.identity.models import site_name


def site(request):
    # Lazy: a template that never names the site (an API error page) costs no query.
    return {
        "SITE_NAME": SimpleLazyObject(lambda: site_name(request)),
        # The header, the footer and the home page link to the reviews: one query for the three.
        "REVIEWS_URL": SimpleLazyObject(lambda: slugurl({"request": request}, "reviews")),
    }
