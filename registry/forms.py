from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.decorators import is_office
from registry.models import (
    NetworkMembership,
    Organisation,
    OrganisationType,
    Person,
    Role,
)
from vocabulary.models import Handlungsfeld


class DirectoryForm(forms.Form):
    """Search and filters of the public directory (GET)."""

    q = forms.CharField(label=_("Name oder Ort"), required=False, max_length=100)
    art = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle Arten")), *OrganisationType.choices]
    )
    handlungsfeld = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        queryset=Handlungsfeld.objects.all(),
        to_field_name="slug",
        empty_label=_("alle Handlungsfelder"),
    )
    kreis = forms.ChoiceField(label=_("Kreis"), required=False)

    def __init__(self, *args, kreise: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kreis"].choices = [("", _("alle Kreise")), *((k, k) for k in kreise)]

    def apply(self, organisations):
        """Narrow ``organisations`` by the valid fields; invalid filters are ignored."""
        data = self.cleaned_data if self.is_bound else {}
        organisations = organisations.search(data.get("q") or "")
        if data.get("art"):
            organisations = organisations.filter(kind=data["art"])
        if data.get("handlungsfeld"):
            organisations = organisations.filter(handlungsfelder=data["handlungsfeld"])
        if data.get("kreis"):
            organisations = organisations.filter(kreis=data["kreis"])
        return organisations


class OrganisationForm(forms.ModelForm):
    """Edit an organisation. Editors change its description and address; only the office sets
    its kind, whether it is public and whether it operates the platform (else an editor could
    pose as the Geschäftsstelle), moves it in the hierarchy, names its editors or marks demo
    content."""

    OFFICE_ONLY = ("kind", "is_public", "is_operator", "parent", "editors", "is_demo")

    #: The version the user read (lost update, G7): a save over a newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "parent",
            "description",
            "ik_number",
            "bsnr",
            "inek_site_number",
            "ags",
            "street",
            "postcode",
            "city",
            "kreis",
            "lon",
            "lat",
            "website",
            "handlungsfelder",
            "is_public",
            "is_operator",
            "editors",
            "is_demo",
        )
        widgets = {
            "handlungsfelder": forms.CheckboxSelectMultiple,
            "editors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "lon": _("Leer lassen: die Lage wird aus der PLZ bestimmt (ungefähr)."),
            "kreis": _("Leer lassen: der Kreis wird aus der Lage bestimmt."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = self.instance.version
        if not is_office(user):
            for name in self.OFFICE_ONLY:
                del self.fields[name]
            return
        parents = Organisation.objects.all()
        if self.instance.pk:
            # An organisation cannot belong to itself or to one of its own sub-organisations.
            parents = parents.exclude(pk__in={self.instance.pk, *self.instance.descendant_ids()})
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("– keine –")
        self.fields["editors"].queryset = self.fields["editors"].queryset.filter(is_active=True)

    # The rules (lon and lat together, no loop, IK-Nummer) live on the model; the ModelForm
    # calls Organisation.full_clean().

    def clean(self):
        data = super().clean()
        try:
            self.instance.check_version(data.get("version"))
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        # The model's rules may name a field this user's form leaves out (an editor has no
        # "parent"): show such a message above the form instead of failing.
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                placed.setdefault(key, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)

    def _keeps_approximate_location(self) -> bool:
        """The coordinates shown were a postcode centroid and the user left them as they were."""
        unchanged = "lon" not in self.changed_data and "lat" not in self.changed_data
        return self.instance.location_approximate and unchanged

    def save(self, commit: bool = True) -> Organisation:
        organisation = super().save(commit=False)
        if organisation.lon is None or self._keeps_approximate_location():
            organisation.place_by_postcode()
        else:
            organisation.location_approximate = False
        organisation.fill_kreis()
        organisation.updated_by = self.user if self.user.is_authenticated else None
        if commit:
            with transaction.atomic():
                if organisation.pk:  # checked again under a lock: two saves at once
                    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
                    organisation.check_version(self.cleaned_data.get("version"))
                organisation.save()
                self.save_m2m()
        return organisation


class MembershipForm(forms.ModelForm):
    class Meta:
        model = NetworkMembership
        fields = ("start", "end", "note")
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PersonForm(forms.ModelForm):
    """A person's name, work contact and consent; only the office links a login."""

    class Meta:
        model = Person
        fields = ("title", "first_name", "last_name", "email", "phone", "public_consent", "user")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_office(user):
            del self.fields["user"]
        else:
            self.fields["user"].empty_label = _("– kein Zugang –")
        if not self.instance.may_set_consent(user):
            consent = self.fields["public_consent"]
            consent.disabled = True  # the posted value is ignored; the stored one is kept
            consent.help_text = _(
                "Die Person ist auch bei anderen Organisationen eingetragen; ihre Einwilligung "
                "ändert nur die Geschäftsstelle oder die Person selbst."
            )


class RoleForm(forms.ModelForm):
    """A function at an organisation. ``people`` limits whom it can be given to (data
    protection: editors choose only among people of their own organisations)."""

    class Meta:
        model = Role
        fields = ("person", "function", "start", "end", "is_contact")
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people
            self.fields["person"].empty_label = _("– Person wählen –")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_("Spalten wie im Export; die erste Zeile enthält die Spaltennamen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Bitte eine CSV- oder XLSX-Datei hochladen."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s. Bitte in "
                    "mehrere Dateien teilen."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload
