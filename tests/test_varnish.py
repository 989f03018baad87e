"""A real Varnish (Debian's varnishd) with deploy/varnish/default.vcl in front of a live server:
Wagtail's frontend-cache invalidator purges it after a publish, and it takes purges from the app's
address only. Skipped only where varnishd is not installed (`make varnish` installs it)."""

import http.client
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reviews.models import ReviewPage

VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
VCL_DIR = Path(__file__).resolve().parent.parent / "deploy" / "varnish"
PORT = 8580
NO_VARNISHD = "varnishd is not installed (Debian's varnish: make varnish)"
API_LIST = "/api/v2/pages/?type=reviews.ReviewPage&fields=*"

pytestmark = [
    pytest.mark.skipif(VARNISHD is None, reason=NO_VARNISHD),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def request(method, path, source="127.0.0.1"):
    connection = http.client.HTTPConnection(
        "127.0.0.1", PORT, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers={"Host": "testserver"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """varnishd on PORT with the repository's VCL, forwarding to the live server; the app
    configured to purge it as production would be (FRONTEND_CACHE_URL)."""
    backend = urlsplit(live_server.url)
    (tmp_path / "backend.vcl").write_text(
        f'backend default {{ .host = "127.0.0.1"; .port = "{backend.port}"; }}\n'
    )
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",  # in the foreground, so that the test owns the process
            "-j",
            "none",
            "-n",
            str(tmp_path / "work"),
            "-a",
            f"127.0.0.1:{PORT}",
            "-T",
            "none",
            "-f",
            str(VCL_DIR / "default.vcl"),
            "-p",
            f"vcl_path={tmp_path}:{VCL_DIR}",
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                request("GET", "/robots.txt")
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("varnishd did not start:\n" + process.stdout.read().decode())
                time.sleep(0.1)
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{PORT}",
            }
        }
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def cached_copy(path):
    """Fetch `path` through Varnish until Varnish answers from its own copy."""
    request("GET", path)
    status, headers, body = request("GET", path)
    assert (status, headers["X-Cache"]) == (200, "hit"), path
    return body


def test_a_publish_purges_varnish_pages_lists_and_api(varnish, make_review):
    page = make_review()
    urls = [page.url, "/", "/reviews/", "/feed/", API_LIST, f"/api/v2/pages/{page.pk}/"]
    for url in urls:
        assert "Second Thoughts" not in cached_copy(url)

    page = ReviewPage.objects.get(pk=page.pk)
    page.title = "Film 1 (2001) Review – Second Thoughts"
    page.headline = "Second Thoughts"
    page.save_revision().publish()

    for url in urls:
        status, headers, body = request("GET", url)
        assert (status, headers["X-Cache"]) == (200, "miss"), url
        assert "Second Thoughts" in body, url


def test_reader_pages_are_kept_by_varnish_and_revalidated_by_browsers(varnish, make_review):
    page = make_review()
    status, headers, _ = request("GET", page.url)
    assert headers["Cache-Control"] == "public, max-age=0, s-maxage=86400"


def test_a_signed_in_request_goes_past_varnish(varnish, make_review):
    page = make_review()
    cached_copy(page.url)
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("GET", page.url, headers={"Host": "testserver", "Cookie": "sessionid=x"})
    response = connection.getresponse()
    response.read()
    assert response.getheader("X-Cache") == "miss"


def test_only_the_app_may_purge(varnish, make_review):
    page = make_review()
    cached_copy(page.url)
    # Another address on the loopback network stands for a stranger.
    status, _, _ = request("PURGE", "/", source="127.0.0.2")
    assert status == 405
    assert request("GET", page.url)[1]["X-Cache"] == "hit"

    status, _, _ = request("PURGE", "/")
    assert status == 200
    assert request("GET", page.url)[1]["X-Cache"] == "miss"
