"""`make bench` (tests/benchmarks/web_bench.py): the production settings, with two switches.

BENCH_CACHE=off puts Django's DummyCache behind every cache alias: each lookup misses and nothing
is kept, so every request takes the path of a cache miss (the benchmark's "cold" column). The
API's rate limit is off, as a load test from one address would otherwise measure its 429s.
"""

from .production import *  # noqa: F403

API_RATE_LIMIT = ""
if os.environ.get("BENCH_CACHE", "on") == "off":  # noqa: F405
    CACHES = {  # noqa: F405
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in globals().get("CACHES", {"default": None})
    }
