"""Values every page needs."""

from django.conf import settings
from django.http import HttpRequest

from accounts.roles import is_office


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    office = is_office(user)
    return {
        "site_name": settings.SITE_NAME,
        "site_operator": settings.SITE_OPERATOR,
        "user_is_office": office,
    }
