from django.tasks import task

from .runner import run


@task(backend="imports")
def run_import(import_id, dry_run):
    """An admin import (or its dry run) on the worker: `manage.py db_worker --backend imports`."""
    return run(import_id, dry_run=dry_run)
