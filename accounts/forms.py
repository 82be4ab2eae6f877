"""Login and password forms that refuse while too many attempts failed or too many reset mails
were asked for (see :mod:`accounts.throttle`)."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
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


def _blocked_error(scope: throttle.Scope) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Zu viele Versuche. Bitte warten Sie %(minutes)d Minuten und versuchen Sie es "
            "dann erneut."
        ),
        code="throttled",
        params={"minutes": throttle.window_minutes(scope)},
    )


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Counts wrong old passwords per account and address, like failed logins: whoever took
    over a session cannot guess the password through this form."""

    throttled = False

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        scope, account = throttle.PASSWORD_CHANGE, self.user.get_username()
        if throttle.is_blocked(self.request, account, scope):
            self.throttled = True
            raise _blocked_error(scope)
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttle.record(self.request, account, scope)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """Counts every request for a reset mail per e-mail address and per client address, so
    nobody can flood a mailbox (or the mail server) through the form."""

    throttled = False

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        scope = throttle.PASSWORD_RESET
        if throttle.is_blocked(self.request, email, scope):
            self.throttled = True
            raise _blocked_error(scope)
        throttle.record(self.request, email, scope)
        return email
