from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import is_office, office_required
from audit.models import AuditEntry
from registry.forms import (
    DirectoryForm,
    ImportForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    RoleForm,
)
from registry.models import NetworkMembership, Organisation, Person, Role

if TYPE_CHECKING:
    from imports.flow import Step

# The importer, the map and the library's validation pull in pandas, numpy, shapely and openpyxl;
# the views that need them import them, so loading the URLs stays fast (manage.py check,
# worker start; plattform/tests/test_startup.py).

PAGE_SIZE = 25


def _editable_or_403(request: HttpRequest, pk: int) -> Organisation:
    """The organisation if the user may change it; 404 if it may not even see it."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    if not organisation.can_edit(request.user):
        raise PermissionDenied
    return organisation


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The directory, one page at a time: the list and the map show the same page, so the
    answer stays small with 10,000 organisations (G11)."""
    visible = Organisation.objects.visible_to(request.user)
    kreise = list(
        visible.exclude(kreis="").order_by("kreis").values_list("kreis", flat=True).distinct()
    )
    form = DirectoryForm(request.GET or None, kreise=kreise)
    if form.is_bound:
        form.is_valid()  # invalid filters are shown with their error and ignored
    listed = form.apply(visible).prefetch_related("handlungsfelder")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    located = [o for o in page.object_list if o.lon is not None and o.lat is not None]
    return render(
        request,
        "registry/directory.html",
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            "query": query.urlencode(),
            "map": _cached_map(located),
            "can_create": is_office(request.user),
        },
    )


_MAP_FIELDS = ("id", "name", "city", "lon", "lat", "location_approximate")


def _cached_map(organisations) -> str:
    """The directory's map, drawn once per set of dots and language and then kept in the cache.

    Drawing it (projection, Kreis outlines, a dot per organisation) took about 8 ms of the
    page's 17 ms; the rows it is drawn from are read anyway and make the key, so any change of a
    name, place or visibility draws it anew.
    """
    from registry import geo
    from registry.maps import partner_map_svg

    organisations = list(organisations)
    rows = [tuple(getattr(o, name) for name in _MAP_FIELDS) for o in organisations]
    digest = hashlib.sha256(repr((geo.kreise() is not None, rows)).encode()).hexdigest()
    key = f"registry:partner-map:{get_language()}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = str(partner_map_svg(organisations))
        cache.set(key, svg, timeout=24 * 3600)
    return mark_safe(svg)  # drawn (and escaped) by partner_map_svg, stored only from here


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    from registry.maps import partner_map_svg

    user = request.user
    organisation = get_object_or_404(
        Organisation.objects.visible_to(user).select_related("parent"), pk=pk
    )
    can_edit = organisation.can_edit(user)
    roles = organisation.roles.select_related("person")
    parent = organisation.parent
    if parent is not None and not Organisation.objects.visible_to(user).filter(pk=parent.pk):
        parent = None
    history = None
    if is_office(user):
        history = AuditEntry.objects.about(
            organisation, organisation.roles.all(), organisation.memberships.all()
        ).select_related("user")[:50]
    return render(
        request,
        "registry/detail.html",
        {
            "organisation": organisation,
            "parent": parent,
            "children": organisation.children.visible_to(user),
            "memberships": organisation.memberships.all(),
            "contacts": roles.all() if can_edit else roles.public(),
            "can_edit": can_edit,
            "is_office": is_office(user),
            "history": history,
            "map": partner_map_svg([organisation]) if organisation.lon is not None else None,
        },
    )


