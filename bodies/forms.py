"""Forms of the Gremien pages; the office uses them to keep bodies and record meetings."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMember,
    Decision,
    Document,
    MailPreference,
    Meeting,
    follow_up_model,
)
from registry.models import Person

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MARKDOWN_HELP = _(
    "Einfacher Text. Erlaubt: Leerzeile für Absätze, **fett**, *kursiv*, Listen mit „-“ oder "
    "„1.“, Überschriften mit „#“ und Links [Text](https://…). HTML wird nicht übernommen."
)


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ("name", "kind", "description", "handlungsfeld", "is_public", "is_demo")
        widgets: ClassVar[dict] = {"description": forms.Textarea(attrs={"rows": 4})}


class BodyMemberForm(forms.ModelForm):
    """A member: an existing person, or a new one entered here."""

    new_title = forms.CharField(label=_("Titel (neue Person)"), max_length=50, required=False)
    new_first_name = forms.CharField(
        label=_("Vorname (neue Person)"), max_length=100, required=False
    )
    new_last_name = forms.CharField(
        label=_("Nachname (neue Person)"), max_length=100, required=False
    )
    new_public_consent = forms.BooleanField(
        label=_("Die neue Person ist mit der öffentlichen Nennung einverstanden"), required=False
    )

    class Meta:
        model = BodyMember
        fields = ("person", "organisation", "position", "appointed", "ceased")
        widgets: ClassVar[dict] = {"appointed": DATE_INPUT, "ceased": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False
        self.fields["person"].help_text = _(
            "Eine vorhandene Person wählen oder unten eine neue Person eintragen."
        )

    def clean(self) -> dict:
        data = super().clean()
        new_name = data.get("new_first_name") or data.get("new_last_name")
        if data.get("person") and new_name:
            raise forms.ValidationError(
                _("Bitte entweder eine vorhandene Person wählen oder eine neue eintragen.")
            )
        if not data.get("person") and not (
            data.get("new_first_name") and data.get("new_last_name")
        ):
            raise forms.ValidationError(
                _("Bitte eine Person wählen oder Vor- und Nachname einer neuen Person angeben.")
            )
        return data

    def save(self, commit: bool = True) -> BodyMember:
        if not self.cleaned_data.get("person"):
            self.instance.person = Person.objects.create(
                title=self.cleaned_data["new_title"],
                first_name=self.cleaned_data["new_first_name"],
                last_name=self.cleaned_data["new_last_name"],
                public_consent=self.cleaned_data["new_public_consent"],
            )
        return super().save(commit)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("title", "start", "end", "place", "online_link", "is_public", "is_demo")
        widgets: ClassVar[dict] = {"start": DATETIME_INPUT, "end": DATETIME_INPUT}
        help_texts: ClassVar[dict] = {
            "online_link": _("Sehen nur Mitglieder des Gremiums und die Geschäftsstelle."),
            "is_public": _(
                "Termin, Tagesordnung und öffentliche Beschlüsse erscheinen im Portal "
                "(nur bei öffentlichen Gremien)."
            ),
        }


AgendaFormSet = forms.inlineformset_factory(
    Meeting,
    AgendaItem,
    fields=["number", "title", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=3,
    can_delete=True,
)


class AttendanceForm(forms.Form):
    """Invitation and attendance: one choice per current member (and per person already
    recorded), plus one more person to invite."""

    add_person = forms.ModelChoiceField(
        Person.objects.none(),
        label=_("Weitere Person einladen"),
        required=False,
        empty_label=_("– niemand –"),
    )
    add_status = forms.ChoiceField(
        label=_("Status der weiteren Person"),
        choices=AttendanceStatus.choices,
        initial=AttendanceStatus.EINGELADEN,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        recorded = {a.person_id: a for a in meeting.attendance.select_related("person")}
        members = meeting.body.members.current().by_rank().select_related("person", "organisation")
        people: dict[int, tuple[Person, str]] = {}
        for member in members:
            org = f" ({member.organisation})" if member.organisation else ""
            people.setdefault(member.person_id, (member.person, f"{member.person}{org}"))
        for person_id, attendance in recorded.items():
            people.setdefault(person_id, (attendance.person, str(attendance.person)))
        choices = [("", _("nicht eingeladen")), *AttendanceStatus.choices]
        self.people = {}
        for person_id, (person, label) in people.items():
            name = f"person_{person_id}"
            self.people[name] = person
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=recorded[person_id].status if person_id in recorded else "",
            )
        self.fields["add_person"].queryset = Person.objects.exclude(pk__in=people)
        self.order_fields([*self.people, "add_person", "add_status"])

    def member_fields(self) -> list:
        return [self[name] for name in self.people]

    def save(self) -> None:
        wanted = {p: self.cleaned_data[name] for name, p in self.people.items()}
        if self.cleaned_data.get("add_person"):
            status = self.cleaned_data["add_status"] or AttendanceStatus.EINGELADEN
            wanted[self.cleaned_data["add_person"]] = status
        for person, status in wanted.items():
            if not status:
                Attendance.objects.filter(meeting=self.meeting, person=person).delete()
                continue
            Attendance.objects.update_or_create(
                meeting=self.meeting,
                person=person,
                defaults={"status": status},
                create_defaults={"status": status, "invited_at": timezone.now()},
            )


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("minutes", "minutes_public")
        widgets: ClassVar[dict] = {"minutes": forms.Textarea(attrs={"rows": 16})}
        help_texts: ClassVar[dict] = {
            "minutes": MARKDOWN_HELP,
            "minutes_public": _(
                "Öffentlich nur bei öffentlicher Sitzung eines öffentlichen "
                "Gremiums; sonst lesen es Mitglieder und Geschäftsstelle."
            ),
        }


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ("title", "file", "is_public")
        help_texts: ClassVar[dict] = {
            "is_public": _("Öffentlich nur bei öffentlicher Sitzung eines öffentlichen Gremiums.")
        }


class DecisionForm(forms.ModelForm):
    measures = forms.ModelMultipleChoiceField(
        None,
        label=_("Maßnahmen, die aus dem Beschluss folgen"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Decision
        fields = ("number", "title", "text", "is_public")
        widgets: ClassVar[dict] = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts: ClassVar[dict] = {"text": MARKDOWN_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = follow_up_model().objects.all()
        if self.instance.pk:
            self.fields["measures"].initial = list(self.instance.measures.all())

    def save(self, commit: bool = True) -> Decision:
        decision = super().save(commit)
        decision.measures.set(self.cleaned_data["measures"])
        return decision


class MailPreferenceForm(forms.ModelForm):
    class Meta:
        model = MailPreference
        fields = ("invitations", "reminders", "minutes")
