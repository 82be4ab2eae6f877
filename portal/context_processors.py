"""Values every page needs."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    office = bool(user and user.is_authenticated and (user.is_office or user.is_superuser))
    return {
        "site_name": settings.SITE_NAME,
        "site_operator": settings.SITE_OPERATOR,
        "user_is_office": office,
    }
