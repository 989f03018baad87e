from django.conf import settings
from django.db import migrations


def name_sites(apps, schema_editor):
    # The admin's dashboard and page chooser title a Site by its name, else by its host name.
    apps.get_model("wagtailcore.Site").objects.filter(site_name="").update(
        site_name=settings.WAGTAIL_SITE_NAME
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0002_initial_tree")]

    operations = [migrations.RunPython(name_sites, migrations.RunPython.noop)]
