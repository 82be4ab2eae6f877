"""Editable content of the public portal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from plattform.validation import ensure_order, order_constraint

END_BEFORE_START = _("Das Ende liegt vor dem Beginn.")


class PublishedQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Faq(models.Model):
    question = models.CharField(_("Frage"), max_length=300)
    answer = models.TextField(_("Antwort"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_public = models.BooleanField(_("veröffentlicht"), default=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "question"]
        verbose_name = _("Häufige Frage")
        verbose_name_plural = _("Häufige Fragen")

    def __str__(self) -> str:
        return self.question


class News(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    date = models.DateField(_("Datum"))
    text = models.TextField(_("Text"))
    is_public = models.BooleanField(_("veröffentlicht"), default=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")

    def __str__(self) -> str:
        return self.title


class PhaseStatus(models.TextChoices):
    ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")
    AKTUELL = "aktuell", _("aktuell")
    GEPLANT = "geplant", _("geplant")


class ProcessPhase(models.Model):
    """One step of the Prozessverlauf (Vorbereitung → Strukturbildung → Analyse/Planung →
    Umsetzung → Evaluation/Verstetigung)."""

    title = models.CharField(_("Phase"), max_length=150)
    description = models.TextField(_("Beschreibung"), blank=True)
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.GEPLANT
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    class Meta:
        ordering = ["order"]
        verbose_name = _("Prozessphase")
        verbose_name_plural = _("Prozessverlauf")
        constraints = [
            order_constraint("start", "end", "processphase_end_not_before_start", END_BEFORE_START),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        ensure_order(self, "start", "end", END_BEFORE_START)
