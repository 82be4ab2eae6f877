"""Pages of the Maßnahmen: overview per Handlungsfeld with filters, measure pages with
milestones, decisions and a timeline of Sachstände, Empfehlungen, the office's forms and the
CSV/XLSX import.

Objects are fetched through ``visible_to`` (404 for what the user may not see); changes need
the office, Sachstände also an editor of a responsible organisation (403 otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import is_office, office_required
from bodies.models import Body, Decision
from imports.export import csv_bytes
from measures.forms import (
    HandlungsfeldForm,
    MeasureFilterForm,
    MeasureForm,
    MeasureImportForm,
    MeasureUpdateForm,
    MilestoneForm,
    RecommendationForm,
)
from measures.models import Measure, MeasureUpdate, Milestone, Recommendation
from plattform.views import confirm_delete
from registry.models import Organisation
from vocabulary.models import Handlungsfeld

if TYPE_CHECKING:
    from imports.flow import Step

# The importer and the library's validation pull in pandas; the import views import them, so
# loading the URLs stays fast (manage.py check, worker start; plattform/tests/test_startup.py).

_GET_POST = ["GET", "POST"]
#: Session key of the file waiting for confirmation after the preview.
_IMPORT_KEY = "measures_import"


def _saved_form(request: HttpRequest, form, template: str, context: dict, message: str):
    """Save a valid posted form and go to the saved object's page, else show the form."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, message)
        return redirect(obj)
    return render(request, template, {"form": form, **context})


# Public pages ------------------------------------------------------------------------------


@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = MeasureFilterForm(request.GET or None, user=user)
    filters = form.filters()
    responsible = Prefetch("responsible", Organisation.objects.visible_to(user))
    measures = list(
        Measure.objects.visible_to(user)
        .filtered(**filters)
        .select_related("handlungsfeld")
        .prefetch_related(responsible)
    )
    felder = (
        [filters["handlungsfeld"]] if "handlungsfeld" in filters else Handlungsfeld.objects.all()
    )
    groups = [(feld, [m for m in measures if m.handlungsfeld_id == feld.pk]) for feld in felder]
    return render(
        request,
        "measures/measure_list.html",
        {
            "form": form,
            "groups": [g for g in groups if g[1]] if filters else groups,
            "filtered": bool(filters),
            "count": len(measures),
            "is_office": is_office(user),
        },
    )


@require_GET
def handlungsfeld_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    feld = get_object_or_404(Handlungsfeld, slug=slug)
    # As on the list: only the responsible organisations the user may see, in one query.
    responsible = Prefetch("responsible", Organisation.objects.visible_to(user))
    measures = Measure.objects.visible_to(user).filter(handlungsfeld=feld)
    return render(
        request,
        "measures/handlungsfeld_detail.html",
        {
            "feld": feld,
            "measures": measures.prefetch_related(responsible),
            "bodies": Body.objects.visible_to(user).filter(handlungsfeld=feld),
            "recommendations": Recommendation.objects.visible_to(user).filter(handlungsfeld=feld),
            "is_office": is_office(user),
        },
    )


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    measure = get_object_or_404(
        Measure.objects.visible_to(user).select_related("handlungsfeld"), pk=pk
    )
    decisions = Decision.objects.visible_to(user).filter(measures=measure)
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "responsible": measure.responsible.visible_to(user),
            "milestones": measure.milestones.all(),
            "decisions": decisions.select_related("meeting__body"),
            "recommendations": measure.recommendations.visible_to(user),
            "updates": measure.updates.select_related("author"),
            "can_update": measure.can_update(user),
            "is_office": is_office(user),
        },
    )


@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    recommendations = Recommendation.objects.visible_to(request.user).select_related(
        "handlungsfeld"
    )
    return render(
        request,
        "measures/recommendation_list.html",
        {"recommendations": recommendations, "is_office": is_office(request.user)},
    )


@require_GET
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recommendation = get_object_or_404(Recommendation.objects.visible_to(user), pk=pk)
    decisions = Decision.objects.visible_to(user).filter(recommendations=recommendation)
    return render(
        request,
        "measures/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "decisions": decisions.select_related("meeting__body"),
            "measures": recommendation.measures.visible_to(user),
            "is_office": is_office(user),
        },
    )


# Sachstände: office and editors of a responsible organisation -------------------------------


@login_required
@require_http_methods(_GET_POST)
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.visible_to(request.user), pk=pk)
    if not measure.can_update(request.user):
        raise PermissionDenied
    update = MeasureUpdate(measure=measure, author=request.user)
    form = MeasureUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Sachstand wurde gespeichert."))
        return redirect(measure)
    return render(request, "measures/update_form.html", {"form": form, "measure": measure})


@office_required
@require_http_methods(_GET_POST)
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(MeasureUpdate.objects.select_related("measure"), pk=pk)
    form = MeasureUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Sachstand wurde gespeichert."))
        return redirect(update.measure)
    return render(
        request,
        "measures/update_form.html",
        {"form": form, "measure": update.measure, "update": update},
    )


