"""Throttled login attempts, per account and per client address.

After ``settings.LOGIN_ATTEMPTS_LIMIT`` failed logins within ``settings.LOGIN_ATTEMPTS_WINDOW``
seconds, further attempts for that user name, or from that address, are refused until the
window has passed. Counters live in the cache (atomic ``incr``), so they are shared by all
processes when a shared cache (Redis) is configured.

Failures are counted from Django's ``user_login_failed`` signal, so every login path counts
(login page, admin, API Basic authentication). Refusing is done twice over: the login forms
check first to show a German message with status 429, and :class:`ThrottledModelBackend`
refuses inside ``authenticate()`` for paths without a form (the API).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

__all__ = ["ThrottledModelBackend", "clear", "client_ip", "is_blocked", "record_failure"]

_PREFIX = "login-fehlversuche"


def client_ip(request: HttpRequest | None) -> str:
    """The client's address; behind a proxy set ``LOGIN_CLIENT_IP_HEADER`` (e.g.
    ``HTTP_X_REAL_IP``) to the header the proxy sets, or every visitor shares one counter."""
    if request is None:
        return ""
    header = getattr(settings, "LOGIN_CLIENT_IP_HEADER", None)
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")).strip()


def _key(kind: str, value: str) -> str:
    # Hashed so any user name is a valid cache key (memcached forbids spaces and long keys).
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"{_PREFIX}:{kind}:{digest}"


def _keys(request: HttpRequest | None, username: str | None) -> list[str]:
    keys = []
    if username:
        keys.append(_key("name", username))
    ip = client_ip(request)
    if ip:
        keys.append(_key("ip", ip))
    return keys


def is_blocked(request: HttpRequest | None, username: str | None) -> bool:
    """True when the user name or the client address has used up its attempts."""
    counts = cache.get_many(_keys(request, username))
    return any(count >= settings.LOGIN_ATTEMPTS_LIMIT for count in counts.values())


def record_failure(request: HttpRequest | None, username: str | None) -> None:
    for key in _keys(request, username):
        # The window starts with the first failure; add() does nothing if the key exists.
        cache.add(key, 0, timeout=settings.LOGIN_ATTEMPTS_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_ATTEMPTS_WINDOW)


def clear(username: str | None) -> None:
    """Forget the failures of a user name after a successful login (not those of the address:
    an attacker who knows one password must not reset its guessing budget for others)."""
    if username:
        cache.delete(_key("name", username))


def window_minutes() -> int:
    return max(1, round(settings.LOGIN_ATTEMPTS_WINDOW / 60))


class ThrottledModelBackend(ModelBackend):
    """The model backend, refusing while the user name or address is blocked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if is_blocked(request, username):
            # PermissionDenied stops authenticate() from trying further backends.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record_failure(request, credentials.get("username"))


def on_logged_in(sender, request, user, **kwargs) -> None:
    clear(user.get_username())
