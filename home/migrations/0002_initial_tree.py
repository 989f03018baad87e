import uuid

from django.db import migrations
from django.utils import timezone


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    ReviewIndexPage = apps.get_model("reviews.ReviewIndexPage")

    # Replace the "Welcome to Wagtail" page (and its Site) made by wagtailcore's initial data.
    welcome = Page.objects.filter(depth=2, slug="home").first()
    locale = welcome.locale if welcome else Locale.objects.order_by("pk").first()
    if welcome:
        welcome.delete()

    now = timezone.now()
    common = {"locale": locale, "live": True, "first_published_at": now, "last_published_at": now}
    home = HomePage.objects.create(
        title="Movie Bunker",
        draft_title="Movie Bunker",
        slug="home",
        content_type=ContentType.objects.get_for_model(HomePage),
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        translation_key=uuid.uuid4(),
        intro="<p>Honest reviews of new films, scored out of ten.</p>",
        **common,
    )
    ReviewIndexPage.objects.create(
        title="Reviews",
        draft_title="Reviews",
        slug="reviews",
        content_type=ContentType.objects.get_for_model(ReviewIndexPage),
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/reviews/",
        translation_key=uuid.uuid4(),
        intro="<p>Every review, newest first.</p>",
        **common,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


def remove_tree(apps, schema_editor):
    apps.get_model("wagtailcore.Page").objects.filter(path__startswith="00010001").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("reviews", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, remove_tree)]
