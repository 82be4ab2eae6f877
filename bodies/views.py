"""Pages of the Gremien: bodies with members, meetings with agenda, decisions, minutes and
documents; the office's forms to record a meeting step by step; iCal export.

Every object is fetched through ``visible_to`` (404 for what the user may not see); every form
is office-only (403 for everyone else, login first for anonymous visitors).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import is_office, office_required
from bodies import ical, mails
from bodies.forms import (
    AgendaFormSet,
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    DecisionForm,
    DocumentForm,
    MailPreferenceForm,
    MeetingForm,
    MinutesForm,
)
from bodies.models import (
    Body,
    BodyKind,
    BodyMember,
    Decision,
    Document,
    MailKind,
    MailPreference,
    Meeting,
    MeetingMail,
    member_body_ids,
)
from plattform.views import confirm_delete
from registry.models import Person

#: The steps of recording a meeting, in order (URL name, label).
STEPS = [
    ("bodies:meeting_edit", gettext_lazy("Sitzung")),
    ("bodies:meeting_agenda", gettext_lazy("Tagesordnung")),
    ("bodies:meeting_attendance", gettext_lazy("Einladung und Teilnahme")),
    ("bodies:meeting_minutes", gettext_lazy("Protokoll")),
    ("bodies:meeting_documents", gettext_lazy("Dokumente")),
    ("bodies:meeting_decisions", gettext_lazy("Beschlüsse")),
]
_GET_POST = ["GET", "POST"]


def _next_step(meeting: Meeting, current: str) -> HttpResponse:
    names = [name for name, _label in STEPS]
    following = names[names.index(current) + 1 :]
    return redirect(following[0] if following else "bodies:meeting", meeting.pk)


def _step_page(request: HttpRequest, template: str, meeting: Meeting, step: str, **context):
    steps = [(name, label, name == step) for name, label in STEPS]
    return render(request, template, {"meeting": meeting, "steps": steps, **context})


# Public pages ------------------------------------------------------------------------------


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    bodies = list(Body.objects.visible_to(request.user).select_related("handlungsfeld"))
    groups = [(label, [b for b in bodies if b.kind == kind]) for kind, label in BodyKind.choices]
    return render(
        request,
        "bodies/body_list.html",
        {"groups": [g for g in groups if g[1]], "is_office": is_office(request.user)},
    )


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.visible_to(request.user).select_related("handlungsfeld"), pk=pk
    )
    members = body.members.by_rank().select_related("person", "organisation")
    meetings = body.meetings.visible_to(request.user)
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "current_members": members.current(),
            "former_members": members.former(),
            "show_names": body.can_read_internals(request.user),
            "upcoming": meetings.upcoming(),
            "past": meetings.past(),
            "is_office": is_office(request.user),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_object_or_404(Meeting.objects.visible_to(user).select_related("body"), pk=pk)
    internals = meeting.can_read_internals(user)
    decisions = Decision.objects.visible_to(user).filter(meeting=meeting)
    return render(
        request,
        "bodies/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "decisions": decisions.order_by("number", "pk").with_visible_measures(user),
            "documents": meeting.documents.visible_to(user),
            "show_minutes": meeting.minutes_visible_to(user) and meeting.minutes,
            "internals": internals,
            "attendance": meeting.attendance.select_related("person") if internals else [],
            "is_office": is_office(user),
            "invitations": _invitations(meeting) if is_office(user) else None,
        },
    )


def _invitations(meeting: Meeting) -> dict:
    """For the office: how many received the current version, and when the last went out."""
    sent = MeetingMail.objects.filter(meeting=meeting, kind=MailKind.EINLADUNG)
    last = sent.order_by("-sent_at").first()
    return {
        "current": sent.filter(sequence=meeting.sequence).count(),
        "last": last.sent_at if last else None,
        "outdated": last is not None and last.sequence < meeting.sequence,
        "possible": meeting.start > timezone.now(),
    }


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-cache"
    return response


# iCal --------------------------------------------------------------------------------------


def _calendar(request: HttpRequest, name: str, meetings: QuerySet, filename: str) -> HttpResponse:
    user = request.user
    office = is_office(user)
    member_of = set(Body.objects.filter(pk__in=member_body_ids(user)).values_list("pk", flat=True))
    text = ical.calendar(
        name,
        meetings.select_related("body").prefetch_related("agenda").order_by("start"),
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
        host=request.get_host().split(":")[0],
        internals=lambda m: office or m.body_id in member_of,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    meetings = Meeting.objects.filter(pk=meeting.pk)
    return _calendar(request, str(meeting), meetings, f"sitzung-{meeting.pk}.ics")


@require_GET
def body_ics(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    meetings = body.meetings.visible_to(request.user)
    return _calendar(request, f"{settings.SITE_NAME}: {body}", meetings, f"gremium-{body.pk}.ics")


@require_GET
def feed_ics(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.visible_to(request.user)
    name = _("%(site)s: Sitzungen") % {"site": settings.SITE_NAME}
    return _calendar(request, name, meetings, "sitzungen.ics")


# Office: bodies and members ----------------------------------------------------------------


def _body_form(request: HttpRequest, body: Body) -> HttpResponse:
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        body = form.save()
        messages.success(request, _("Das Gremium wurde gespeichert."))
        return redirect(body)
    return render(request, "bodies/body_form.html", {"form": form, "body": body})


@office_required
@require_http_methods(_GET_POST)
def body_create(request: HttpRequest) -> HttpResponse:
    return _body_form(request, Body())


@office_required
@require_http_methods(_GET_POST)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _body_form(request, get_object_or_404(Body, pk=pk))


@office_required
@require_http_methods(_GET_POST)
def body_delete(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    what = _("das Gremium mit allen Sitzungen, Beschlüssen und Dokumenten")
    return confirm_delete(
        request, body, what=what, back=body.get_absolute_url(), done="bodies:list"
    )


def _member_form(request: HttpRequest, member: BodyMember) -> HttpResponse:
    form = BodyMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Mitgliedschaft wurde gespeichert."))
        return redirect(member.body)
    return render(request, "bodies/member_form.html", {"form": form, "member": member})


@office_required
@require_http_methods(_GET_POST)
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_form(request, BodyMember(body=get_object_or_404(Body, pk=pk)))


@office_required
@require_http_methods(_GET_POST)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_form(
        request, get_object_or_404(BodyMember.objects.select_related("body"), pk=pk)
    )


@office_required
@require_http_methods(_GET_POST)
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(BodyMember.objects.select_related("body", "person"), pk=pk)
    back = member.body.get_absolute_url()
    what = _("die Mitgliedschaft (für ein Ausscheiden besser das Datum eintragen)")
    return confirm_delete(request, member, what=what, back=back, done=back)


# Office: recording a meeting ---------------------------------------------------------------


@office_required
@require_http_methods(_GET_POST)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting(body=get_object_or_404(Body, pk=pk))
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("Die Sitzung wurde angelegt."))
        return _next_step(meeting, "bodies:meeting_edit")
    return render(request, "bodies/meeting_form.html", {"form": form, "meeting": meeting})


@office_required
@require_http_methods(_GET_POST)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _next_step(meeting, "bodies:meeting_edit")
    return _step_page(
        request, "bodies/meeting_form.html", meeting, "bodies:meeting_edit", form=form
    )


@office_required
@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.start <= timezone.now():
        messages.error(request, _("Die Sitzung hat schon begonnen; eingeladen wird vorher."))
        return redirect(meeting)
    outcome = mails.send_invitations(meeting, base_url=request.build_absolute_uri("/"))
    if outcome.sent:
        messages.success(
            request,
            _("Einladung an %(count)d Mitglieder versendet.") % {"count": outcome.sent},
        )
    elif not outcome.failed:
        messages.info(
            request,
            _(
                "Keine Einladung versendet: Alle Mitglieder mit E-Mail-Adresse haben diese "
                "Fassung schon erhalten oder Einladungen abbestellt."
            ),
        )
    if outcome.failed:
        messages.error(
            request,
            _(
                "%(count)d Einladungen konnten nicht versendet werden; bitte später erneut "
                "auf „Einladung versenden“ klicken."
            )
            % {"count": outcome.failed},
        )
    return redirect(meeting)


@office_required
@require_http_methods(_GET_POST)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    what = _("die Sitzung mit Tagesordnung, Beschlüssen und Dokumenten")
    back = meeting.get_absolute_url()
    return confirm_delete(
        request, meeting, what=what, back=back, done=meeting.body.get_absolute_url()
    )


@office_required
@require_http_methods(_GET_POST)
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    last = max(meeting.agenda.values_list("number", flat=True), default=0)
    initial = [{"number": last + i} for i in range(1, AgendaFormSet.extra + 1)]
    formset = AgendaFormSet(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        if formset.has_changed():
            meeting.revise()
        return _next_step(meeting, "bodies:meeting_agenda")
    return _step_page(
        request, "bodies/meeting_agenda.html", meeting, "bodies:meeting_agenda", formset=formset
    )


@office_required
@require_http_methods(_GET_POST)
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _next_step(meeting, "bodies:meeting_attendance")
    return _step_page(
        request, "bodies/meeting_attendance.html", meeting, "bodies:meeting_attendance", form=form
    )


@office_required
@require_http_methods(_GET_POST)
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        announced = mails.announce_minutes(meeting, base_url=request.build_absolute_uri("/"))
        if announced.sent:
            messages.success(
                request,
                _("Die Veröffentlichung des Protokolls wurde %(count)d Mitgliedern gemeldet.")
                % {"count": announced.sent},
            )
        return _next_step(meeting, "bodies:meeting_minutes")
    return _step_page(
        request, "bodies/meeting_minutes.html", meeting, "bodies:meeting_minutes", form=form
    )


@office_required
@require_http_methods(_GET_POST)
def meeting_documents(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    document = Document(meeting=meeting, uploaded_by=request.user)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Das Dokument wurde hochgeladen."))
        return redirect("bodies:meeting_documents", meeting.pk)
    return _step_page(
        request,
        "bodies/meeting_documents.html",
        meeting,
        "bodies:meeting_documents",
        form=form,
        documents=meeting.documents.all(),
    )


@office_required
@require_http_methods(_GET_POST)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    back = reverse("bodies:meeting_documents", args=[document.meeting_id])
    return confirm_delete(request, document, what=_("das Dokument"), back=back, done=back)


@office_required
@require_http_methods(_GET_POST)
def meeting_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = DecisionForm(request.POST or None, instance=Decision(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Beschluss wurde gespeichert."))
        return redirect("bodies:meeting_decisions", meeting.pk)
    decisions = meeting.decisions.order_by("number", "pk").prefetch_related("measures")
    return _step_page(
        request,
        "bodies/meeting_decisions.html",
        meeting,
        "bodies:meeting_decisions",
        form=form,
        decisions=decisions,
    )


@office_required
@require_http_methods(_GET_POST)
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__body"), pk=pk)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Beschluss wurde gespeichert."))
        return redirect(decision)
    return render(request, "bodies/decision_form.html", {"form": form, "decision": decision})


@office_required
@require_http_methods(_GET_POST)
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    back = decision.meeting.get_absolute_url()
    return confirm_delete(request, decision, what=_("den Beschluss"), back=back, done=back)


# Meeting mails: each member's preferences ----------------------------------------------------


@login_required
@require_http_methods(_GET_POST)
def notifications(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    form = None
    if person is not None:
        preference = MailPreference.objects.filter(person=person).first()
        preference = preference or MailPreference(person=person)
        form = MailPreferenceForm(request.POST or None, instance=preference)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Ihre Benachrichtigungen sind gespeichert."))
            return redirect("bodies:notifications")
    return render(request, "bodies/notifications.html", {"form": form, "person": person})


@require_http_methods(_GET_POST)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Switch off every meeting mail from the link in a mail, without logging in."""
    person = get_object_or_404(Person, pk=mails.person_from_token(token) or 0)
    if request.method == "POST":
        MailPreference.objects.update_or_create(
            person=person,
            defaults={"invitations": False, "reminders": False, "minutes": False},
        )
        return render(request, "bodies/unsubscribe.html", {"done": True})
    return render(request, "bodies/unsubscribe.html", {"done": False})
