"""What the page checkers (`make check-pages`) asked of every reader page, kept by the suite."""

import gzip
import re

import pytest

pytestmark = pytest.mark.django_db


def without_nonces(html):
    return re.sub(r' nonce="[^"]*"', "", html)


def test_pages_are_compressed_for_clients_that_accept_gzip(sample_review, client):
    plain = client.get(sample_review.url)
    compressed = client.get(sample_review.url, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    # Equal but for the Content-Security-Policy nonce, new in every response.
    assert without_nonces(gzip.decompress(compressed.content).decode()) == without_nonces(
        plain.text
    )


def test_api_validators_still_answer_304_when_compressed(sample_review, client):
    headers = {"Accept-Encoding": "gzip"}
    first = client.get("/api/v2/pages/?type=reviews.ReviewPage", headers=headers)
    assert first["Content-Encoding"] == "gzip"
    again = client.get(
        "/api/v2/pages/?type=reviews.ReviewPage",
        headers={**headers, "If-None-Match": first["ETag"]},
    )
    assert again.status_code == 304


def test_publication_times_are_valid_html_datetimes(sample_review, client):
    """The Nu Html Checker refuses the six-digit fractions of isoformat()."""
    for url in ("/", "/reviews/", sample_review.url):
        stamps = re.findall(r'<time datetime="([^"]+T[^"]+)"', client.get(url).text)
        assert stamps, url
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp
