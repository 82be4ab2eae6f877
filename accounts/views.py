from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import LoginForm, ThrottledPasswordChangeForm, ThrottledPasswordResetForm


def _too_many(response: HttpResponse, form, retry_after: int) -> HttpResponse:
    """A form refused by a throttle answers 429 Too Many Requests with Retry-After."""
    if getattr(form, "throttled", False):
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class LoginView(auth_views.LoginView):
    """Django's login view with the throttled form; a blocked attempt answers 429."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    # LoginView names the site after the host; the pages name the network.
    extra_context = {"site_name": settings.SITE_NAME}

    def form_invalid(self, form):
        return _too_many(super().form_invalid(form), form, settings.LOGIN_ATTEMPTS_WINDOW)


def _too_many_page(request, retry_after: int) -> HttpResponse:
    """The 429 page of the site frame (templates/429.html) with ``Retry-After``."""
    minutes = max(1, round(retry_after / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    extra_email_context = {"region": settings.SITE_NAME}
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        # Showing the form again would only invite the next try.
        if form.throttled:
            return _too_many_page(self.request, settings.PASSWORD_RESET_WINDOW)
        return super().form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        return _too_many(super().form_invalid(form), form, settings.LOGIN_ATTEMPTS_WINDOW)


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()

password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
#: The link of an invitation (accounts.invitations): the same one-time token as a reset.
invitation = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/invitation_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
