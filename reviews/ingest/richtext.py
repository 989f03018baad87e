"""Rich text for review blocks, cleaned to what the review editor allows."""

from django.utils.html import escape
from wagtail.api.rich_text import APIRichText

from reviews.blocks import PROSE_FEATURES


def rich_text(html):
    """Wagtail's own whitelist for editor rich text: only the features the review blocks allow."""
    return APIRichText.sanitize_db_html(html, features=PROSE_FEATURES)[0]


def paragraphs_html(paragraphs):
    """Plain-text paragraphs as rich text: each a <p>, or a list when every line is an item."""
    return rich_text("".join(paragraph_html(paragraph) for paragraph in paragraphs))


def paragraph_html(paragraph):
    if isinstance(paragraph, list):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in paragraph) + "</ul>"
    return f"<p>{escape(paragraph)}</p>"
