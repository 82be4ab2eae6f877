"""View decorators for the roles."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import is_office

__all__ = ["is_office", "office_required"]


def office_required(view):
    """Anonymous visitors are sent to the login page; logged-in non-office users get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
