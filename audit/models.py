"""One entry per change of an audited object."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATED = "angelegt", _("angelegt")
    CHANGED = "geändert", _("geändert")
    DELETED = "gelöscht", _("gelöscht")


class AuditEntry(models.Model):
    timestamp = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, verbose_name=_("Benutzer"))
    action = models.CharField(_("Aktion"), max_length=20, choices=Action.choices)
    model = models.CharField(_("Art"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=40)
    object_repr = models.CharField(_("Objekt"), max_length=200)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        ordering = ["-timestamp"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return f"{self.timestamp:%d.%m.%Y %H:%M} {self.user} {self.action} {self.object_repr}"
