"""Production settings with the values of .env.example pass Django's deployment checks, and every
HTML response carries a Content-Security-Policy (issue 12, point 7)."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

ROOT = Path(__file__).resolve().parent.parent


def env_example():
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def test_the_deploy_checks_pass_with_the_example_environment(tmp_path):
    env = {
        **env_example(),
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the example leaves it for the operator
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/reviews/ballerina-2023-review/", "/search/?q=x", "/nope/"])
def test_reader_pages_carry_a_policy_and_their_inline_json_ld_its_nonce(
    client, sample_review, path
):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    scripts = html.fromstring(response.content).xpath("//script")
    for script in scripts:
        assert f"'nonce-{script.get('nonce')}'" in policy
    if path.startswith("/reviews/"):
        assert scripts  # the review's JSON-LD


@pytest.mark.django_db
def test_the_admin_carries_the_policy(admin_client):
    assert "script-src" in admin_client.get("/admin/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "storage_env, url",
    [
        # AWS with a CDN host in front of the bucket: MEDIA_URL follows it (and so the CSP).
        (
            {"AWS_S3_REGION_NAME": "eu-west-1", "AWS_S3_CUSTOM_DOMAIN": "media.example.com"},
            "https://media.example.com/images/a.jpg",
        ),
        # Another S3-compatible provider, addressed by its endpoint.
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.storage.example.net"},
            "https://s3.storage.example.net/reviews-media/images/a.jpg",
        ),
    ],
)
def test_a_bucket_name_moves_uploads_to_object_storage(tmp_path, storage_env, url):
    """Several app nodes share uploads through S3-compatible storage (docs/deploy.md): the
    variables an operator sets give django-storages' S3 backend, with plain lasting URLs."""
    env = {
        **env_example(),
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "AWS_STORAGE_BUCKET_NAME": "reviews-media",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example-secret",
        **storage_env,
    }
    code = (
        "from django.conf import settings; from django.core.files.storage import storages;"
        "uploads = storages['default'];"
        "print(type(uploads).__name__, uploads.bucket_name, uploads.url('images/a.jpg'),"
        " settings.SECURE_CSP['img-src'][-1])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    backend, bucket, media_url, image_origin = result.stdout.split()
    assert (backend, bucket, media_url) == ("S3Storage", "reviews-media", url)
    if "AWS_S3_CUSTOM_DOMAIN" in storage_env:
        assert image_origin == "https://media.example.com"
