"""Writers and Editors (reviews/migrations/0004_editorial_roles.py) through the real admin views.

Every refusal is a forged request: the button is not shown to a writer, the POST is made anyway.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site, TaskState, Workflow, WorkflowState

from reviews.models import Film, ReviewPage

from .admin_forms import admin_url, review_form
from .conftest import member

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail answers a forbidden admin request by redirecting to the dashboard with a message,
    or with 403; never with a 500."""
    return response.status_code in (302, 403)


def submit(client, review):
    data = review_form(review)
    data["action-submit"] = "1"
    response = client.post(admin_url("edit", review.pk), data)
    assert response.status_code == 302, response.content
    return review.current_workflow_task_state


def test_the_migration_leaves_two_roles_and_one_workflow_on_the_review_index(index, home):
    assert set(Group.objects.values_list("name", flat=True)) == {"Writers", "Editors"}
    workflow = Workflow.objects.get()
    assert (workflow.name, workflow.active) == ("Review approval", True)
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == "Editors approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
    assert index.get_workflow() == workflow
    # Editors publish the home page directly: no workflow above the review index.
    assert home.get_workflow() is None
    assert Page.objects.get(depth=1).get_workflow() is None


def test_writers_rights_are_exactly_the_listed_ones(index):
    writers = Group.objects.get(name="Writers")
    assert sorted(writers.permissions.values_list("codename", flat=True)) == [
        "access_admin",
        "add_critic",
        "add_film",
        "add_genre",
        "change_film",
        "view_critic",
    ]
    assert sorted(
        (p.page.specific_class.__name__, p.permission.codename)
        for p in writers.page_permissions.all()
    ) == [("ReviewIndexPage", "add_page"), ("ReviewIndexPage", "change_page")]
    collection_permissions = writers.collection_permissions.values_list(
        "permission__codename", flat=True
    )
    assert sorted(collection_permissions) == ["add_image", "choose_image"]


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_publish_button_forged(request, role, sample_review, client):
    user = request.getfixturevalue(role)
    data = review_form(sample_review, headline="Forged headline")
    data["action-publish"] = "1"
    response = user.post(admin_url("edit", sample_review.pk), data)
    assert response.status_code == 302
    live = ReviewPage.objects.get(pk=sample_review.pk)
    published = live.headline == "Forged headline"
    assert published is (role == "editor")
    assert ("Forged headline" in client.get(live.url).text) is published
    if role == "writer":
        # Saved as a draft for review, not lost.
        assert live.get_latest_revision_as_object().headline == "Forged headline"
        assert live.has_unpublished_changes


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_scheduling_forged(request, role, sample_review):
    user = request.getfixturevalue(role)
    data = review_form(sample_review, go_live_at="2099-01-01 09:00")
    data["action-publish"] = "1"
    user.post(admin_url("edit", sample_review.pk), data)
    scheduled = sample_review.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert scheduled is (role == "editor")


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_unpublish_forged(request, role, sample_review, client):
    user = request.getfixturevalue(role)
    response = user.post(admin_url("unpublish", sample_review.pk))
    assert response.status_code == 302
    sample_review.refresh_from_db()
    assert sample_review.live is (role == "writer")
    assert client.get("/reviews/ballerina-2023-review/").status_code == (
        200 if role == "writer" else 404
    )


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_deleting_a_live_review_forged(request, role, sample_review):
    user = request.getfixturevalue(role)
    response = user.post(admin_url("delete", sample_review.pk))
    assert response.status_code in (302, 403)
    assert ReviewPage.objects.filter(pk=sample_review.pk).exists() is (role == "writer")


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_lock_forged(request, role, sample_review):
    user = request.getfixturevalue(role)
    user.post(admin_url("lock", sample_review.pk))
    sample_review.refresh_from_db()
    assert sample_review.locked is (role == "editor")


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_approving_forged(request, role, sample_review, django_user_model):
    other_writer = member(django_user_model, "walt", "Writers")
    task_state = submit(other_writer, sample_review)
    user = request.getfixturevalue(role)
    url = admin_url("workflow_action", sample_review.pk, "approve", task_state.pk)
    response = user.post(url, {"comment": "Fine by me"})
    assert response.status_code in (200, 302, 403)
    task_state.refresh_from_db()
    expected = TaskState.STATUS_APPROVED if role == "editor" else TaskState.STATUS_IN_PROGRESS
    assert task_state.status == expected


def test_a_writer_cannot_edit_a_review_in_moderation(writer, sample_review, django_user_model):
    submit(member(django_user_model, "walt", "Writers"), sample_review)
    page = writer.get(admin_url("edit", sample_review.pk))
    assert "locked" in page.text.lower()
    response = writer.post(
        admin_url("edit", sample_review.pk), review_form(sample_review, headline="Sneaky")
    )
    assert response.status_code == 200  # the form again, with the lock message
    latest = ReviewPage.objects.get(pk=sample_review.pk).get_latest_revision_as_object()
    assert latest.headline != "Sneaky"


def test_a_writer_creates_and_submits_a_review_but_it_stays_unpublished(writer, sample_review):
    data = review_form(sample_review, title="A second take", slug="a-second-take")
    data["action-submit"] = "1"
    add = reverse(
        "wagtailadmin_pages:add", args=["reviews", "reviewpage", sample_review.get_parent().pk]
    )
    response = writer.post(add, data)
    assert response.status_code == 302
    page = ReviewPage.objects.get(slug="a-second-take")
    assert not page.live
    assert page.owner == writer.user
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"


