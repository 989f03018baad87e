"""Images as front ends receive them: a rendition's absolute URL, size and alt text, plus
renditions at a few widths for srcset. Used by the API's image fields and by the image block."""

# Renditions offered to front ends for responsive images (srcset), as WebP.
RESPONSIVE_WIDTHS = (400, 800, 1200)


def image_data(image, spec, alt):
    rendition = image.get_rendition(spec)
    widths = [width for width in RESPONSIVE_WIDTHS if width < image.width] + [image.width]
    renditions = image.get_renditions(*(f"width-{width}|format-webp" for width in widths))
    return {
        "id": image.pk,
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
        "renditions": [
            {"url": r.full_url, "width": r.width, "height": r.height, "format": "webp"}
            for r in renditions.values()
        ],
    }
