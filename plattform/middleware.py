"""Security headers Django does not set by itself.

Django sends Content-Security-Policy (``SECURE_CSP``), X-Frame-Options, X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; only Permissions-Policy has no setting there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Add the Permissions-Policy header (``settings.PERMISSIONS_POLICY``) to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
