"""A URL that fails, for the 500 page test."""

from django.urls import path


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", fail)]
