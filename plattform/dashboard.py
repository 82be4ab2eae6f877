"""The dashboard („Mein Bereich“): what the logged-in user may do, by role.

It lists organisations and bodies, so it lives in the project package above the domain apps,
not in :mod:`accounts`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import is_office
from bodies.models import Body, member_body_ids
from registry.models import Organisation


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    office = is_office(user)
    organisations = (
        Organisation.objects.none() if office else Organisation.objects.editable_by(user)
    )
    bodies = Body.objects.filter(pk__in=member_body_ids(user))
    return render(
        request,
        "plattform/dashboard.html",
        {"is_office": office, "organisations": organisations, "bodies": bodies},
    )
