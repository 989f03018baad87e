"""Editors change the site's name, tagline, logo and social links, as they change review settings."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="identity", model="sitesettings")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_sitesettings",
        defaults={"name": "Can change site settings"},
    )
    Group.objects.get_or_create(name="Editors")[0].permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
