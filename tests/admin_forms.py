"""What the admin's review and film editors post, built from a review's or film's revision.

The editor builds the StreamField and comment inputs in JavaScript, so the test client posts
them the way the browser does, with Wagtail's own form-data helpers.
"""

from django.urls import reverse
from wagtail.blocks import RichTextBlock, StructBlock
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from reviews.blocks import ReviewStreamBlock

BODY = ReviewStreamBlock()


def block_form_value(block, value):
    if isinstance(block, StructBlock):
        return {
            name: block_form_value(child, value.get(name, ""))
            for name, child in block.child_blocks.items()
        }
    return rich_text(value) if isinstance(block, RichTextBlock) else value


def review_form(page, verdict=None, comments=(), **fields):
    """POST data for the edit view: `page` (e.g. a revision's object) with `fields` and the
    verdict changed."""
    body = [
        (child["type"], block_form_value(BODY.child_blocks[child["type"]], child["value"]))
        for child in page.body.raw_data
    ]
    if verdict is not None:
        body[-1] = ("verdict", {"body": rich_text(verdict)})
    values = {
        "title": page.title,
        "slug": page.slug,
        "headline": page.headline,
        "film": page.film_id,
        "score": "" if page.score is None else str(page.score),
        "tags": "",
        "critic_links": inline_formset(
            [{"critic": link.critic_id} for link in page.critic_links.all()]
        ),
        "body": streamfield(body),
        "comments": inline_formset(list(comments)),
        **fields,
    }
    return nested_form_data(values)


def admin_url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def film_form(film, **fields):
    """POST data for a film's edit view: `film` (e.g. a revision's object) with `fields` changed;
    its genres and credits as they are."""
    data = nested_form_data(
        {
            "title": film.title,
            "original_title": film.original_title,
            "year": film.year or "",
            "release_date": film.release_date or "",
            "runtime_minutes": film.runtime_minutes or "",
            "budget_usd": film.budget_usd or "",
            "synopsis": film.synopsis,
            "country": film.country,
            "distributor": film.distributor,
            "poster": film.poster_id or "",
            "credits": inline_formset(
                [
                    {
                        "id": credit.pk or "",
                        "person_name": credit.person_name,
                        "role": credit.role,
                        "character_name": credit.character_name,
                        "ORDER": str(order),
                    }
                    for order, credit in enumerate(film.credits.all(), start=1)
                ]
            ),
            "imdb_id": film.imdb_id,
            "tmdb_id": film.tmdb_id,
            "wikidata_id": film.wikidata_id,
        }
    )
    # A checkbox list posts one value per ticked box under the same name.
    return {**data, "genres": [genre.pk for genre in film.genres.all()], **fields}


def snippet_url(action, *args, model="film"):
    return reverse(f"wagtailsnippets_reviews_{model}:{action}", args=args)
