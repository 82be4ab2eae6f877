import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts import throttle

BLOCKED = "Zu viele fehlgeschlagene Anmeldeversuche"


def attempt(client, username, password, ip="192.0.2.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_it_blocks_the_sixth_attempt_even_with_the_right_password(client, cast):
    for _ in range(5):
        assert attempt(client, "redaktion-a", "falsch").status_code == 200
    response = attempt(client, "redaktion-a", cast.password)
    assert response.status_code == 429
    assert BLOCKED in response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_blocks_the_account_from_another_address(client, cast):
    for _ in range(5):
        attempt(client, "redaktion-a", "falsch", ip="192.0.2.1")
    assert attempt(client, "redaktion-a", cast.password, ip="198.51.100.7").status_code == 429


def test_it_blocks_an_address_guessing_many_accounts(client, cast):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, name, "falsch", ip="203.0.113.9")
    assert attempt(client, "aussen", cast.password, ip="203.0.113.9").status_code == 429
    assert attempt(client, "aussen", cast.password, ip="198.51.100.7").status_code == 302


def test_it_allows_four_failures_and_then_a_login(client, cast):
    for _ in range(4):
        attempt(client, "redaktion-a", "falsch")
    assert attempt(client, "redaktion-a", cast.password).status_code == 302


def test_a_successful_login_resets_the_account_counter(client, cast):
    for _ in range(4):
        attempt(client, "redaktion-a", "falsch", ip="192.0.2.1")
    attempt(client, "redaktion-a", cast.password, ip="192.0.2.2")
    client.logout()
    for _ in range(4):
        attempt(client, "redaktion-a", "falsch", ip="192.0.2.3")
    assert attempt(client, "redaktion-a", cast.password, ip="192.0.2.4").status_code == 302


def test_user_names_count_regardless_of_case(client, cast):
    for _ in range(5):
        attempt(client, "Redaktion-A", "falsch", ip=f"192.0.2.{_}")
    assert attempt(client, "redaktion-a", cast.password, ip="198.51.100.7").status_code == 429


@override_settings(LOGIN_ATTEMPTS_LIMIT=2)
def test_the_limit_comes_from_the_settings(client, cast):
    attempt(client, "redaktion-a", "falsch")
    attempt(client, "redaktion-a", "falsch")
    assert attempt(client, "redaktion-a", cast.password).status_code == 429


def test_the_block_ends_with_the_window(client, cast):
    for _ in range(5):
        attempt(client, "redaktion-a", "falsch")
    # The window passing is the cache entries expiring.
    from django.core.cache import cache

    cache.clear()
    assert attempt(client, "redaktion-a", cast.password).status_code == 302


def test_the_admin_login_is_throttled_too(client, cast):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "geschaeftsstelle", "password": "falsch"})
    response = client.post(url, {"username": "geschaeftsstelle", "password": cast.password})
    assert BLOCKED in response.content.decode()


@override_settings(AUTHENTICATION_BACKENDS=["accounts.throttle.ThrottledModelBackend"])
def test_the_backend_refuses_blocked_accounts_without_a_form(cast):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        assert authenticate(request, username="redaktion-a", password="falsch") is None
    assert authenticate(request, username="redaktion-a", password=cast.password) is None
    with pytest.raises(PermissionDenied):
        throttle.ThrottledModelBackend().authenticate(
            request, username="redaktion-a", password=cast.password
        )


def test_client_ip_uses_the_configured_proxy_header(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="192.0.2.5")
    assert throttle.client_ip(request) == "10.0.0.1"
    with override_settings(LOGIN_CLIENT_IP_HEADER="HTTP_X_REAL_IP"):
        assert throttle.client_ip(request) == "192.0.2.5"
