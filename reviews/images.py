"""Images as front ends receive them, at the sizes the reader site shows them.

Every image object in the API carries the main rendition's absolute URL, size and alt text, the
focal point an editor set (or null), and `renditions`: the reader site's sizes for that kind of
image in AVIF, WebP and JPEG, so a front end can build the same <picture> as the reader site.
`fill-` crops are centred on the focal point (Wagtail's fill filter does that); `width-` sizes keep
the whole image. Wagtail never enlarges, so an original smaller than a size gives that size once.
"""

import functools
import logging

from wagtail.images.models import Filter

from cms.middleware import note_missing_from_response

logger = logging.getLogger(__name__)

# Browsers take the first source they support: AVIF, then WebP, then the JPEG fallback.
FORMATS = ("avif", "webp", "jpeg")
PICTURE_FORMATS = "format-{" + ",".join(FORMATS) + "}"

# The sizes of templates/includes/film_facts.html, review_card.html and blocks/image.html.
POSTER_SIZES = "width-{248,496}"
CARD_SIZES = "fill-{72x108,144x216}"
BLOCK_IMAGE_SIZES = "width-{400,800,1200}"
PHOTO_SIZES = "fill-{96x96,192x192}"


def picture_renditions(image, sizes, get_renditions=None):
    """{filter spec: rendition} for `sizes` (a list of spec patterns) in every format, less the
    sizes that an original too small to fill gives twice over (a srcset naming one width twice
    is invalid HTML). `get_renditions(*specs)` defaults to the image's own."""
    specs = [spec for size in sizes for spec in Filter.expand_spec([size, PICTURE_FORMATS])]
    renditions, seen = {}, set()
    for filter_spec, rendition in (get_renditions or image.get_renditions)(*specs).items():
        kind, output = filter_spec.split("|")[0].split("-")[0], filter_spec.rsplit("format-", 1)[1]
        size = (kind, output, rendition.width, rendition.height)
        if size not in seen:
            seen.add(size)
            renditions[filter_spec] = rendition
    return renditions


def or_none_when_unwritable(make):
    """For what makes renditions: None instead of an exception when one cannot be written (a
    full disk) or its original cannot be read, so the page or API item is still served, without
    that picture (the error is logged; no cache keeps that response, so the next request tries
    again)."""

    @functools.wraps(make)
    def making(*args, **kwargs):
        try:
            return make(*args, **kwargs)
        except OSError as error:
            logger.error("Rendition not made, served without the picture: %s", error)
            note_missing_from_response("a picture")
            return None

    return making


@or_none_when_unwritable
def image_data(image, spec, alt, sizes):
    rendition = image.get_rendition(spec)
    focal_point = None
    if image.has_focal_point():
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    return {
        "id": image.pk,
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
        "focal_point": focal_point,
        "renditions": [
            {
                "url": r.full_url,
                "width": r.width,
                "height": r.height,
                "format": filter_spec.rsplit("format-", 1)[1],
                "filter": filter_spec.split("|")[0],
            }
            for filter_spec, r in picture_renditions(image, sizes).items()
        ],
    }
