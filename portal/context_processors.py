"""Values every page needs."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.roles import is_office


def operator() -> dict:
    """Who operates the platform, for Impressum, Datenschutz and Kontakt.

    The settings (``PLATTFORM_BETREIBER_NAME``, ``_ADRESSE``, ``_EMAIL``) come first; what they
    leave open comes from the one organisation the office marked as operator
    (``Organisation.is_operator``, which editors cannot set). Never from whichever organisation
    happens to be of kind Geschäftsstelle: an editor could otherwise pose as the operator.
    """
    from registry.models import Organisation

    organisation = None
    if not (settings.SITE_OPERATOR and settings.SITE_OPERATOR_ADDRESS):
        organisation = Organisation.objects.filter(is_operator=True).first()
    name = settings.SITE_OPERATOR or (organisation.name if organisation else "")
    return {
        "name": name or _("Geschäftsstelle der Gesundheitsregion"),
        "address": settings.SITE_OPERATOR_ADDRESS,
        "organisation": organisation,
        "email": settings.SITE_CONTACT_EMAIL,
    }


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    office = is_office(user)
    return {
        "site_name": settings.SITE_NAME,
        # Read only by the pages that show it.
        "site_operator": SimpleLazyObject(lambda: operator()["name"]),
        "user_is_office": office,
    }