@office_required
@require_http_methods(_GET_POST)
def update_delete(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(MeasureUpdate.objects.select_related("measure"), pk=pk)
    back = update.measure.get_absolute_url()
    response = confirm_delete(request, update, what=_("den Sachstand"), back=back, done=back)
    if request.method == "POST":
        update.measure.sync_progress()
    return response


# Office: measures and milestones -----------------------------------------------------------


def _initial_links(request: HttpRequest) -> dict:
    """Pre-fill a new measure from ``?beschluss=<pk>`` and ``?handlungsfeld=<slug>``."""
    initial = {}
    decision = request.GET.get("beschluss", "")
    if decision.isdigit() and Decision.objects.filter(pk=decision).exists():
        initial["decisions"] = [int(decision)]
    feld = Handlungsfeld.objects.filter(slug=request.GET.get("handlungsfeld", "")).first()
    if feld:
        initial["handlungsfeld"] = feld
    return initial


@office_required
@require_http_methods(_GET_POST)
def measure_create(request: HttpRequest) -> HttpResponse:
    form = MeasureForm(request.POST or None, initial=_initial_links(request))
    return _saved_form(
        request,
        form,
        "measures/measure_form.html",
        {"measure": None},
        _("Die Maßnahme wurde angelegt."),
    )


@office_required
@require_http_methods(_GET_POST)
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureForm(request.POST or None, instance=measure, author=request.user)
    return _saved_form(
        request,
        form,
        "measures/measure_form.html",
        {"measure": measure},
        _("Die Maßnahme wurde gespeichert."),
    )


@office_required
@require_http_methods(_GET_POST)
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    what = _("die Maßnahme mit Meilensteinen und Sachständen")
    return confirm_delete(
        request, measure, what=what, back=measure.get_absolute_url(), done="measures:list"
    )


def _milestone_form(request: HttpRequest, milestone: Milestone) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Meilenstein wurde gespeichert."))
        return redirect(milestone.measure)
    return render(request, "measures/milestone_form.html", {"form": form, "milestone": milestone})


@office_required
@require_http_methods(_GET_POST)
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _milestone_form(request, Milestone(measure=get_object_or_404(Measure, pk=pk)))


@office_required
@require_http_methods(_GET_POST)
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _milestone_form(
        request, get_object_or_404(Milestone.objects.select_related("measure"), pk=pk)
    )


@office_required
@require_http_methods(_GET_POST)
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("measure"), pk=pk)
    back = milestone.measure.get_absolute_url()
    return confirm_delete(request, milestone, what=_("den Meilenstein"), back=back, done=back)


# Office: Handlungsfelder and Empfehlungen --------------------------------------------------


@office_required
@require_http_methods(_GET_POST)
def handlungsfeld_create(request: HttpRequest) -> HttpResponse:
    form = HandlungsfeldForm(request.POST or None)
    return _saved_form(
        request,
        form,
        "measures/handlungsfeld_form.html",
        {"feld": None},
        _("Das Handlungsfeld wurde angelegt."),
    )


@office_required
@require_http_methods(_GET_POST)
def handlungsfeld_edit(request: HttpRequest, slug: str) -> HttpResponse:
    feld = get_object_or_404(Handlungsfeld, slug=slug)
    form = HandlungsfeldForm(request.POST or None, instance=feld)
    return _saved_form(
        request,
        form,
        "measures/handlungsfeld_form.html",
        {"feld": feld},
        _("Das Handlungsfeld wurde gespeichert."),
    )


@office_required
@require_http_methods(_GET_POST)
def recommendation_create(request: HttpRequest) -> HttpResponse:
    form = RecommendationForm(request.POST or None)
    return _saved_form(
        request,
        form,
        "measures/recommendation_form.html",
        {"recommendation": None},
        _("Die Empfehlung wurde angelegt."),
    )


@office_required
@require_http_methods(_GET_POST)
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    return _saved_form(
        request,
        form,
        "measures/recommendation_form.html",
        {"recommendation": recommendation},
        _("Die Empfehlung wurde gespeichert."),
    )


@office_required
@require_http_methods(_GET_POST)
def recommendation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    back = recommendation.get_absolute_url()
    return confirm_delete(
        request,
        recommendation,
        what=_("die Empfehlung"),
        back=back,
        done="measures:recommendations",
    )


# Office: import ----------------------------------------------------------------------------


def _import_page(request: HttpRequest, step: Step, form=None) -> HttpResponse:
    from measures.importer import TEMPLATE_ROWS

    context = {
        "form": form or MeasureImportForm(),
        "rows": step.plan.rows if step.plan is not None else [],
        "problems": step.problems or [],
        "warnings": step.warnings,
        "token": step.token,
        "columns": TEMPLATE_ROWS[0],
    }
    return render(request, "measures/measure_import.html", context)


@office_required
@require_http_methods(_GET_POST)
def measure_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run → confirm, with the registry's import mechanism (imports.flow)."""
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirmed(request)
    from imports import flow
    from measures.importer import plan_import

    form = MeasureImportForm(request.POST or None, request.FILES or None)
    step = flow.Step()
    if request.method == "POST" and form.is_valid():
        step = flow.dry_run(request, "measures", form.cleaned_data["file"], plan_import)
    return _import_page(request, step, form)


def _import_confirmed(request: HttpRequest) -> HttpResponse:
    from imports import flow
    from measures.importer import apply_import, plan_import

    step = flow.confirm(request, "measures", plan_import, apply_import)
    if step.expired:
        messages.error(
            request, _("Keine geprüfte Datei gefunden. Bitte die Datei erneut hochladen.")
        )
        return redirect("measures:import")
    if step.problems:
        return _import_page(request, step)
    count = len(step.plan.rows)
    messages.success(request, _("%(count)d Maßnahmen wurden importiert.") % {"count": count})
    return redirect("measures:list")


@office_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    from measures.importer import TEMPLATE_ROWS

    header, *rows = TEMPLATE_ROWS
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="massnahmen-vorlage.csv"'
    return response
