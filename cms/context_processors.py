from django.utils.functional import SimpleLazyObject

from cms.identity.models import site_name


def site(request):
    # Lazy: a template that never names the site (an API error page) costs no query.
    return {"SITE_NAME": SimpleLazyObject(lambda: site_name(request))}
