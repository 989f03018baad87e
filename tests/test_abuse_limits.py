"""Admin sign-in lockout and API rate limits (issue 12, point 6)."""

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings

from cms.throttling import ClientRateThrottle

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("eddie", "eddie@example.com", PASSWORD)


def sign_in(client, password, username="eddie"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_out_from_that_address_even_with_the_right_one(editor):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        assert sign_in(attacker, "guess").status_code == 200  # the form again, with its error
    assert sign_in(attacker, "guess").status_code == 429  # the fifth
    response = sign_in(attacker, PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert attacker.get("/admin/").status_code == 302  # still signed out
    # The editor, from their own address, still signs in.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_failure_limit_is_a_setting_and_a_success_resets_the_count(editor):
    client = Client(REMOTE_ADDR="203.0.113.10")
    sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "guess")
    sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 429


def api(client, **headers):
    return client.get("/api/v2/pages/find/?html_path=/nowhere/", headers=headers)


def test_over_a_thousand_api_requests_a_minute_from_one_client_get_429_with_retry_after(rf):
    client = Client(REMOTE_ADDR="203.0.113.20")
    # The clock stands still: a thousand requests "within the same minute", however slow the
    # machine running the test. The first 999 are counted by the throttle alone (quicker than
    # 999 requests through the site); the 1,000th and 1,001st are real requests.
    with time_machine.travel("2026-01-01 12:00", tick=False):
        for _ in range(999):
            request = rf.get("/api/v2/pages/", REMOTE_ADDR="203.0.113.20")
            request.user = AnonymousUser()
            assert ClientRateThrottle().allow_request(request, None)
        assert api(client).status_code == 404
        response = api(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["message"]
    # Other readers are not affected.
    assert api(Client(REMOTE_ADDR="203.0.113.21")).status_code == 404


@override_settings(API_RATE_LIMIT="3/min", NUM_PROXIES=1)
def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw():
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(3):
        # A client cannot escape by writing its own X-Forwarded-For entries on the left.
        assert api(proxy, x_forwarded_for=f"1.1.1.{n}, 203.0.113.30").status_code == 404
    assert api(proxy, x_forwarded_for="203.0.113.30").status_code == 429
    assert api(proxy, x_forwarded_for="203.0.113.31").status_code == 404


@override_settings(API_RATE_LIMIT="")
def test_an_empty_rate_limit_turns_it_off():
    client = Client()
    assert {api(client).status_code for _ in range(20)} == {404}