@office_required
def create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Die Organisation wurde angelegt."))
        return redirect(organisation)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _editable_or_403(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as error:  # changed by someone else since the check
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(organisation)
    return render(
        request, "registry/organisation_form.html", {"form": form, "organisation": organisation}
    )


@office_required
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = MembershipForm(
        request.POST or None, instance=NetworkMembership(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Mitgliedschaft wurde gespeichert."))
        return redirect(organisation)
    return render(
        request, "registry/membership_form.html", {"form": form, "organisation": organisation}
    )


@office_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(NetworkMembership.objects.select_related("organisation"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Mitgliedschaft wurde gespeichert."))
        return redirect(membership.organisation)
    return render(
        request,
        "registry/membership_form.html",
        {"form": form, "organisation": membership.organisation, "membership": membership},
    )


@login_required
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new person with a first role at the organisation."""
    organisation = _editable_or_403(request, pk)
    person_form = PersonForm(request.POST or None, user=request.user, prefix="person")
    role_form = RoleForm(
        request.POST or None, instance=Role(organisation=organisation), prefix="role"
    )
    if request.method == "POST" and person_form.is_valid() and role_form.is_valid():
        role = role_form.save(commit=False)
        role.person = person_form.save()
        role.save()
        messages.success(request, _("Die Person wurde angelegt."))
        return redirect(organisation)
    return render(
        request,
        "registry/person_form.html",
        {"person_form": person_form, "role_form": role_form, "organisation": organisation},
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not person.can_edit(request.user):
        # Without consent nobody else may even learn that the person is in the registry.
        if not person.public_consent:
            raise Http404
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Angaben zur Person wurden gespeichert."))
        editable = Organisation.objects.editable_by(request.user)
        role = person.roles.filter(organisation__in=editable).select_related("organisation")
        first = role.first()
        return redirect(first.organisation if first else "accounts:dashboard")
    return render(
        request,
        "registry/person_form.html",
        {
            "person_form": form,
            "person": person,
            "roles": person.roles_visible_to(request.user),
        },
    )


@login_required
def role_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A function at the organisation for a person already in the registry."""
    organisation = _editable_or_403(request, pk)
    people = Person.objects.editable_by(request.user)
    form = RoleForm(request.POST or None, instance=Role(organisation=organisation), people=people)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Funktion wurde gespeichert."))
        return redirect(organisation)
    return render(request, "registry/role_form.html", {"form": form, "organisation": organisation})


def _role_or_403(request: HttpRequest, pk: int) -> Role:
    role = get_object_or_404(Role.objects.select_related("organisation", "person"), pk=pk)
    organisation = role.organisation
    if organisation.can_edit(request.user):
        return role
    visible = Organisation.objects.visible_to(request.user).filter(pk=organisation.pk).exists()
    if visible and Role.objects.public().filter(pk=role.pk).exists():
        raise PermissionDenied
    raise Http404


@login_required
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    role = _role_or_403(request, pk)
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Funktion wurde gespeichert."))
        return redirect(role.organisation)
    return render(
        request,
        "registry/role_form.html",
        {"form": form, "organisation": role.organisation, "role": role},
    )


@login_required
@require_POST
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    role = _role_or_403(request, pk)
    # The end date is the last day in the function: ending it now makes yesterday the last.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    if role.end is None or role.end > yesterday:
        role.end = max(yesterday, role.start) if role.start else yesterday
        role.save(update_fields=["end"])
        messages.success(request, _("Die Funktion ist beendet."))
    return redirect(role.organisation)


# --- import and export ----------------------------------------------------------------------


def _import_page(request: HttpRequest, step: Step, form: ImportForm | None = None) -> HttpResponse:
    context = {
        "form": form or ImportForm(),
        "problems": step.problems,
        "warnings": step.warnings,
        "plan": step.plan,
        "token": step.token,
    }
    return render(request, "registry/import.html", context)


@office_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and dry run. Nothing is written; the preview lists what would be."""
    from imports import flow
    from registry import importing

    form = ImportForm(request.POST or None, request.FILES or None)
    step = flow.Step()
    if request.method == "POST" and form.is_valid():
        step = flow.dry_run(request, "registry", form.cleaned_data["file"], importing.plan_import)
    return _import_page(request, step, form)


@office_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: check the stored file again and write it in one transaction."""
    from imports import flow
    from registry import importing

    step = flow.confirm(request, "registry", importing.plan_import, importing.apply_import)
    if step.expired:
        messages.error(request, _("Die Vorschau ist abgelaufen. Bitte die Datei erneut hochladen."))
        return redirect("registry:import")
    if step.problems:
        return _import_page(request, step)
    messages.success(
        request,
        _("Import abgeschlossen: %(created)d neu, %(updated)d aktualisiert.")
        % {"created": len(step.plan.created), "updated": len(step.plan.updated)},
    )
    return redirect("registry:list")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The registry as CSV or XLSX: the office all of it, editors their own organisations."""
    from registry import importing

    organisations = Organisation.objects.editable_by(request.user)
    if not is_office(request.user) and not organisations.exists():
        raise PermissionDenied
    # Editors see the parent of their organisation only if it is visible to them.
    parents = None
    if not is_office(request.user):
        parents = set(Organisation.objects.visible_to(request.user).values_list("pk", flat=True))
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            importing.export_csv(organisations, parents), content_type="text/csv; charset=utf-8"
        )
        name = f"partnerverzeichnis-{stamp}.csv"
    else:
        response = HttpResponse(
            importing.export_xlsx(organisations, parents),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"partnerverzeichnis-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
