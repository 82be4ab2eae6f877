"""Invitations: a new account without a password, and a one-time link that sets it.

The link carries Django's password reset token (:data:`default_token_generator`): it expires
after ``settings.PASSWORD_RESET_TIMEOUT`` seconds and is used up once the password is set or the
person logs in (both change what the token is computed from).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

__all__ = ["invitation_path", "send_invitation", "valid_days"]


def invitation_path(user) -> str:
    """The path of the link that sets the first password of ``user``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})


def valid_days() -> int:
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def send_invitation(request: HttpRequest, user, invited_by=None) -> None:
    """Mail ``user`` the link to its new account (raises if the mail server refuses)."""
    context = {
        "user": user,
        "link": request.build_absolute_uri(invitation_path(user)),
        "region": settings.SITE_NAME,
        "invited_by": invited_by.get_full_name() if invited_by else "",
        "days": valid_days(),
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
