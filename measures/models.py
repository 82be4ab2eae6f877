"""Maßnahmen with progress and timeline, and Empfehlungen, each in a Handlungsfeld."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_office as _is_office
from plattform.validation import ensure_order, order_constraint
from vocabulary.models import Handlungsfeld

END_BEFORE_START = _("Das Ende liegt vor dem Beginn.")
PROGRESS_RANGE = _("Der Fortschritt liegt zwischen 0 und 100 %.")


class MeasureStatus(models.TextChoices):
    GEPLANT = "geplant", _("geplant")
    LAUFEND = "laufend", _("laufend")
    ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")
    AUSGESETZT = "ausgesetzt", _("ausgesetzt")


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_office(user):
            return self
        if user.is_authenticated:
            from registry.models import Organisation

            own = Organisation.objects.editable_by(user)
            return self.filter(Q(is_public=True) | Q(responsible__in=own)).distinct()
        return self.filter(is_public=True)

    def filtered(self, *, status=None, handlungsfeld=None, organisation=None):
        """Narrow to a status, a Handlungsfeld and a responsible organisation (each optional)."""
        measures = self
        if status:
            measures = measures.filter(status=status)
        if handlungsfeld is not None:
            measures = measures.filter(handlungsfeld=handlungsfeld)
        if organisation is not None:
            measures = measures.filter(responsible=organisation)
        return measures.distinct()


class Measure(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    handlungsfeld = models.ForeignKey(
        Handlungsfeld,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.GEPLANT
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    responsible = models.ManyToManyField(
        "registry.Organisation",
        blank=True,
        related_name="measures",
        verbose_name=_("verantwortliche Organisationen"),
    )
    decisions = models.ManyToManyField(
        "bodies.Decision",
        blank=True,
        related_name="measures",
        verbose_name=_("beruht auf Beschlüssen"),
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["handlungsfeld__order", "title"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="measure_progress_0_100",
                violation_error_message=PROGRESS_RANGE,
            ),
            order_constraint("start", "end", "measure_end_not_before_start", END_BEFORE_START),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", args=[self.pk])

    def clean(self) -> None:
        ensure_order(self, "start", "end", END_BEFORE_START)

    def record_progress(
        self, *, text: str, progress: int | None, author=None, date=None
    ) -> MeasureUpdate:
        """Add a Sachstand and, with a progress, make it the measure's, as one step.

        The measure's row stays locked until the transaction ends, so concurrent updates queue
        up: each becomes its own Sachstand, and the measure shows the progress of the last.
        """
        with transaction.atomic():
            self._lock()
            update = MeasureUpdate(
                measure=self,
                date=date or timezone.localdate(),
                text=text,
                progress=progress,
                author=author,
            )
            update.full_clean()
            update.save()
            self.sync_progress()
        return update

    def sync_progress(self) -> None:
        """Set the progress to that of the newest Sachstand with one (after an edit or delete)."""
        with transaction.atomic():
            self._lock()
            latest = self.updates.exclude(progress=None).order_by("-pk").first()
            if latest is not None:
                now = timezone.now()
                Measure.objects.filter(pk=self.pk).update(progress=latest.progress, updated=now)
                self.progress, self.updated = latest.progress, now

    def _lock(self) -> None:
        # PostgreSQL: SELECT … FOR UPDATE; SQLite locks the whole database on the first write.
        Measure.objects.select_for_update().filter(pk=self.pk).values_list("pk").get()

    def can_edit(self, user) -> bool:
        """Title, Handlungsfeld, milestones and links: the office only."""
        return _is_office(user)

    def can_update(self, user) -> bool:
        """Sachstände and progress: the office and editors of a responsible organisation."""
        if _is_office(user):
            return True
        if not user.is_authenticated:
            return False
        from registry.models import Organisation

        own = Organisation.objects.editable_by(user)
        return self.responsible.filter(pk__in=own.values("pk")).exists()


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=200)
    due = models.DateField(_("geplant bis"))
    done = models.DateField(_("erreicht am"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "due"]
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.done is not None and self.done > timezone.localdate():
            raise ValidationError(
                {"done": _("Ein Meilenstein kann nicht in der Zukunft erreicht worden sein.")}
            )

    @property
    def is_overdue(self) -> bool:
        return self.done is None and self.due < timezone.localdate()


class MeasureUpdate(models.Model):
    """One entry of a measure's timeline."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("Datum"))
    text = models.TextField(_("Stand"))
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["measure", "-date"]
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="measureupdate_progress_0_100",
                violation_error_message=PROGRESS_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}, {self.date}"


class RecommendationStatus(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    BESCHLOSSEN = "beschlossen", _("beschlossen")
    UEBERGEBEN = "übergeben", _("übergeben")
    IN_UMSETZUNG = "in_umsetzung", _("in Umsetzung")
    UMGESETZT = "umgesetzt", _("umgesetzt")
    ABGELEHNT = "abgelehnt", _("abgelehnt")


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _is_office(user):
            return self
        return self.filter(is_public=True)


class Recommendation(models.Model):
    """Empfehlung, e.g. to the Sozialministerium, with the evidence it rests on."""

    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Empfehlung"))
    addressee = models.CharField(_("Adressat"), max_length=200)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.ENTWURF,
    )
    date = models.DateField(_("Datum"), null=True, blank=True)
    evidence = models.TextField(
        _("Grundlagen"),
        blank=True,
        help_text=_("Analysen, Daten und Gespräche, auf denen sie beruht."),
    )
    handlungsfeld = models.ForeignKey(
        Handlungsfeld,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    decisions = models.ManyToManyField(
        "bodies.Decision", blank=True, related_name="recommendations"
    )
    measures = models.ManyToManyField(Measure, blank=True, related_name="recommendations")
    is_public = models.BooleanField(_("öffentlich"), default=False)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("Empfehlung")
        verbose_name_plural = _("Empfehlungen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:recommendation", args=[self.pk])
