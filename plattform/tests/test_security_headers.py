"""Every response carries the security headers."""

from __future__ import annotations

import pytest

PAGES = ["/", "/faq/", "/en/kontakt/", "/api/massnahmen/", "/api/docs/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_has_the_security_headers(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_error_pages_have_the_headers_too(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_pages_use_no_inline_scripts(client, db):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert '<script src="/static/js/site.js" defer></script>' in html
