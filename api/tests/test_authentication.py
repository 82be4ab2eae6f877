"""Logging in to the API: session or HTTP Basic, with the same throttle as the login page."""

from __future__ import annotations

import base64


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_basic_authentication_lets_the_office_write(api, cast):
    data = {"title": "Per Skript", "handlungsfeld": cast.handlungsfeld.slug}
    response = api.post(
        "/api/massnahmen/", data, format="json", **basic("geschaeftsstelle", cast.password)
    )
    assert response.status_code == 201


def test_guessing_passwords_over_basic_authentication_is_throttled(api, cast, settings):
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        assert api.get("/api/massnahmen/", **basic("geschaeftsstelle", "falsch")).status_code == 403
    # The right password no longer helps while the account is blocked.
    response = api.get("/api/massnahmen/", **basic("geschaeftsstelle", cast.password))
    assert response.status_code == 403
