"""Gremien, their members and meetings, and what the meetings decide.

Visibility: a public body's meetings and decisions are public unless marked otherwise; minutes
and documents are public only when released. Current members of a body read everything of
that body; the office reads everything.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_office as _is_office
from bodies.validators import validate_upload
from plattform.validation import ensure_order, order_constraint

CEASED_BEFORE_APPOINTED = _("Das Ausscheiden liegt vor der Berufung.")
MEETING_ENDS_TOO_EARLY = _("Das Ende muss nach dem Beginn liegen.")


class BodyKind(models.TextChoices):
    STEUERUNGSGRUPPE = "steuerungsgruppe", _("Steuerungsgruppe")
    ARBEITSGRUPPE = "arbeitsgruppe", _("Arbeitsgruppe")
    GESUNDHEITSKONFERENZ = "gesundheitskonferenz", _("Gesundheitskonferenz")
    SONSTIGE = "sonstige", _("Sonstiges Gremium")


class Position(models.TextChoices):
    VORSITZ = "vorsitz", _("Vorsitz")
    STELLVERTRETUNG = "stellvertretung", _("Stellvertretung")
    MITGLIED = "mitglied", _("Mitglied")
    GAST = "gast", _("Gast")


def member_body_ids(user, on: dt.date | None = None) -> models.QuerySet:
    """Ids of the bodies the user currently belongs to (through its registry person)."""
    if not user.is_authenticated:
        return Body.objects.none().values("pk")
    on = on or timezone.localdate()
    current = (
        BodyMember.objects.filter(person__user=user)
        .filter(Q(appointed__isnull=True) | Q(appointed__lte=on))
        .filter(Q(ceased__isnull=True) | Q(ceased__gte=on))
    )
    return current.values("body")


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_office(user):
            return self
        return self.filter(Q(is_public=True) | Q(pk__in=member_body_ids(user)))


class Body(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=BodyKind.choices)
    description = models.TextField(_("Aufgabe"), blank=True)
    handlungsfeld = models.ForeignKey(
        "vocabulary.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bodies:detail", args=[self.pk])

    def is_member(self, user) -> bool:
        return Body.objects.filter(pk=self.pk, pk__in=member_body_ids(user)).exists()

    def can_read_internals(self, user) -> bool:
        """Names of members without consent, attendance, online links: office and members."""
        return _is_office(user) or self.is_member(user)


class BodyMemberQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(appointed__isnull=True) | Q(appointed__lte=on)).filter(
            Q(ceased__isnull=True) | Q(ceased__gte=on)
        )

    def former(self, on: dt.date | None = None):
        return self.filter(ceased__lt=on or timezone.localdate())

    def by_rank(self):
        """Vorsitz first, then Stellvertretung, Mitglieder and Gäste, each by name."""
        rank = models.Case(
            *(models.When(position=p, then=i) for i, p in enumerate(Position.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "person__last_name", "person__first_name")


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="body_memberships"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="body_memberships",
        verbose_name=_("für Organisation"),
    )
    position = models.CharField(
        _("Position"), max_length=20, choices=Position.choices, default=Position.MITGLIED
    )
    appointed = models.DateField(_("berufen am"), null=True, blank=True)
    ceased = models.DateField(_("ausgeschieden am"), null=True, blank=True)

    objects = BodyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["body", "position", "person__last_name"]
        verbose_name = _("Gremienmitglied")
        verbose_name_plural = _("Gremienmitglieder")
        constraints = [
            order_constraint(
                "appointed",
                "ceased",
                "bodymember_ceased_not_before_appointed",
                CEASED_BEFORE_APPOINTED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_position_display()}, {self.body})"

    def clean(self) -> None:
        ensure_order(self, "appointed", "ceased", CEASED_BEFORE_APPOINTED)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.appointed is None or self.appointed <= today) and (
            self.ceased is None or self.ceased >= today
        )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_office(user):
            return self
        public = Q(is_public=True, body__is_public=True)
        return self.filter(public | Q(body__in=member_body_ids(user)))

    def upcoming(self):
        return self.filter(start__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(start__lt=timezone.now()).order_by("-start")


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("Titel"), max_length=200)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    online_link = models.URLField(_("Online-Link"), blank=True)
    is_public = models.BooleanField(_("öffentlich angekündigt"), default=True)
    minutes = models.TextField(_("Protokoll"), blank=True)
    minutes_public = models.BooleanField(_("Protokoll veröffentlicht"), default=False)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    sequence = models.PositiveIntegerField(
        _("Fassung"),
        default=0,
        editable=False,
        help_text=_("Zählt Änderungen an Termin, Ort und Tagesordnung (SEQUENCE im Kalender)."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    #: A change of these makes a new version of the calendar entry.
    SCHEDULE = ("title", "start", "end", "place", "online_link")

    class Meta:
        ordering = ["-start"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        constraints = [
            order_constraint(
                "start", "end", "meeting_end_after_start", MEETING_ENDS_TOO_EARLY, strictly=True
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("bodies:meeting", args=[self.pk])

    def clean(self) -> None:
        ensure_order(self, "start", "end", MEETING_ENDS_TOO_EARLY, strictly=True)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            stored = Meeting.objects.filter(pk=self.pk).values(*self.SCHEDULE).first()
            if stored and any(stored[name] != getattr(self, name) for name in self.SCHEDULE):
                self.sequence += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    def revise(self) -> None:
        """Count a change the calendar must show that :attr:`SCHEDULE` does not cover (the
        agenda)."""
        Meeting.objects.filter(pk=self.pk).update(
            sequence=models.F("sequence") + 1, updated=timezone.now()
        )
        self.refresh_from_db(fields=["sequence", "updated"])

    def can_read_internals(self, user) -> bool:
        """Non-public minutes and documents: office and current members of the body."""
        return self.body.can_read_internals(user)

    @property
    def ends(self) -> dt.datetime:
        """The end, or two hours after the start when none was entered."""
        return self.end or self.start + dt.timedelta(hours=2)

    def minutes_visible_to(self, user) -> bool:
        public = self.is_public and self.body.is_public and self.minutes_public
        return public or self.can_read_internals(user)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField(_("TOP"), validators=[MinValueValidator(1)])
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="agenda_number_from_1",
                violation_error_message=_("Die Tagesordnungspunkte zählen ab 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"TOP {self.number}: {self.title}"


class AttendanceStatus(models.TextChoices):
    EINGELADEN = "eingeladen", _("eingeladen")
    ZUGESAGT = "zugesagt", _("zugesagt")
    ABGESAGT = "abgesagt", _("abgesagt")
    ANWESEND = "anwesend", _("anwesend")
    ENTSCHULDIGT = "entschuldigt", _("entschuldigt")


class Attendance(models.Model):
    """Invitation and attendance of one person at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.EINGELADEN,
    )
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "person__last_name"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The same rule as :meth:`Document.visible_to`, for many documents at once."""
        if _is_office(user):
            return self
        public = Q(is_public=True, meeting__is_public=True, meeting__body__is_public=True)
        return self.filter(public | Q(meeting__body__in=member_body_ids(user)))


class Document(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="dokumente/%Y/", validators=[validate_upload])
    is_public = models.BooleanField(_("öffentlich"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "title"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def __str__(self) -> str:
        return self.title

    def visible_to(self, user) -> bool:
        public = self.is_public and self.meeting.is_public and self.meeting.body.is_public
        return public or self.meeting.can_read_internals(user)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_office(user):
            return self
        public = Q(is_public=True, meeting__is_public=True, meeting__body__is_public=True)
        return self.filter(public | Q(meeting__body__in=member_body_ids(user)))

    def with_visible_measures(self, user):
        """Prefetch into ``visible_measures`` the measures the user may see of each decision."""
        measures = follow_up_model().objects.visible_to(user)
        return self.prefetch_related(
            models.Prefetch("measures", measures, to_attr="visible_measures")
        )


def follow_up_model() -> type[models.Model]:
    """The model of the measures that follow from decisions (``Measure``).

    Measures refer to decisions, not the other way round: bodies sit below measures in the app
    graph and reach them only through the reverse relation ``Decision.measures``.
    """
    return Decision._meta.get_field("measures").related_model


class Decision(models.Model):
    """Beschluss of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.CharField(_("Nummer"), max_length=30, blank=True)
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Wortlaut"))
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__start", "number"]
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("bodies:meeting", args=[self.meeting_id]) + f"#beschluss-{self.pk}"


