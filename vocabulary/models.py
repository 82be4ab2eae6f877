"""The Handlungsfelder: the themes the network works on."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["Handlungsfeld"]


class Handlungsfeld(models.Model):
    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kürzel"), unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # A URL name, not an import: the page lists the measures of the field.
        return reverse("measures:handlungsfeld", args=[self.slug])
