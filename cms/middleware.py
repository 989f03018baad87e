import contextvars
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.http import http_date
from django.views.defaults import page_not_found

from .content_version import last_content_change

API_PREFIX = "/api/"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Neither reader pages nor the API: the admin, documents (which check their own privacy and
# stream), static files and uploads.
NOT_READER_PREFIXES = (*ADMIN_PREFIXES, "/documents/", "/static/", "/media/")


def is_reader_path(path):
    return not path.startswith((API_PREFIX, *NOT_READER_PREFIXES))


# While HTTPCacheMiddleware handles a request: a list that anything the response lacks (a picture
# whose rendition could not be written) is noted in. Such a response is kept by no cache, so the
# next request tries again. A list, not a flag, so that a note made in a copied context counts.
MISSING = contextvars.ContextVar("response_missing", default=None)


def note_missing_from_response(what):
    """Keep the response being made out of every cache: it lacks `what`."""
    missing = MISSING.get()
    if missing is not None:
        missing.append(what)


class HTTPCacheMiddleware:
    """HTTP caching for the public API and the reader pages: ETag, Last-Modified, 304s and
    Cache-Control. The one place that decides whether a response may be shared: the page cache
    (cms/pagecache) and a front cache store only what this marks public.

    The ETag and the 304s come from Django's ConditionalGetMiddleware: the ETag is a hash of the
    body, so any change that shows in a response changes it. The admin, documents and files keep
    their own headers and never answer 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional_get = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        is_api = request.path.startswith(API_PREFIX)
        if not (is_api or is_reader_path(request.path)):
            return self.get_response(request)
        readable = request.method in ("GET", "HEAD")
        started = timezone.now()
        token = MISSING.set([])
        try:
            response = self.get_response(request)
            incomplete = bool(MISSING.get())
        finally:
            MISSING.reset(token)
        if incomplete:
            add_never_cache_headers(response)
            return response
        if is_api:
            # A draft API key changes the answer: no shared cache may give a reader's copy to a
            # staging front end (nor the reverse, though draft answers are never stored).
            patch_vary_headers(response, ["Authorization"])
        if response.has_header("Cache-Control"):
            return response  # the view decided (a preview of a draft: never stored)
        # Readers' "not found" pages are shared as well: publishing one empties the caches.
        shareable = (200,) if is_api else (200, 404)
        if not readable or response.status_code not in shareable:
            if is_api:
                # Errors and redirects are neither stored nor validated (no-store: no ETag).
                add_never_cache_headers(response)
            return response
        if response.status_code == 200:
            # Read after the view, so that an error page makes no query; a change logged while
            # the view ran may or may not show in this body, so then no Last-Modified (the ETag
            # still validates) rather than one claiming it.
            changed = last_content_change()
            if changed and changed < started:
                response.headers.setdefault("Last-Modified", http_date(changed.timestamp()))
        if request.user.is_authenticated or response.cookies:
            # A signed-in reader's page, or one that hands out a cookie (a password form's CSRF
            # token): for this browser only.
            patch_cache_control(response, private=True, no_cache=True)
        elif is_api:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        elif settings.WAGTAILFRONTENDCACHE:
            # Browsers revalidate each time (a 304 is cheap); the front cache, which publishing
            # purges, keeps the page.
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_MAX_AGE
            )
        else:
            patch_cache_control(response, public=True, max_age=0)
        if response.status_code != 200:
            return response
        return self.conditional_get.process_response(request, response)


class SiteNotFoundPageMiddleware:
    """In development (DEBUG), readers' 404s get the site's own page rather than Django's debug
    page, which lists the URL patterns and overflows a phone's screen. The admin and the API
    keep their own answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith((API_PREFIX, *ADMIN_PREFIXES))
        ):
            return page_not_found(request, Http404())
        return response


class RejectNulMiddleware:
    """A NUL character in a query parameter is a 400 before any view sees it.

    PostgreSQL cannot hold NUL in a string, so any parameter that reaches a query (a filter, an
    admin listing's search, a slug) would otherwise be a server error; no real link carries one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            message = "query parameters must not contain NUL characters"
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"message": message}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """The admin's pages get SECURE_CSP_ADMIN instead of SECURE_CSP (Django's middleware, above
    this one, leaves a policy a response already has)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(settings.SECURE_CSP_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES):
            response.headers.setdefault(str(CSP.HEADER_ENFORCE), self.policy)
        return response
