from __future__ import annotations

import datetime as dt

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.signals import AUDITED


def _model_choices() -> list[tuple[str, str]]:
    return [("", _("alle Arten"))] + [
        (label, str(apps.get_model(label)._meta.verbose_name_plural)) for label in AUDITED
    ]


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Art"), required=False, choices=_model_choices)
    user = forms.ModelChoiceField(
        label=_("Benutzer"),
        required=False,
        queryset=get_user_model().objects.order_by("username"),
        empty_label=_("alle Benutzer"),
    )
    start = forms.DateField(
        label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def apply(self, entries):
        data = self.cleaned_data if self.is_bound else {}
        if data.get("model"):
            entries = entries.filter(model=data["model"])
        if data.get("user"):
            entries = entries.filter(user=data["user"])
        if data.get("start"):
            entries = entries.filter(timestamp__gte=_midnight(data["start"]))
        if data.get("end"):
            entries = entries.filter(timestamp__lt=_midnight(data["end"] + dt.timedelta(days=1)))
        return entries


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
