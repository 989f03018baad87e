"""Writers and Editors, and the "Review approval" workflow (least privilege).

Wagtail's own migrations leave two groups and a workflow whose names do not say what they do:
"Editors" (add and edit pages: what a writer does) and "Moderators" (also publish and lock: what an
editor does), and "Moderators approval" on the root page. They become, keeping their members and
their history: Editors -> Writers, Moderators -> Editors, "Moderators approval" -> "Review approval"
(its task "Editors approval") on the review index only. Every group's permissions are then set to
exactly the lists below, so the migration gives the same result on a fresh database, on one where
an administrator created some of these names by hand, and when applied again after a rollback.
"""

from django.db import migrations

ADMIN = [("wagtailadmin", "admin", "access_admin")]
WRITER_MODEL_PERMISSIONS = [
    *ADMIN,
    ("reviews", "film", "add_film"),
    ("reviews", "film", "change_film"),
    ("reviews", "genre", "add_genre"),
    ("reviews", "genre", "change_genre"),
]
EDITOR_MODEL_PERMISSIONS = [
    *WRITER_MODEL_PERMISSIONS,
    ("reviews", "film", "delete_film"),
    ("reviews", "film", "lock_film"),
    ("reviews", "film", "unlock_film"),
    ("reviews", "genre", "delete_genre"),
    ("reviews", "reviewsettings", "change_reviewsettings"),
]
# Images and documents are permitted per collection; these apply to the root (every collection).
# Wagtail lets whoever may change an image delete it, and whoever may add one edit their own: so
# writers upload, choose and edit their own images, and only editors change or delete anyone's.
WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
]
EDITOR_COLLECTION_PERMISSIONS = [
    *WRITER_COLLECTION_PERMISSIONS,
    ("wagtailimages", "image", "change_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
]
# Without publish_page a writer cannot publish, schedule, unpublish or delete a live page; without
# lock_page they cannot lock one. Writers work under the review index, editors on the whole tree.
WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def rename_or_get(Group, old, new):
    if not Group.objects.filter(name=new).exists():
        Group.objects.filter(name=old).update(name=new)
    group, _ = Group.objects.get_or_create(name=new)
    if leftover := Group.objects.filter(name=old).first():
        # Both names existed: the new one stays, with the old one's members added.
        group.user_set.add(*leftover.user_set.all())
        leftover.delete()
    return group


def setup_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Task = apps.get_model("wagtailcore.Task")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def permission(app_label, model, codename):
        # Permissions of this project's models are created after the last migration: make them.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        verb = codename.split("_", 1)[0]
        return Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {verb} {model}"},
        )[0]

    has = Group.objects.filter(name__in=["Writers", "Moderators"]).values_list("name", flat=True)
    if set(has) == {"Moderators"}:
        # Wagtail's own pair, not renamed yet: its "Editors" add and edit pages, as writers do.
        Group.objects.filter(name="Editors").update(name="Writers")
    writers = Group.objects.get_or_create(name="Writers")[0]
    editors = rename_or_get(Group, "Moderators", "Editors")
    root_page = Page.objects.get(depth=1)
    review_index = Page.objects.get(
        content_type__app_label="reviews", content_type__model="reviewindexpage"
    )
    root_collection = Collection.objects.get(depth=1)
    grants = [
        (writers, WRITER_MODEL_PERMISSIONS, WRITER_COLLECTION_PERMISSIONS),
        (editors, EDITOR_MODEL_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
    ]
    pages = [
        (writers, review_index, WRITER_PAGE_PERMISSIONS),
        (editors, root_page, EDITOR_PAGE_PERMISSIONS),
    ]
    for group, model_permissions, collection_permissions in grants:
        group.permissions.set([permission(*names) for names in model_permissions])
        GroupCollectionPermission.objects.filter(group=group).delete()
        for names in collection_permissions:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=permission(*names)
            )
    for group, page, codenames in pages:
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=permission("wagtailcore", "page", codename)
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(
        name__in=["Editors approval", "Moderators approval"]
    ).first() or GroupApprovalTask(content_type=task_type)
    task.name, task.active = "Editors approval", True
    task.save()
    task.groups.set([editors])
    # A task with the same name made by hand would show twice in the admin's task chooser.
    Task.objects.filter(name="Editors approval").exclude(pk=task.pk).update(active=False)

    workflow = Workflow.objects.filter(
        name__in=["Review approval", "Moderators approval"]
    ).first() or Workflow()
    workflow.name, workflow.active = "Review approval", True
    workflow.save()
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Editors publish the home page directly; only reviews go through approval.
    WorkflowPage.objects.filter(workflow=workflow).exclude(page=review_index).delete()
    WorkflowPage.objects.update_or_create(page=review_index, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_film_locking"),
        ("home", "0002_initial_tree"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Backwards: the groups and the workflow stay as they are (forwards again gives the same result);
    # undoing would take editors' rights away from people who use them.
    operations = [migrations.RunPython(setup_roles, migrations.RunPython.noop)]
