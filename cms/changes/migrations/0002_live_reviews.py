"""Start the log with every review that is public now, so a first sync from the start of the
feed finds them all."""

from django.db import migrations


def backfill(apps, schema_editor):
    ReviewPage = apps.get_model("reviews", "ReviewPage")
    ReviewChange = apps.get_model("changes", "ReviewChange")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    reviews = (
        ReviewPage.objects.filter(live=True)
        .prefetch_related("film__genres", "tagged_items__tag")
        .order_by("last_published_at", "pk")
    )
    ReviewChange.objects.bulk_create(
        ReviewChange(
            review_id=review.pk,
            change="published",
            occurred_at=review.last_published_at,
            film_id=review.film_id,
            genres=sorted(genre.slug for genre in review.film.genres.all()),
            tags=sorted(item.tag.slug for item in review.tagged_items.all()),
        )
        for review in reviews
        if not any(review.path.startswith(path) for path in restricted)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("changes", "0001_initial"),
        ("reviews", "0006_critic_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
