"""DRF's exception handler, set in REST_FRAMEWORK (a module of its own: the authentication
class is imported while DRF's views module is still loading)."""

from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, Throttled
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with a refused key or a rate limit answered like every other API error:
    {"message": …} (and DRF's WWW-Authenticate and Retry-After headers kept)."""
    response = drf_exception_handler(exc, context)
    answered = isinstance(exc, AuthenticationFailed | NotAuthenticated | Throttled)
    if answered and response is not None:
        response.data = {"message": str(exc.detail)}
    return response
