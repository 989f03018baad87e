"""Backups: the database and the uploaded files, with a manifest of their checksums.

A backup is a directory: `database.sqlite3` (SQLite's online backup of the whole file) or
`database.pgdump` (pg_dump's custom format), `media/` (a copy of MEDIA_ROOT) and `manifest.json`
(engine, time, and the size and SHA-256 of every file). A restore checks the manifest first and
changes nothing when any file is missing, extra or altered.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections

MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, in one line."""


def engine():
    vendor = connections["default"].vendor
    if vendor not in DUMPS:
        raise BackupError(f"cannot back up a {vendor} database")
    return vendor


def checksum(path):
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_of(root):
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def postgres_env():
    """libpq's variables for the default database, so no password appears in a command line."""
    db = settings.DATABASES["default"]
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def run(command):
    result = subprocess.run(command, env=postgres_env(), capture_output=True, text=True)
    if result.returncode:
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise BackupError(f"{command[0]} failed: {lines[-1]}")


def make_backup(parent: Path) -> Path:
    """Write a new backup directory under `parent`; returns it."""
    vendor = engine()
    target = parent / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target.mkdir(parents=True)
    dump = target / DUMPS[vendor]
    if vendor == "sqlite":
        # The online backup API: a consistent copy even while the site writes.
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with sqlite3.connect(dump) as copy:
            source.backup(copy)
        source.close()
    else:
        run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)])
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / "media")
    manifest = {
        "engine": vendor,
        "created": datetime.now(UTC).isoformat(),
        "files": {
            name: {"size": path.stat().st_size, "sha256": checksum(path)}
            for name, path in files_of(target).items()
        },
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def verify(backup: Path):
    """The backup's manifest, after checking every file against it."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup}: no readable {MANIFEST} ({error})") from None
    present = files_of(backup)
    listed = manifest.get("files", {})
    if missing := sorted(set(listed) - set(present)):
        raise BackupError(f"{backup}: missing {missing[0]} (and {len(missing) - 1} more)")
    if extra := sorted(set(present) - set(listed)):
        raise BackupError(f"{backup}: {extra[0]} is not in the manifest")
    for name, facts in listed.items():
        if checksum(present[name]) != facts["sha256"]:
            raise BackupError(f"{backup}: {name} does not match its checksum")
    if manifest.get("engine") != engine():
        raise BackupError(
            f"{backup}: a {manifest.get('engine')} backup cannot be restored into {engine()}"
        )
    return manifest


def restore_backup(backup: Path):
    """Replace the database and MEDIA_ROOT with the backup's (checked first)."""
    manifest = verify(backup)
    dump = backup / DUMPS[manifest["engine"]]
    connections.close_all()
    if manifest["engine"] == "sqlite":
        with (
            sqlite3.connect(dump) as source,
            sqlite3.connect(settings.DATABASES["default"]["NAME"]) as database,
        ):
            source.backup(database)
    else:
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                settings.DATABASES["default"]["NAME"],
                str(dump),
            ]
        )
    restore_media(backup / "media", Path(settings.MEDIA_ROOT))
    # Pages and API responses cached from the replaced database would outlive it.
    for cache in caches.all():
        cache.clear()


def restore_media(source: Path, media: Path):
    """Swap in a full copy, so an interrupted restore never leaves half of each."""
    incoming = media.with_name(f"{media.name}.restoring")
    old = media.with_name(f"{media.name}.replaced")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir(parents=True)
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)
