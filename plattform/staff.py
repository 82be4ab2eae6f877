"""Account management by the office: invite, assign roles, deactivate.

Roles (see :mod:`accounts.models`): Geschäftsstelle and Analyse are flags on the user;
Redaktion is ``Organisation.editors``; Mitglied is a current :class:`bodies.models.BodyMember`
of the user's registry person. Because the roles reach into the domain apps, these views live
in the project package above them; :mod:`accounts` itself imports no domain app.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import office_required
from accounts.invitations import send_invitation
from bodies.models import Body, BodyMember, Position, member_body_ids
from registry.models import Organisation, Person

User = get_user_model()


class AccountForm(forms.ModelForm):
    """Name, e-mail and roles of an account; the same form invites and edits."""

    organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Redaktion für Organisationen"),
        help_text=gettext_lazy(
            "Die Person bearbeitet diese Organisationen und ihre Untereinheiten. "
            "Mehrere mit Strg (Mac: Cmd) auswählen."
        ),
    )
    bodies = forms.ModelMultipleChoiceField(
        Body.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Mitglied in Gremien"),
        help_text=gettext_lazy("Mitglieder lesen die internen Sitzungen und Unterlagen."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "is_office", "is_analyst"]
        labels = {"email": gettext_lazy("E-Mail-Adresse (dienstlich)")}

    def __init__(self, *args, by=None, **kwargs):
        self.by = by
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        if self.instance.pk:
            self.fields["organisations"].initial = self.instance.editable_organisations.all()
            self.fields["bodies"].initial = Body.objects.filter(
                pk__in=member_body_ids(self.instance)
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Zu dieser E-Mail-Adresse gibt es schon ein Konto („%(name)s“)."),
                params={"name": others.first().get_username()},
            )
        return email

    def clean_is_office(self) -> bool:
        office = self.cleaned_data["is_office"]
        if not office and self.instance.pk and self.instance == self.by and self.instance.is_office:
            # Otherwise the office could lock itself out of the account management.
            raise forms.ValidationError(
                _(
                    "Die eigene Rolle Geschäftsstelle kann nur eine andere Person der "
                    "Geschäftsstelle entfernen."
                )
            )
        return office

    @transaction.atomic
    def save(self, commit: bool = True):
        user = super().save(commit=False)
        if not user.pk:
            user.username = _free_username(user.email)
            user.set_unusable_password()
        user.save()
        user.editable_organisations.set(self.cleaned_data["organisations"])
        _set_bodies(user, set(self.cleaned_data["bodies"]))
        return user


def _free_username(email: str) -> str:
    """A user name from the e-mail's local part, numbered when taken."""
    # The characters Django's user name validator allows, as in "ida.neu".
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0].lower())[:140] or "konto"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _set_bodies(user, bodies: set) -> None:
    """Make the user a current member of exactly ``bodies``: new memberships start today,
    dropped ones end yesterday (or vanish if they began today), so the history stays."""
    today = timezone.localdate()
    current = BodyMember.objects.current(today).filter(person__user=user)
    for membership in current.exclude(body__in=bodies):
        if membership.appointed == today:
            membership.delete()
        else:
            membership.ceased = today - dt.timedelta(days=1)
            membership.save(update_fields=["ceased"])
    missing = bodies - {m.body for m in current.filter(body__in=bodies)}
    if not missing:
        return
    person, _created = Person.objects.get_or_create(
        user=user,
        defaults={"first_name": user.first_name, "last_name": user.last_name, "email": user.email},
    )
    for body in missing:
        BodyMember.objects.create(
            body=body, person=person, position=Position.MITGLIED, appointed=today
        )


def _roles(user, memberships) -> list[str]:
    roles = []
    if user.is_office:
        roles.append(_("Geschäftsstelle"))
    if user.is_analyst:
        roles.append(_("Analyse"))
    organisations = [o.name for o in user.editable_organisations.all()]
    if organisations:
        roles.append(_("Redaktion: %(names)s") % {"names": ", ".join(organisations)})
    bodies = [m.body.name for m in memberships]
    if bodies:
        roles.append(_("Mitglied: %(names)s") % {"names": ", ".join(bodies)})
    return roles


@office_required
def account_list(request: HttpRequest) -> HttpResponse:
    current = BodyMember.objects.current().select_related("body")
    users = User.objects.order_by("-is_active", "last_name", "first_name", "username")
    users = users.prefetch_related(
        Prefetch("editable_organisations", Organisation.objects.only("name")),
        Prefetch("registry_person__body_memberships", current, to_attr="current_body_memberships"),
    ).select_related("registry_person")
    accounts = []
    for user in users:
        person = getattr(user, "registry_person", None)
        memberships = getattr(person, "current_body_memberships", [])
        accounts.append({"user": user, "roles": _roles(user, memberships)})
    return render(request, "plattform/account_list.html", {"accounts": accounts})


@office_required
def account_invite(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            # Inside the transaction: a mail server that refuses leaves no account behind.
            send_invitation(request, user, invited_by=request.user)
        messages.success(
            request,
            _("%(name)s ist eingeladen; die E-Mail mit dem Link ging an %(email)s.")
            % {"name": user.get_full_name(), "email": user.email},
        )
        return redirect("accounts:account_list")
    return render(request, "plattform/account_form.html", {"form": form, "account": None})


@office_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    form = AccountForm(request.POST or None, instance=account, by=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Das Konto „%(name)s“ ist gespeichert.") % {"name": account})
        return redirect("accounts:account_list")
    return render(request, "plattform/account_form.html", {"form": form, "account": account})


@office_required
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (after a confirmation) or reactivate an account."""
    account = get_object_or_404(User, pk=pk)
    if account == request.user:
        messages.error(request, _("Das eigene Konto kann nicht deaktiviert werden."))
        return redirect("accounts:account_list")
    if request.method != "POST":
        return render(request, "plattform/account_deactivate.html", {"account": account})
    if account.is_active:
        account.deactivate()
        messages.success(
            request,
            _("„%(name)s“ ist deaktiviert und überall abgemeldet.") % {"name": account},
        )
    else:
        account.is_active = True
        account.save(update_fields=["is_active"])
        messages.success(request, _("„%(name)s“ ist wieder aktiv.") % {"name": account})
    return redirect("accounts:account_list")


@office_required
@require_POST
def account_reinvite(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk, is_active=True)
    if account.has_usable_password():
        # The link would replace a password the person chose; "Passwort vergessen" is theirs.
        messages.error(
            request,
            _(
                "„%(name)s“ hat schon ein Passwort. Wer es vergessen hat, nutzt „Passwort "
                "vergessen“ auf der Anmeldeseite."
            )
            % {"name": account},
        )
        return redirect("accounts:account_edit", pk=account.pk)
    send_invitation(request, account, invited_by=request.user)
    messages.success(
        request, _("Die Einladung ging erneut an %(email)s.") % {"email": account.email}
    )
    return redirect("accounts:account_edit", pk=account.pk)
