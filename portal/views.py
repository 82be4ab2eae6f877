"""Pages of the public portal and the office's forms for its content."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import is_office, office_required
from bodies.models import Body, Meeting
from measures.models import Measure, MeasureStatus
from plattform.views import confirm_delete
from portal import context_processors
from portal.forms import FaqForm, NewsForm, ProcessPhaseForm
from portal.models import Faq, News, PhaseStatus, ProcessPhase
from registry.models import Organisation, Role
from vocabulary.models import Handlungsfeld

NEWS_PER_PAGE = 10


def _faqs_for(user) -> QuerySet[Faq]:
    return Faq.objects.all() if is_office(user) else Faq.objects.public()


def _news_for(user) -> QuerySet[News]:
    return News.objects.all() if is_office(user) else News.objects.public()


def _status_counts(measures: QuerySet[Measure]) -> list[dict]:
    rows = measures.order_by().values_list("status").annotate(n=Count("pk", distinct=True))
    counts = dict(rows)
    return [
        {"status": s.value, "label": s.label, "count": counts.get(s.value, 0)}
        for s in MeasureStatus
    ]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    measures = Measure.objects.visible_to(user)
    in_field = Q(measures__in=measures.values("pk"))
    fields = Handlungsfeld.objects.annotate(
        measure_count=Count("measures", filter=in_field)
    ).order_by("order", "name")
    return render(
        request,
        "portal/home.html",
        {
            "member_count": Organisation.objects.visible_to(user).members().count(),
            "body_count": Body.objects.visible_to(user).count(),
            "measure_count": measures.count(),
            "status_counts": _status_counts(measures),
            "meetings": Meeting.objects.visible_to(user).upcoming().select_related("body")[:3],
            "news": News.objects.public()[:3],
            "handlungsfelder": fields,
        },
    )


@require_safe
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/faq.html", {"faqs": _faqs_for(request.user)})


@require_safe
def news(request: HttpRequest) -> HttpResponse:
    page = Paginator(_news_for(request.user), NEWS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "portal/news_list.html", {"page": page})


@require_safe
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_news_for(request.user), pk=pk)
    return render(request, "portal/news_detail.html", {"item": item})


@require_safe
def process(request: HttpRequest) -> HttpResponse:
    phases = ProcessPhase.objects.all()
    return render(
        request, "portal/process.html", {"phases": phases, "current": PhaseStatus.AKTUELL}
    )


def _with_contacts(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    people = Role.objects.public().select_related("person").order_by("person__last_name")
    return organisations.prefetch_related(
        Prefetch("roles", queryset=people, to_attr="public_contacts")
    )


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    """The operator named by the office, with its consenting contacts."""
    operator = context_processors.operator()
    chosen = operator["organisation"]
    offices = _with_contacts(Organisation.objects.public().filter(pk=getattr(chosen, "pk", None)))
    context = {"offices": offices, "email": operator["email"]}
    return render(request, "portal/contact.html", context)


def _operator_context() -> dict:
    operator = context_processors.operator()
    return {
        "address": operator["address"],
        "office": operator["organisation"],
        "email": operator["email"],
    }


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    context = {**_operator_context(), "responsible": settings.SITE_CONTENT_RESPONSIBLE}
    return render(request, "portal/imprint.html", context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        **_operator_context(),
        "privacy_contact": settings.SITE_PRIVACY_CONTACT,
        "log_days": settings.SITE_LOG_RETENTION_DAYS,
        "login_window_minutes": max(1, settings.LOGIN_ATTEMPTS_WINDOW // 60),
    }
    return render(request, "portal/privacy.html", context)


def _edit(
    request: HttpRequest,
    form_class: type[ModelForm],
    instance,
    *,
    title: str,
    done: Callable[[object], str],
    cancel: str,
    delete: str | None,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("„%(object)s“ wurde gespeichert.") % {"object": saved})
        return redirect(done(saved))
    context = {"form": form, "title": title, "cancel": cancel, "delete_url": delete}
    return render(request, "portal/edit.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Faq, pk=pk) if pk else None
    return _edit(
        request,
        FaqForm,
        item,
        title=_("Frage bearbeiten") if item else _("Neue Frage"),
        done=lambda saved: reverse("portal:faq") + f"#frage-{saved.pk}",
        cancel=reverse("portal:faq"),
        delete=reverse("portal:faq_delete", args=[pk]) if item else None,
    )


@office_required
@require_http_methods(["GET", "POST"])
def faq_delete(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("portal:faq")
    return confirm_delete(request, get_object_or_404(Faq, pk=pk), back=back, done=back)


@office_required
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(News, pk=pk) if pk else None
    return _edit(
        request,
        NewsForm,
        item,
        title=_("Meldung bearbeiten") if item else _("Neue Meldung"),
        done=lambda saved: reverse("portal:news_detail", args=[saved.pk]),
        cancel=reverse("portal:news_detail", args=[pk]) if item else reverse("portal:news"),
        delete=reverse("portal:news_delete", args=[pk]) if item else None,
    )


@office_required
@require_http_methods(["GET", "POST"])
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("portal:news")
    return confirm_delete(request, get_object_or_404(News, pk=pk), back=back, done=back)


@office_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(ProcessPhase, pk=pk) if pk else None
    return _edit(
        request,
        ProcessPhaseForm,
        item,
        title=_("Phase bearbeiten") if item else _("Neue Phase"),
        done=lambda saved: reverse("portal:process") + f"#phase-{saved.pk}",
        cancel=reverse("portal:process"),
        delete=reverse("portal:phase_delete", args=[pk]) if item else None,
    )


@office_required
@require_http_methods(["GET", "POST"])
def phase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("portal:process")
    return confirm_delete(request, get_object_or_404(ProcessPhase, pk=pk), back=back, done=back)
