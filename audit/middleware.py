"""Remember the request being handled, so the audit trail knows who made a change."""

from __future__ import annotations

import contextvars

_current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def current_user():
    """The authenticated user of the request being handled, or ``None``.

    Read when a change is recorded, not when the request arrives: Django REST framework
    authenticates (e.g. HTTP Basic) inside the view and then sets ``request.user``.
    """
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
