"""Editors (and superusers) manage draft API keys; writers never see them."""

from django.db import migrations

PERMISSIONS = [
    ("add_apitoken", "Can add API token"),
    ("change_apitoken", "Can change API token"),
    ("delete_apitoken", "Can delete API token"),
    ("view_apitoken", "Can view API token"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="apitoken")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for codename, name in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("reviews", "0004_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
