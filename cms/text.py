"""The one rule for characters that stored text may not contain.

C0 control characters other than tab, newline and carriage return (and DEL) have no meaning in a
title, a credit or a review, are invalid in XML 1.0 (one in a title made every feed a 500) and
NUL cannot be stored by PostgreSQL at all. They arrive by copy and paste and by imports; every
save strips them, whichever form, command or API wrote the object.
"""

import re

from django.db import models
from wagtail.fields import StreamField

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Apps whose models hold text that readers, feeds or the API show.
CLEANED_APPS = {"reviews", "home", "taggit", "wagtailcore", "wagtailimages", "wagtaildocs"}


def strip_control_characters(value):
    """The value with control characters removed from every string in it (lists and dicts too)."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [strip_control_characters(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_control_characters(item) for key, item in value.items()}
    return value


def strip_control_characters_on_save(sender, instance, raw=False, **kwargs):
    """A pre_save receiver: text fields and StreamField content lose their control characters."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, StreamField) and value is not None:
            data = value.get_prep_value()
            if (cleaned := strip_control_characters(data)) != data:
                setattr(instance, field.attname, cleaned)
        elif isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
            setattr(instance, field.attname, strip_control_characters(value))
