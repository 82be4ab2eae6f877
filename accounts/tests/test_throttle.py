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


@override_settings(LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS=5)
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


def test_the_address_limit_is_higher_than_the_account_limit_by_default(client, cast):
    # Twenty failures from one clinic's NAT address, spread over accounts, block the address.
    for n in range(19):
        attempt(client, f"konto-{n}", "falsch", ip="203.0.113.9")
    assert attempt(client, "aussen", cast.password, ip="203.0.113.9").status_code == 302
    client.logout()
    attempt(client, "konto-19", "falsch", ip="203.0.113.9")
    assert attempt(client, "aussen", cast.password, ip="203.0.113.9").status_code == 429


# Shared counters ----------------------------------------------------------------------------


def fresh_process_cache():
    """The cache as a newly started worker process sees it: a new backend object with no
    state of its own, reading the same configured store."""
    from django.core.cache import CacheHandler

    return CacheHandler()["default"]


def test_the_cache_is_not_process_local(settings):
    assert "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def test_counters_are_shared_between_two_cache_clients(cast, monkeypatch):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    first, second = fresh_process_cache(), fresh_process_cache()
    assert first is not second
    monkeypatch.setattr(throttle, "cache", first)
    for _ in range(3):
        throttle.record(request, "redaktion-a")
    monkeypatch.setattr(throttle, "cache", second)
    for _ in range(2):
        throttle.record(request, "redaktion-a")
    assert throttle.is_blocked(request, "redaktion-a")


def test_counters_survive_a_restart(client, cast, monkeypatch):
    for _ in range(5):
        attempt(client, "redaktion-a", "falsch")
    # A restart: the module's cache object is replaced by one built from scratch.
    monkeypatch.setattr(throttle, "cache", fresh_process_cache())
    assert attempt(client, "redaktion-a", cast.password).status_code == 429


# Client address -----------------------------------------------------------------------------


def test_a_forged_forwarded_for_is_ignored_by_default(client, cast, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.5")
    assert throttle.client_ip(request) == "10.0.0.1"
    # Changing the header on every attempt does not give new attempts.
    for n in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "redaktion-a", "password": "falsch"},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert throttle.is_blocked(rf.get("/", REMOTE_ADDR="192.0.2.1"), None) is False
    with override_settings(LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS=5):
        assert throttle.is_blocked(rf.get("/", REMOTE_ADDR="192.0.2.1"), None)


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_right_most_entry_is_the_visitor(rf):
    # The visitor claims 1.2.3.4; the proxy appends the address it was reached from.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.5")
    assert throttle.client_ip(request) == "192.0.2.5"


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_visitor(rf):
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.5, 10.0.0.9"
    )
    assert throttle.client_ip(request) == "192.0.2.5"


@override_settings(CLIENT_IP_HEADER="X-Real-IP")
def test_a_single_address_header_works_and_garbage_falls_back_to_remote_addr(rf):
    assert throttle.client_ip(rf.get("/", HTTP_X_REAL_IP="2001:DB8::1")) == "2001:db8::1"
    assert throttle.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="x")) == (
        "10.0.0.1"
    )
    assert throttle.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS=5)
def test_behind_the_proxy_visitors_no_longer_share_one_counter(client, cast):
    def through_proxy(username, password, visitor):
        return client.post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for n in range(5):
        through_proxy(f"konto-{n}", "falsch", "203.0.113.66")
    assert through_proxy("aussen", cast.password, "203.0.113.66").status_code == 429
    assert through_proxy("geschaeftsstelle", cast.password, "192.0.2.10").status_code == 302
