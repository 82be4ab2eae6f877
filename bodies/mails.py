"""E-mails about meetings to the members of a body: the invitation with the calendar file
(again, as an update, after a change), a reminder some days before, and the announcement
of published minutes.

Only current members of the meeting's body receive them, at the address of their account or,
without one, their registry entry, and only the kinds they have not switched off
(:class:`bodies.models.MailPreference`). Each mail is recorded in :class:`MeetingMail`
in the same transaction as it is handed to the mail server: a failed delivery leaves no
record (and is tried again), and the database's unique constraints keep a reminder or an
announcement from going out twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email.message import MIMEPart
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from bodies import ical
from bodies.models import (
    Attendance,
    BodyMember,
    MailKind,
    MailPreference,
    Meeting,
    MeetingMail,
)

__all__ = [
    "Outcome",
    "announce_minutes",
    "person_from_token",
    "recipients",
    "send_invitations",
    "send_reminders",
    "unsubscribe_token",
]

log = logging.getLogger(__name__)
_SALT = "bodies.mails.abbestellen"


@dataclass
class Outcome:
    """What one sending run did: mails sent, people who had this mail already, failures."""

    sent: int = 0
    already: int = 0
    failed: int = 0


def unsubscribe_token(person) -> str:
    return signing.dumps(person.pk, salt=_SALT)


def person_from_token(token: str) -> int | None:
    """The person id in a valid unsubscribe token, else ``None``."""
    try:
        return int(signing.loads(token, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _address(person) -> str:
    user = person.user
    if user is not None and user.is_active and user.email:
        return user.email
    return person.email


def recipients(meeting: Meeting, kind: str) -> list[tuple[object, str]]:
    """(person, address) of the current members of the meeting's body who want ``kind``."""
    members = (
        BodyMember.objects.filter(body_id=meeting.body_id)
        .current()
        .select_related("person__user")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    people = {m.person_id: m.person for m in members}
    field = MailPreference.FIELD[kind]
    unwanted = set(
        MailPreference.objects.filter(person__in=people, **{field: False}).values_list(
            "person", flat=True
        )
    )
    found = [(p, _address(p)) for pk, p in people.items() if pk not in unwanted]
    return [(person, address) for person, address in found if address]


@dataclass
class _Links:
    """Absolute addresses for a mail: the platform's root and the host for calendar UIDs."""

    base: str

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or "localhost"

    def __call__(self, path: str) -> str:
        return self.base.rstrip("/") + path


def _context(meeting: Meeting, person, links: _Links, **extra) -> dict:
    return {
        "meeting": meeting,
        "name": str(person).strip(),
        "agenda": list(meeting.agenda.all()),
        "meeting_url": links(meeting.get_absolute_url()),
        "preferences_url": links(reverse("bodies:notifications")),
        "unsubscribe_url": links(reverse("bodies:unsubscribe", args=[unsubscribe_token(person)])),
        **extra,
    }


def _message(kind: str, subject: str, meeting: Meeting, person, address: str, links, **extra):
    context = _context(meeting, person, links, **extra)
    body = render_to_string(f"bodies/mail/{kind}.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    return message


def _deliver(meeting: Meeting, person, address: str, kind: str, message, sequence=0) -> str:
    """Record and send one mail: ``"sent"``, ``"already"`` (recorded before) or ``"failed"``."""
    try:
        with transaction.atomic():
            MeetingMail.objects.create(
                meeting=meeting, person=person, kind=kind, sequence=sequence, address=address
            )
            message.send()
    except IntegrityError:
        return "already"
    except (smtplib.SMTPException, OSError) as error:
        log.warning("Sitzungs-E-Mail an %s nicht versendet: %s", address, error)
        return "failed"
    return "sent"


def _when(meeting: Meeting) -> str:
    """Date and time in words, e.g. "Mittwoch, 5. März 2025, 14:00–16:00 Uhr"."""
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.ends)
    if end.date() == start.date():
        until = dateformat.format(end, "H:i")
    else:
        until = dateformat.format(end, "j. F Y, H:i")
    return _("%(start)s–%(end)s Uhr") % {
        "start": dateformat.format(start, "l, j. F Y, H:i"),
        "end": until,
    }


def send_invitations(meeting: Meeting, *, base_url: str) -> Outcome:
    """Invite every member who has not yet received the meeting's current version.

    Members who had an earlier version receive the update (same UID, higher SEQUENCE), so
    their calendar moves the entry instead of adding a second one.
    """
    links, outcome = _Links(base_url), Outcome()
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    invited = MeetingMail.objects.filter(meeting=meeting, kind=MailKind.EINLADUNG)
    current = set(invited.filter(sequence=meeting.sequence).values_list("person", flat=True))
    earlier = set(invited.values_list("person", flat=True)) - current
    with translation.override(settings.LANGUAGE_CODE):
        for person, address in recipients(meeting, MailKind.EINLADUNG):
            if person.pk in current:
                outcome.already += 1
                continue
            update = person.pk in earlier
            message = _invitation(meeting, person, address, links, update=update)
            result = _deliver(
                meeting, person, address, MailKind.EINLADUNG, message, meeting.sequence
            )
            setattr(outcome, result, getattr(outcome, result) + 1)
            if result == "sent":
                _mark_invited(meeting, person)
    return outcome


def _invitation(meeting: Meeting, person, address: str, links: _Links, *, update: bool):
    template = _("Geänderte Einladung: %(meeting)s") if update else _("Einladung: %(meeting)s")
    subject = template % {"meeting": f"{meeting.body.name}, {meeting.title}"}
    message = _message(
        MailKind.EINLADUNG,
        subject,
        meeting,
        person,
        address,
        links,
        update=update,
        when=_when(meeting),
    )
    calendar = ical.invitation(
        meeting,
        url=links(meeting.get_absolute_url()),
        host=links.host,
        organizer=settings.DEFAULT_FROM_EMAIL,
        attendee=address,
        attendee_name=str(person),
    )
    # As bytes in base64: RFC 5545 lines end in CRLF, which a text part would turn into LF.
    part = MIMEPart()
    part.set_content(
        calendar,
        maintype="text",
        subtype="calendar",
        disposition="attachment",
        filename="einladung.ics",
        params={"method": "REQUEST", "charset": "utf-8"},
    )
    message.attach(part)
    return message


def _mark_invited(meeting: Meeting, person) -> None:
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"invited_at": timezone.now()}
    )
    if not created and attendance.invited_at is None:
        attendance.invited_at = timezone.now()
        attendance.save(update_fields=["invited_at"])


