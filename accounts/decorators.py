"""View decorators for the roles."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_office(user) -> bool:
    return user.is_authenticated and (user.is_office or user.is_superuser)


def office_required(view):
    """Anonymous visitors are sent to the login page; logged-in non-office users get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
