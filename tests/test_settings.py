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


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("WEBHOOK_TIMEOUT", "0"),
        ("WEBHOOK_TIMEOUT", "soon"),
        ("WEBHOOK_RETRY_DELAYS", "10,1m"),
        ("SCHEDULER_INTERVAL", "-5"),
        ("HEADLESS_PREVIEW_MAX_AGE", "1h"),
    ],
)
def test_bad_timings_are_refused_by_name(variable, value):
    result = load_settings({**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert f"{variable} takes whole seconds" in result.stderr


def test_an_empty_retry_list_means_no_retries():
    env = {**PRODUCTION, "WEBHOOK_RETRY_DELAYS": ""}
    code = "from django.conf import settings as s; print(s.WEBHOOK_RETRY_DELAYS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_production_mail_goes_through_the_smtp_server_from_the_environment():
    code = (
        "from django.core.mail import mailers; m = mailers.default; "
        "print(type(m).__name__, m.host, m.port, m.username, m.password, m.use_tls, m.timeout, "
        "s.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL)"
    )
    env = {
        **PRODUCTION,
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": "false",
        "DEFAULT_FROM_EMAIL": "reviews@example.com",
    }
    result = load_settings(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        *("ResilientSMTPBackend", "smtp.example.com", "2525", "mailer", "s3cret", "False", "10"),
        "reviews@example.com",
    ]