class MailKind(models.TextChoices):
    EINLADUNG = "einladung", _("Einladung")
    ERINNERUNG = "erinnerung", _("Erinnerung")
    PROTOKOLL = "protokoll", _("Protokoll veröffentlicht")


class MeetingMail(models.Model):
    """One mail about a meeting to one person: which kind, which version, when.

    An invitation goes out once per version of the meeting (its ``sequence``); a reminder and
    the announcement of the minutes go out once per meeting and person, which the database
    enforces, so two reminder runs at the same time send one mail.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="mails")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="meeting_mails"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=MailKind.choices)
    sequence = models.PositiveIntegerField(_("Fassung"), default=0)
    address = models.EmailField(_("Adresse"))
    sent_at = models.DateTimeField(_("versendet am"), default=timezone.now)

    class Meta:
        ordering = ["meeting", "-sent_at"]
        verbose_name = _("Sitzungs-E-Mail")
        verbose_name_plural = _("Sitzungs-E-Mails")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind", "sequence"],
                condition=Q(kind="einladung"),
                name="meetingmail_invitation_once_per_version",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"],
                condition=Q(kind__in=["erinnerung", "protokoll"]),
                name="meetingmail_reminder_and_minutes_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} an {self.address} ({self.meeting})"


class MailPreference(models.Model):
    """Which meeting mails a person receives; without a row, all of them."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="mail_preference"
    )
    invitations = models.BooleanField(
        _("Einladungen zu Sitzungen (mit Kalenderdatei) und geänderte Einladungen"), default=True
    )
    reminders = models.BooleanField(_("Erinnerungen vor einer Sitzung"), default=True)
    minutes = models.BooleanField(_("Hinweis, wenn ein Protokoll veröffentlicht ist"), default=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return str(self.person)

    #: The preference field that governs each kind of mail.
    FIELD = {
        MailKind.EINLADUNG: "invitations",
        MailKind.ERINNERUNG: "reminders",
        MailKind.PROTOKOLL: "minutes",
    }
