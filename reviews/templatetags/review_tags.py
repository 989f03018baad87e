import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from reviews.images import FORMATS, or_none_when_unwritable, picture_renditions
from reviews.seo import page_seo

register = template.Library()

# As Django's json_script does: no "</script>" or "<!--" can survive inside the JSON.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def seo_for(context, page):
    """The page's search-engine markup: a review's own (with JSON-LD), else the generic one."""
    request = context["request"]
    return page.seo(request) if hasattr(page, "seo") else page_seo(page, request)


@register.filter
def json_ld(value):
    """JSON for a <script type="application/ld+json">, escaped so no text can close the script."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder).translate(SCRIPT_ESCAPES))


@register.simple_tag
def responsive_picture(image, spec, **attrs):
    """Wagtail's {% picture %} in AVIF, WebP and JPEG for a spec such as "width-{400,800}", less
    the sizes an original too small to fill gives twice over (Wagtail never enlarges)."""
    renditions = or_none_when_unwritable(picture_renditions)(
        image, [spec], lambda *specs: get_renditions_or_not_found(image, specs)
    )
    if renditions is None:
        return ""
    if len(renditions) == len(FORMATS):
        # One size left: no srcset, and then `sizes` is not allowed either.
        attrs.pop("sizes", None)
    return Picture(renditions, attrs).__html__()


@register.simple_tag
def image_or_nothing(image, spec, **attrs):
    """Wagtail's {% image %}, or nothing when the rendition cannot be made (a full disk)."""
    rendition = or_none_when_unwritable(get_rendition_or_not_found)(image, spec)
    return "" if rendition is None else rendition.img_tag(attrs)


@register.filter
def half_stars(score):
    """A 0–10 score as the number of half stars out of five it fills, rounded (0–10)."""
    return round(score)


@register.filter
def initials(name):
    """Up to two initials for a picture-less critic ("Ann Lee" → "AL")."""
    return "".join(word[0] for word in name.split()[:2]).upper()
