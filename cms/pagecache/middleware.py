import re
from hashlib import sha256

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from cms.middleware import NOT_READER_PREFIXES

from .store import lookup, store

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # GZipMiddleware's own test
LIST_SEPARATOR = re.compile(r"\s*,\s*")
# The headers a stored response may vary on: those in its key, and those whose requests are
# never served from here (a cookie, a draft API key).
HANDLED_VARY = {"accept-encoding", "origin", "cookie", "authorization"}
BODY_HEADERS = {"content-type", "content-length", "content-encoding"}
# A preview token reads a draft: never stored, whatever the response says.
NEVER_CACHED_PATHS = (*NOT_READER_PREFIXES, "/api/v2/page_preview/")


def cache_key(request):
    """The key of an anonymous GET or HEAD, or None for a request the cache must not answer.

    Any cookie sends a request past the cache: a session (a signed-in editor, a passed
    password form), a CSRF token or a message means an answer for that browser alone.
    """
    meta = request.META
    if (
        request.method not in ("GET", "HEAD")
        or meta.get("HTTP_COOKIE")
        or meta.get("HTTP_AUTHORIZATION")
        or request.path.startswith(NEVER_CACHED_PATHS)
        or not settings.PAGE_CACHE_TIMEOUT
    ):
        return None
    parts = (
        request.scheme,
        request.get_host(),  # checked against ALLOWED_HOSTS, as every view would
        request.get_full_path(),
        "gzip" if ACCEPTS_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")) else "",
        meta.get("HTTP_ORIGIN", ""),  # CORS headers name the origin
    )
    return "page:" + sha256("\n".join(parts).encode()).hexdigest()


def directives(header):
    return {part.split("=", 1)[0].strip().lower() for part in LIST_SEPARATOR.split(header)} - {""}


def storable(response):
    """Only what HTTPCacheMiddleware marked shareable, with no cookie and no Vary beyond the key."""
    if response.streaming or response.cookies or response.status_code not in (200, 404):
        return False
    cache_control = directives(response.get("Cache-Control", ""))
    if "public" not in cache_control or cache_control & {"private", "no-cache", "no-store"}:
        return False
    return directives(response.get("Vary", "")) <= HANDLED_VARY


def replay(request, entry):
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    if status != 200:
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
    if conditional is not response:
        # A 304 keeps the stored headers (CORS's too, which a front end needs to read it).
        for name, value in headers:
            if name.lower() not in BODY_HEADERS:
                conditional.headers.setdefault(name, value)
    return conditional


class PageCacheMiddleware:
    """Answers anonymous readers and API clients from the page cache (store.py).

    First in MIDDLEWARE: a hit returns before sessions, authentication, CSP and site routing run,
    with the headers the response was stored with. Its Content-Security-Policy nonce is the one
    in its body: the header was stored together with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        entry, generation = lookup(key)
        if entry is not None:
            return replay(request, entry)
        response = self.get_response(request)
        # HEAD responses may come without their body.
        if request.method == "GET" and storable(response):
            store(key, generation, response.status_code, list(response.items()), response.content)
            response.headers["X-Page-Cache"] = "miss"
        return response