def send_reminders(days: int, *, base_url: str, now: dt.datetime | None = None) -> Outcome:
    """Remind the members of every meeting within the next ``days`` days, once each.

    Only meetings to which invitations went out; run daily (cron or a systemd timer).
    """
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(start__gt=now, start__lte=now + dt.timedelta(days=days))
        .filter(mails__kind=MailKind.EINLADUNG)
        .select_related("body")
        .distinct()
        .order_by("start")
    )
    links, outcome = _Links(base_url), Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            subject = _("Erinnerung: %(meeting)s") % {
                "meeting": f"{meeting.body.name}, {meeting.title}"
            }
            for person, address in recipients(meeting, MailKind.ERINNERUNG):
                message = _message(
                    MailKind.ERINNERUNG,
                    subject,
                    meeting,
                    person,
                    address,
                    links,
                    when=_when(meeting),
                )
                result = _deliver(meeting, person, address, MailKind.ERINNERUNG, message)
                setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def announce_minutes(meeting: Meeting, *, base_url: str) -> Outcome:
    """Tell the members that the minutes are published (once per member and meeting)."""
    outcome = Outcome()
    if not (meeting.minutes_public and meeting.minutes.strip()):
        return outcome
    links = _Links(base_url)
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Protokoll veröffentlicht: %(meeting)s") % {
            "meeting": f"{meeting.body.name}, {meeting.title}"
        }
        for person, address in recipients(meeting, MailKind.PROTOKOLL):
            message = _message(MailKind.PROTOKOLL, subject, meeting, person, address, links)
            result = _deliver(meeting, person, address, MailKind.PROTOKOLL, message)
            setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome
