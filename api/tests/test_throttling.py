"""The API's rate limit counts the trusted client address, not what the caller claims."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def forged_requests(api, count: int, suffix: str = "") -> list[int]:
    """``count`` anonymous list requests, each with a fresh random X-Forwarded-For."""
    rng = random.Random(7)
    statuses = []
    for _ in range(count):
        forged = ".".join(str(rng.randrange(1, 255)) for _ in range(4))
        header = forged + suffix
        response = api.get(
            "/api/handlungsfelder/", REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR=header
        )
        statuses.append(response.status_code)
    return statuses


def test_300_anonymous_requests_with_forged_forwarded_for_are_limited(api):
    statuses = forged_requests(api, 300)
    assert statuses.count(200) == 120
    assert statuses.count(429) == 180
    assert statuses[-1] == 429


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_forged_part_of_the_header_does_not_count(api):
    # The proxy appends the visitor's real address after whatever the visitor claimed.
    statuses = forged_requests(api, 300, suffix=", 203.0.113.5")
    assert statuses.count(200) == 120
    assert statuses.count(429) == 180


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_two_visitors_have_two_budgets(api):
    for _ in range(120):
        api.get("/api/handlungsfelder/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    blocked = api.get(
        "/api/handlungsfelder/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    other = api.get(
        "/api/handlungsfelder/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2"
    )
    assert blocked.status_code == 429
    assert other.status_code == 200
