"""Throttles of the accounts: failed logins, wrong old passwords, reset mails; the client address.

After ``limit`` events within ``window`` seconds, further attempts for that account, or from that
client address, are refused until the oldest of them is ``window`` seconds old.

Counters live in Django's ``default`` cache, which ``plattform.settings`` configures as shared
by all worker processes (Redis with ``REDIS_URL``/``CACHE_URL``, otherwise a table in the
database), so three workers count together and a restart forgets nothing. Each event takes one
of ``limit`` numbered slots with ``cache.add()``, which is atomic on every backend (INSERT on a
primary key, SET NX in Redis) and carries its own expiry; a backend's ``incr()`` is neither
atomic nor expiry-preserving everywhere (the database cache's gives the key the default
timeout).

Failed logins are counted from Django's ``user_login_failed`` signal, so every login path counts
(login page, admin, API Basic authentication). Refusing is done twice over: the login forms
check first to show a German message with status 429, and :class:`ThrottledModelBackend`
refuses inside ``authenticate()`` for paths without a form (the API).

The client address is :func:`client_ip`: ``REMOTE_ADDR`` unless ``settings.CLIENT_IP_HEADER``
names the header a trusted reverse proxy sets (see ``docs/betrieb.md``).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

__all__ = [
    "LOGIN",
    "PASSWORD_CHANGE",
    "PASSWORD_RESET",
    "ThrottledModelBackend",
    "clear",
    "client_ip",
    "is_blocked",
    "record",
    "window_minutes",
]


@dataclass(frozen=True)
class Scope:
    """What is counted, and the names of its settings (read at each call, so tests and
    ``override_settings`` change them)."""

    name: str
    per_account: str
    per_address: str
    window: str

    def limits(self) -> tuple[int, int, int]:
        return (
            getattr(settings, self.per_account),
            getattr(settings, self.per_address),
            getattr(settings, self.window),
        )


LOGIN = Scope(
    "anmeldung",
    "LOGIN_ATTEMPTS_LIMIT",
    "LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS",
    "LOGIN_ATTEMPTS_WINDOW",
)
#: Wrong old passwords in the password change form (a stolen session guessing the password).
PASSWORD_CHANGE = Scope(
    "passwort-aendern",
    "LOGIN_ATTEMPTS_LIMIT",
    "LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS",
    "LOGIN_ATTEMPTS_WINDOW",
)
#: Reset mails asked for, per e-mail address and per client address.
PASSWORD_RESET = Scope(
    "passwort-vergessen",
    "PASSWORD_RESET_LIMIT",
    "PASSWORD_RESET_LIMIT_PER_ADDRESS",
    "PASSWORD_RESET_WINDOW",
)


def _meta_key(header: str) -> str:
    """``X-Forwarded-For`` or ``HTTP_X_FORWARDED_FOR`` → the ``request.META`` key."""
    key = header.strip().upper().replace("-", "_")
    return key if key.startswith("HTTP_") or key == "REMOTE_ADDR" else f"HTTP_{key}"


def _address(value: str) -> str:
    """A normalised IP address, or "" for anything else (a forged header may hold anything)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest | None) -> str:
    """The address of the visitor, as far as it can be trusted.

    Without ``settings.CLIENT_IP_HEADER`` (the default) that is ``REMOTE_ADDR``: a header sent by
    the visitor (a forged ``X-Forwarded-For``) is ignored. Behind a reverse proxy name the
    header it sets (``DJANGO_CLIENT_IP_HEADER=X-Forwarded-For``) and the number of proxies in
    front of the platform (``DJANGO_TRUSTED_PROXY_COUNT``, default 1): each proxy appends the
    address it was reached from, so the entry that many places from the right is the last one
    no proxy of ours could vouch for; entries further left are the visitor's own claims.
    """
    if request is None:
        return ""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if not header:
        return remote
    entries = [e for e in request.META.get(_meta_key(header), "").split(",") if e.strip()]
    if not entries:
        return remote
    trusted = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
    # Fewer entries than proxies: the request passed fewer proxies than configured; the
    # left-most entry is then the farthest hop known (as Django REST framework does).
    return _address(entries[-min(trusted, len(entries))]) or remote


def _keys(scope: Scope, request: HttpRequest | None, account: str | None) -> list[tuple[str, int]]:
    """Cache key prefixes with their limits, per account and per client address."""
    per_account, per_address, _window = scope.limits()

    def key(kind: str, value: str) -> str:
        # Hashed so any user name is a valid cache key (memcached forbids spaces and long keys).
        digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
        return f"drossel:{scope.name}:{kind}:{digest}"

    keys = []
    if account:
        keys.append((key("konto", account), per_account))
    ip = client_ip(request)
    if ip:
        keys.append((key("adresse", ip), per_address))
    return keys


def _slots(prefix: str, limit: int) -> list[str]:
    return [f"{prefix}:{n}" for n in range(1, limit + 1)]


def is_blocked(request: HttpRequest | None, account: str | None, scope: Scope = LOGIN) -> bool:
    """True when the account or the client address has used up its attempts."""
    last_slots = [_slots(prefix, limit)[-1] for prefix, limit in _keys(scope, request, account)]
    return bool(last_slots) and bool(cache.get_many(last_slots))


def record(request: HttpRequest | None, account: str | None, scope: Scope = LOGIN) -> None:
    """Count one event (a failed login, a reset mail) for the account and the address."""
    window = scope.limits()[2]
    for prefix, limit in _keys(scope, request, account):
        slots = _slots(prefix, limit)
        taken = cache.get_many(slots)
        for slot in slots:
            # add() fails if another process took the slot meanwhile; then try the next one.
            if slot not in taken and cache.add(slot, 1, timeout=window):
                break


def clear(account: str | None, scope: Scope = LOGIN) -> None:
    """Forget the failures of an account after a successful login (not those of the address:
    an attacker who knows one password must not reset its guessing budget for others)."""
    for prefix, limit in _keys(scope, None, account):
        cache.delete_many(_slots(prefix, limit))


def window_minutes(scope: Scope = LOGIN) -> int:
    return max(1, round(scope.limits()[2] / 60))


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
    record(request, credentials.get("username"))


def on_logged_in(sender, request, user, **kwargs) -> None:
    clear(user.get_username())
