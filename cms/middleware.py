from urllib.parse import unquote_plus

from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.http import http_date
from django.views.defaults import page_not_found

from .content_version import last_content_change

API_PREFIX = "/api/"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class APICacheMiddleware:
    """HTTP caching for the public API: ETag, Last-Modified, 304s and Cache-Control.

    The ETag and the 304s come from Django's ConditionalGetMiddleware: the ETag is a hash of the
    body, so any change that shows in a response changes it. Only paths under /api/ are touched:
    the admin, previews and reader pages keep their own headers and never answer 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional_get = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        readable = request.method in ("GET", "HEAD")
        # Read before the view runs: a change made meanwhile then gives the next response a later
        # Last-Modified, rather than this one claiming a change its body may not show.
        changed = last_content_change() if readable else None
        response = self.get_response(request)
        # A draft API key changes the answer: no shared cache may give a reader's copy to a
        # staging front end (nor the reverse, though draft answers are never stored).
        patch_vary_headers(response, ["Authorization"])
        if response.has_header("Cache-Control"):
            return response  # the view decided (a preview of a draft: never stored)
        if not readable or response.status_code != 200:
            # Errors and redirects are neither stored nor validated (no-store also means no ETag).
            add_never_cache_headers(response)
            return response
        if changed:
            response.headers.setdefault("Last-Modified", http_date(changed.timestamp()))
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
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
