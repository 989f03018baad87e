"""Critics in the roles: writers add critics (a co-author, an archive's byline) and pick them in a
review's byline; editors also change and delete them."""

from django.db import migrations

WRITERS = [("add_critic", "Can add critic"), ("view_critic", "Can view critic")]
EDITORS = [*WRITERS, ("change_critic", "Can change critic"), ("delete_critic", "Can delete critic")]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="reviews", model="critic")
    for group_name, codenames in (("Writers", WRITERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename, name in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_critics"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
