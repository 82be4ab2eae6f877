"""Forms with which the office edits FAQ, news and the process timeline."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Faq, News, ProcessPhase

RICHTEXT_HELP = _(
    "Leerzeilen trennen Absätze, Zeilen mit „- “ am Anfang werden zur Liste; **fett**, *kursiv* "
    "und Links als [Text](https://…) sind möglich. HTML wird als Text angezeigt."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FaqForm(forms.ModelForm):
    class Meta:
        model = Faq
        fields = ("question", "answer", "order", "is_public", "is_demo")
        widgets: ClassVar[dict] = {"answer": forms.Textarea(attrs={"rows": 10})}
        help_texts: ClassVar[dict] = {
            "answer": RICHTEXT_HELP,
            "order": _("Kleinere Zahlen stehen weiter oben."),
            "is_public": _("Nur veröffentlichte Fragen erscheinen im Portal."),
        }


class NewsForm(forms.ModelForm):
    class Meta:
        model = News
        fields = ("title", "date", "text", "is_public", "is_demo")
        widgets: ClassVar[dict] = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 14})}
        help_texts: ClassVar[dict] = {
            "text": RICHTEXT_HELP,
            "is_public": _("Nur veröffentlichte Meldungen erscheinen im Portal."),
        }


class ProcessPhaseForm(forms.ModelForm):
    class Meta:
        model = ProcessPhase
        fields = ("title", "description", "start", "end", "status", "order", "is_demo")
        widgets: ClassVar[dict] = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts: ClassVar[dict] = {
            "description": RICHTEXT_HELP,
            "order": _("Die Phasen erscheinen nach dieser Zahl geordnet."),
        }
