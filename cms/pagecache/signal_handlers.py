"""Every content change makes the page cache stale, and purges the front cache, once committed.

Every model counts except those listed below, which readers never see: a model added later is
covered without anyone remembering to list it. Writes that bypass model signals are covered by
Wagtail's own signals (a move rewrites its descendants' paths with one UPDATE) or call
`content_changed()` themselves.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractRendition
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .store import bump, state

# Editor-side records: sessions, audit logs, drafts and their workflow, locks, comments, editing
# sessions, background tasks, webhooks, imports, login attempts. Renditions, embeds and index rows
# are derived from content while a page renders (a saved image or page counts on its own).
INVISIBLE_MODELS = {
    "admin.logentry",
    "sessions.session",
    "wagtailadmin.admin",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "wagtailcore.apitoken",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.workflowstate",
    "wagtailembeds.embed",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailusers.userprofile",
    "wagtail_headless_preview.pagepreview",
}
INVISIBLE_APPS = {"axes", "django_tasks_database", "webhooks", "imports"}
# Saves of only these fields record a draft, a lock or a sign-in: what readers see is unchanged.
BOOKKEEPING_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "last_login",
}


def content_changed():
    """Call after a write readers may see: stale at once for this thread, for all once committed."""
    state.writes += 1
    if state.stored:
        # This thread may have cached a page that shows the uncommitted write (a test, or a view
        # that writes then renders): other connections cannot see it before the commit.
        bump()
    transaction.on_commit(after_commit, robust=True)


def after_commit():
    # One bump covers every write committed so far: a transaction of a thousand saves bumps once.
    if state.covered == state.writes:
        return
    state.covered = state.writes
    bump()
    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache(
            [settings.PUBLIC_BASE_URL + path for path in settings.FRONTEND_CACHE_PURGE_PATHS]
        )


def saved(sender, created=False, update_fields=None, **kwargs):
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # created with its defaults on first read, while a page renders: nothing new
    if update_fields is None or not set(update_fields) <= BOOKKEEPING_FIELDS:
        content_changed()


def deleted(sender, **kwargs):
    content_changed()


def relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        content_changed()


def signalled(sender, **kwargs):
    content_changed()


def is_visible(model):
    meta = model._meta
    return not (
        meta.label_lower in INVISIBLE_MODELS
        or meta.app_label in INVISIBLE_APPS
        or issubclass(model, AbstractRendition)
    )


for model in apps.get_models(include_auto_created=True):
    if is_visible(model):
        post_save.connect(saved, sender=model, weak=False)
        post_delete.connect(deleted, sender=model, weak=False)
        m2m_changed.connect(relation_changed, sender=model, weak=False)

# Publishing saves the object too; a move or a new slug rewrites descendants' URLs with one UPDATE.
for signal in (
    page_published,
    page_unpublished,
    post_page_move,
    page_slug_changed,
    published,
    unpublished,
):
    signal.connect(signalled, weak=False)


def migrated(sender, **kwargs):
    # A migration may rewrite content with queries of its own.
    bump()


post_migrate.connect(migrated, weak=False)
