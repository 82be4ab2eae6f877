"""Login forms that refuse while too many attempts failed (see :mod:`accounts.throttle`)."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import throttle


class ThrottleMixin:
    """Check the throttle before the password, so a blocked attacker learns nothing."""

    throttled = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if throttle.is_blocked(self.request, username):
            self.throttled = True
            raise forms.ValidationError(
                _(
                    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für "
                    "%(minutes)d Minuten gesperrt. Bitte versuchen Sie es später erneut "
                    "oder setzen Sie Ihr Passwort zurück."
                ),
                code="throttled",
                params={"minutes": throttle.window_minutes()},
            )
        return super().clean()


class LoginForm(ThrottleMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottleMixin, AdminAuthenticationForm):
    pass
