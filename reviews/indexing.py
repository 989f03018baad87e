"""Index entries for objects written without their save signals (bulk imports and seeding)."""

from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex


def update_indexes(model, ids, references=True):
    """Search (and unless told otherwise, reference) index entries for these objects, in bulk."""
    objects = list(model.get_indexed_objects().filter(pk__in=ids))
    if references:
        for obj in objects:
            ReferenceIndex.create_or_update_for_object(obj)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
