"""Faults, survived (issue 12, point 5): a lost database is a 503 with Retry-After, never a
traceback, and the site recovers without a restart."""

import socket

import pytest
from django.db import connections
from django.test import Client

POSTGRES = connections["default"].vendor == "postgresql"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # An SQLite file cannot go away under an open connection the way a database server does;
    # CI runs this module on PostgreSQL.
    pytest.mark.skipif(not POSTGRES, reason="a database outage is a PostgreSQL fault"),
]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down():
    """The server stops answering: every connection, the open one included, fails from now on
    (the connection is pointed at a port where nothing listens). Undone after the test."""
    connection = connections["default"]
    original = dict(connection.settings_dict)

    def stop():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())

    def start():
        connection.close()
        connection.settings_dict.update(original)

    yield stop, start
    start()


@pytest.mark.parametrize("path", ["/", "/reviews/ballerina-2023-review/", "/search/?q=x"])
def test_readers_get_a_503_page_with_retry_after_and_the_site_recovers(
    sample_review, database_down, path
):
    stop, start = database_down
    client = Client(raise_request_exception=False)
    stop()
    response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "Back in a moment" in response.text
    assert "Traceback" not in response.text
    start()
    assert client.get(path).status_code == 200  # the same process, no restart


def test_api_clients_get_a_json_503(sample_review, database_down):
    stop, start = database_down
    client = Client(raise_request_exception=False)
    stop()
    response = client.get("/api/v2/pages/?type=reviews.ReviewPage")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database is unavailable" in response.json()["message"]
    assert int(response["Retry-After"]) > 0
    start()
    assert client.get("/api/v2/pages/?type=reviews.ReviewPage").status_code == 200


def test_the_admin_gets_the_503_too(admin_user, database_down):
    stop, _ = database_down
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    stop()
    assert client.get("/admin/").status_code == 503
