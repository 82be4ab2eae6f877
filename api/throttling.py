"""Rate limits of the API, counted per trusted client address in the shared cache.

Django REST framework's own ``get_ident`` believes any ``X-Forwarded-For`` the caller sends (300
of 300 anonymous requests with a fresh forged header passed a 120/min limit); these classes
count by :func:`accounts.throttle.client_ip`, the one address the login throttle uses too.
The history lives in the ``default`` cache, which all workers share (``plattform.settings``).
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from accounts.throttle import client_ip

__all__ = ["AnonThrottle", "UserThrottle"]


class _ClientAddress:
    def get_ident(self, request) -> str:
        return client_ip(request) or "unbekannt"


class AnonThrottle(_ClientAddress, AnonRateThrottle):
    """Anonymous callers: ``DEFAULT_THROTTLE_RATES["anon"]`` per client address."""


class UserThrottle(_ClientAddress, UserRateThrottle):
    """Logged-in callers: ``DEFAULT_THROTTLE_RATES["user"]`` per account."""