def test_a_writer_has_no_rights_outside_the_review_index(writer, home):
    assert writer.get("/admin/").status_code == 200
    assert refused(writer.get(admin_url("edit", home.pk)))
    assert refused(writer.get("/admin/users/"))
    assert refused(writer.get("/admin/workflows/list/"))
    assert refused(writer.get("/admin/settings/reviews/reviewsettings/"))


def test_anonymous_and_groupless_users_cannot_enter_the_admin(client, django_user_model, index):
    assert client.get("/admin/").status_code == 302
    nobody = Client()
    nobody.force_login(django_user_model.objects.create_user("nobody", "n@example.com", "pw"))
    assert nobody.get("/admin/").status_code == 302
    assert refused(nobody.get(admin_url("edit", index.pk)))


@pytest.fixture
def film(db):
    return Film.objects.create(title="Nope", year=2022)


def snippet_url(action, *args):
    return reverse(f"wagtailsnippets_reviews_film:{action}", args=args)


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_films_add_and_edit_for_both_delete_and_lock_for_editors(request, role, film):
    user = request.getfixturevalue(role)
    assert user.get(snippet_url("add")).status_code == 200
    assert user.get(snippet_url("edit", film.pk)).status_code == 200
    user.post(snippet_url("lock", film.pk))
    film.refresh_from_db()
    assert film.locked is (role == "editor")
    if film.locked:
        user.post(snippet_url("unlock", film.pk))
    user.post(snippet_url("delete", film.pk))
    assert Film.objects.filter(pk=film.pk).exists() is (role == "writer")


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_images_both_upload_and_edit_their_own_editors_edit_and_delete_any(request, role, index):
    user = request.getfixturevalue(role)
    assert user.get(reverse("wagtailimages:add")).status_code == 200
    own = Image.objects.create(title="Mine", file=get_test_image_file(), uploaded_by_user=user.user)
    assert user.get(reverse("wagtailimages:edit", args=[own.pk])).status_code == 200
    other = Image.objects.create(title="Theirs", file=get_test_image_file())
    assert (user.get(reverse("wagtailimages:edit", args=[other.pk])).status_code == 200) is (
        role == "editor"
    )
    user.post(reverse("wagtailimages:delete", args=[other.pk]))
    assert Image.objects.filter(pk=other.pk).exists() is (role == "writer")


def apply_role_migrations():
    """The roles as the migrations define them: 0004 sets each group's rights, 0006 adds critics,
    0008 deleted reviews, cms.apikeys lets editors manage draft API keys and identity 0002 edit
    the site settings; 0010 moderates films and keeps genre renames for editors."""
    importlib.import_module("reviews.migrations.0004_editorial_roles").setup_roles(apps, None)
    importlib.import_module("reviews.migrations.0006_critic_permissions").grant(apps, None)
    importlib.import_module("reviews.migrations.0008_deleted_reviews").grant(apps, None)
    importlib.import_module("reviews.migrations.0010_film_drafts").moderate_films(apps, None)
    importlib.import_module("cms.apikeys.migrations.0001_editors_manage_keys").grant(apps, None)
    importlib.import_module("cms.identity.migrations.0002_editors_change_site_settings").grant(
        apps, None
    )


def role_state():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(group.page_permissions.values_list("page_id", "permission__codename")),
            sorted(group.collection_permissions.values_list("permission__codename", flat=True)),
            sorted(group.user_set.values_list("username", flat=True)),
        )
        for group in Group.objects.all()
    }


def test_the_roles_migration_run_again_changes_nothing(index):
    before = role_state()
    apply_role_migrations()
    assert role_state() == before
    assert Workflow.objects.count() == 1


def test_the_roles_migration_merges_a_moderators_group_made_again_by_hand(
    index, writer, editor, django_user_model
):
    """An administrator recreated Wagtail's "Moderators" and gave it a member: after the migration
    that member is an editor, and everybody else keeps their role."""
    mod = django_user_model.objects.create_user("mod", "mod@example.com", "pw")
    Group.objects.create(name="Moderators").user_set.add(mod)
    apply_role_migrations()
    assert set(Group.objects.values_list("name", flat=True)) == {"Writers", "Editors"}
    members = {
        g.name: sorted(g.user_set.values_list("username", flat=True)) for g in Group.objects.all()
    }
    assert members == {"Writers": ["wendy"], "Editors": ["eddie", "mod"]}


def test_the_roles_migration_turns_wagtails_defaults_into_writers_and_editors(
    index, django_user_model
):
    """The database as Wagtail's own migrations leave it, with a member in each group."""
    writers, editors = Group.objects.get(name="Writers"), Group.objects.get(name="Editors")
    Group.objects.filter(pk=editors.pk).update(name="Moderators")
    Group.objects.filter(pk=writers.pk).update(name="Editors")
    Workflow.objects.update(name="Moderators approval")
    old_editor = django_user_model.objects.create_user("old-editor", "e@example.com", "pw")
    old_moderator = django_user_model.objects.create_user("old-mod", "m@example.com", "pw")
    Group.objects.get(name="Editors").user_set.add(old_editor)
    Group.objects.get(name="Moderators").user_set.add(old_moderator)
    apply_role_migrations()
    members = {
        g.name: sorted(g.user_set.values_list("username", flat=True)) for g in Group.objects.all()
    }
    assert members == {"Writers": ["old-editor"], "Editors": ["old-mod"]}
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Review approval"]


def test_the_dashboard_names_the_site_not_its_host(writer):
    """The migrated Site carries the site's name, which the admin shows instead of 127.0.0.1."""
    assert Site.objects.get(is_default_site=True).site_name == "Movie Bunker"
    assert "Movie Bunker" in writer.get("/admin/").text
