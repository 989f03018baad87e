import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

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
