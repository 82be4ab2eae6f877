"""Forms of the measures pages."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies.forms import DATE_INPUT, MARKDOWN_HELP
from measures.models import Measure, MeasureStatus, MeasureUpdate, Milestone, Recommendation
from registry.models import Organisation
from vocabulary.models import Handlungsfeld

_MANY = {"size": 8}


class MeasureFilterForm(forms.Form):
    """Filters of the overview; unknown values are ignored rather than shown as errors."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *MeasureStatus.choices]
    )
    handlungsfeld = forms.ModelChoiceField(
        Handlungsfeld.objects.all(),
        label=_("Handlungsfeld"),
        required=False,
        to_field_name="slug",
        empty_label=_("alle"),
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("verantwortliche Organisation"),
        required=False,
        empty_label=_("alle"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Measure.objects.visible_to(user).values("pk")
        self.fields["organisation"].queryset = (
            Organisation.objects.visible_to(user).filter(measures__in=visible).distinct()
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = (
            "title",
            "handlungsfeld",
            "description",
            "status",
            "progress",
            "start",
            "end",
            "responsible",
            "decisions",
            "is_public",
            "is_demo",
        )
        widgets: ClassVar[dict] = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start": DATE_INPUT,
            "end": DATE_INPUT,
            "responsible": forms.SelectMultiple(attrs=_MANY),
            "decisions": forms.SelectMultiple(attrs=_MANY),
        }
        help_texts: ClassVar[dict] = {"description": MARKDOWN_HELP}

    def __init__(self, *args, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.fields["decisions"].queryset = self.fields["decisions"].queryset.select_related(
            "meeting__body"
        )
        # The progress shown on the page travels along: a Sachstand saved meanwhile keeps its
        # progress unless the office changed the field itself.
        self.fields["progress"].show_hidden_initial = True

    def save(self, commit: bool = True) -> Measure:
        if not commit or self.instance._state.adding:
            return super().save(commit)
        wanted = self.cleaned_data["progress"]
        with transaction.atomic():
            self.instance.progress = (
                Measure.objects.select_for_update().get(pk=self.instance.pk).progress
            )
            measure = super().save()
            if "progress" in self.changed_data and wanted != measure.progress:
                measure.record_progress(
                    text=_("Fortschritt auf %(progress)d %% gesetzt.") % {"progress": wanted},
                    progress=wanted,
                    author=self.author,
                )
        return measure


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ("title", "due", "done")
        widgets: ClassVar[dict] = {"due": DATE_INPUT, "done": DATE_INPUT}


class MeasureUpdateForm(forms.ModelForm):
    """A Sachstand; a progress given here becomes the measure's progress."""

    class Meta:
        model = MeasureUpdate
        fields = ("date", "text", "progress")
        widgets: ClassVar[dict] = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 6})}
        help_texts: ClassVar[dict] = {
            "text": MARKDOWN_HELP,
            "progress": _("Leer lassen, wenn sich der Fortschritt nicht geändert hat."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["progress"].widget.attrs.update(min=0, max=100)

    def save(self, commit: bool = True) -> MeasureUpdate:
        if not commit:
            return super().save(commit)
        update = self.instance
        if update._state.adding:
            return update.measure.record_progress(
                text=update.text, progress=update.progress, author=update.author, date=update.date
            )
        with transaction.atomic():
            update = super().save()
            update.measure.sync_progress()
        return update


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = (
            "title",
            "text",
            "addressee",
            "status",
            "date",
            "evidence",
            "handlungsfeld",
            "decisions",
            "measures",
            "is_public",
            "is_demo",
        )
        widgets: ClassVar[dict] = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "evidence": forms.Textarea(attrs={"rows": 6}),
            "date": DATE_INPUT,
            "decisions": forms.SelectMultiple(attrs=_MANY),
            "measures": forms.SelectMultiple(attrs=_MANY),
        }
        help_texts: ClassVar[dict] = {"text": MARKDOWN_HELP}


class HandlungsfeldForm(forms.ModelForm):
    class Meta:
        model = Handlungsfeld
        fields = ("name", "slug", "description", "order")
        widgets: ClassVar[dict] = {"description": forms.Textarea(attrs={"rows": 4})}


#: Endings the measure import reads (gesundheitsregion.io reads CSV, TXT, TSV and XLSX).
IMPORT_ENDINGS = (".csv", ".txt", ".tsv", ".xlsx")
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class MeasureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_("Eine Zeile je Maßnahme; die Spalten beschreibt die Vorlage."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_ENDINGS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_ENDINGS):
            raise forms.ValidationError(
                _("Bitte eine CSV- oder XLSX-Datei hochladen (Endung .csv, .txt, .tsv, .xlsx).")
            )
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMPORT_MAX_BYTES)}
            )
        return upload
