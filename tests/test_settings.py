"""Production settings are safe by default and refuse to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x" * 50,
    "PUBLIC_BASE_URL": "https://reviews.example.com",
}


def load_settings(env, code="print(s.DEBUG, s.SECRET_KEY == 'x' * 50)"):
    code = f"from django.conf import settings as s; {code}"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_starts_with_debug_off():
    result = load_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "Set SECRET_KEY"), ("PUBLIC_BASE_URL", "Set PUBLIC_BASE_URL")],
)
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "/media/"),
        ("", "/media/"),
        ("https://media.example.com/", "https://media.example.com/"),
    ],
)
def test_uploads_are_served_from_media_url(value, expected):
    env = PRODUCTION if value is None else {**PRODUCTION, "MEDIA_URL": value}
    result = load_settings(env, "print(s.MEDIA_URL)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_unsupported_database_url_is_refused():
    result = load_settings({**PRODUCTION, "DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode != 0
    assert "DATABASE_URL must point at SQLite or PostgreSQL" in result.stderr
