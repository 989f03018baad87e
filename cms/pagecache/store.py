"""The page cache's store: anonymous responses, each tagged with the content generation it was
rendered under.

Exactness: the generation is a random token that every content change replaces once the change
is committed (signal_handlers.py). A response is rendered under the generation read before its
view ran and is served only while that token is still current, so no response can outlive a
change it may not show: one rendered before the commit was stored under a token the commit has
since replaced, and one rendered after it reads the committed data. A hit is one `get_many`
(the token and the entry together), no database.
"""

import threading
from uuid import uuid4

from django.conf import settings
from django.core.cache import caches

GENERATION = "generation"


def page_cache():
    return caches["pages"]


class ThreadState(threading.local):
    # Content writes this thread has made, and how many of them a post-commit bump covered.
    writes = 0
    covered = 0
    # This thread stored a page since its last bump: it may show a write not yet committed.
    stored = False


state = ThreadState()


def current_generation(cache):
    generation = cache.get(GENERATION)
    if generation is None:
        # First use, or the token was evicted: any new token leaves older entries unserved.
        cache.add(GENERATION, uuid4().hex, timeout=None)
        generation = cache.get(GENERATION)
    return generation


def bump():
    """Make every stored response stale, in every process and node that shares the cache."""
    page_cache().set(GENERATION, uuid4().hex, timeout=None)
    state.stored = False


def lookup(key):
    """The stored entry for `key` if it is current (else None), and the current generation: the
    one a response rendered now is stored under."""
    cache = page_cache()
    found = cache.get_many([GENERATION, key])
    generation = found.get(GENERATION)
    if generation is None:
        return None, current_generation(cache)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry, generation
    return None, generation


def store(key, generation, status, headers, content):
    page_cache().set(key, (generation, status, headers, content), settings.PAGE_CACHE_TIMEOUT)
    state.stored = True
