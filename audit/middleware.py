"""Remember the user of the current request for the audit trail."""

from __future__ import annotations

import contextvars

_current_user: contextvars.ContextVar = contextvars.ContextVar("audit_user", default=None)


def current_user():
    """The authenticated user of the request being handled, or ``None``."""
    return _current_user.get()


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current_user.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)
