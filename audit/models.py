"""One entry per change of an audited object."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATED = "angelegt", _("angelegt")
    CHANGED = "geändert", _("geändert")
    DELETED = "gelöscht", _("gelöscht")


def _readable(value):
    """Stored booleans as users say them."""
    if isinstance(value, str):
        return {"True": _("ja"), "False": _("nein")}.get(value, value)
    return value


class AuditEntryQuerySet(models.QuerySet):
    def about(self, *objects):
        """Entries of the given model instances and querysets (e.g. an organisation and its
        roles)."""
        condition = Q(pk__in=[])
        for item in objects:
            if isinstance(item, models.QuerySet):
                ids = [str(pk) for pk in item.values_list("pk", flat=True)]
                condition |= Q(model=item.model._meta.label, object_id__in=ids)
            else:
                condition |= Q(model=item._meta.label, object_id=str(item.pk))
        return self.filter(condition)


class AuditEntry(models.Model):
    timestamp = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("Benutzer"),
    )
    action = models.CharField(_("Aktion"), max_length=20, choices=Action.choices)
    #: The model's label (``registry.Organisation``): stable whatever the language.
    model = models.CharField(_("Art"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=40)
    object_repr = models.CharField(_("Objekt"), max_length=200)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object")]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return f"{self.timestamp:%d.%m.%Y %H:%M} {self.user} {self.action} {self.object_repr}"

    def _model_class(self):
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):  # entries of models that no longer exist
            return None

    @property
    def model_name(self) -> str:
        """The model's name in the current language."""
        model = self._model_class()
        return str(model._meta.verbose_name) if model else self.model

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """``(field name as users read it, before, after)`` for each recorded change."""
        model = self._model_class()
        labels = {}
        if model is not None:
            fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
            labels = {getattr(f, "attname", f.name): str(f.verbose_name) for f in fields}
        out = []
        for name, values in self.changes.items():
            if model is not None and name == model._meta.pk.attname:
                continue  # the id is in the entry itself
            before, after = values if isinstance(values, list | tuple) else (None, values)
            out.append((labels.get(name, name), _readable(before), _readable(after)))
        return out
