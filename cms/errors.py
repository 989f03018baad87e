"""The server-error handler: a lost database is a 503 that says when to come back.

Any uncaught exception ends here (Django's `handler500`), wherever it was raised: a view, a
middleware, a template. When it is a database error and a fresh connection also fails, the
database is down rather than the code wrong: readers get a short "back soon" page, API clients
`{"message": …}`, both 503 with Retry-After and never stored by a cache. Each request tries the
database again, so the site recovers by itself when it returns. Everything else is Django's 500.
"""

import sys

from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from .middleware import API_PREFIX

# Seconds a client should wait: long enough for a database restart or a failover.
RETRY_AFTER = 30


def database_reachable():
    connection = connections["default"]
    try:
        connection.close()
        connection.ensure_connection()
    except DatabaseError:
        return False
    return True


def server_error(request):
    if not isinstance(sys.exception(), DatabaseError) or database_reachable():
        return defaults.server_error(request)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"message": "the database is unavailable: try again shortly"}, status=503
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response
