"""``manage.py konto_anlegen --geschaeftsstelle NAME --email ADRESSE``: the first office account.

A new installation has no account that could invite others. This command creates one for the
Geschäftsstelle, without a password, and prints the one-time link that sets it (valid for
``PASSWORD_RESET_TIMEOUT``); further accounts are invited in the platform under
„Mein Bereich → Konten verwalten“.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.invitations import invitation_path, valid_days


class Command(BaseCommand):
    help = (
        "Legt ein Konto der Geschäftsstelle ohne Passwort an und gibt den einmaligen Link aus, "
        "mit dem die Person ihr Passwort festlegt."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--geschaeftsstelle",
            required=True,
            metavar="NAME",
            help="Benutzername des neuen Kontos der Geschäftsstelle, z. B. g.stelle",
        )
        parser.add_argument("--email", required=True, help="dienstliche E-Mail-Adresse")
        parser.add_argument("--vorname", default="", help="Vorname (für die Anrede)")
        parser.add_argument("--nachname", default="", help="Nachname (für die Anrede)")
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Adresse der Plattform, vor die der Link gesetzt wird (Vorgabe: %(default)s)",
        )

    def handle(self, *args, **options) -> None:
        username, email = options["geschaeftsstelle"].strip(), options["email"].strip()
        self._check(username, email)
        User = get_user_model()
        with transaction.atomic():
            user = User(
                username=username,
                email=email,
                first_name=options["vorname"].strip(),
                last_name=options["nachname"].strip(),
                is_office=True,
            )
            user.set_unusable_password()
            user.save()
        link = options["url"].rstrip("/") + invitation_path(user)
        self.stdout.write(f"Konto der Geschäftsstelle „{username}“ angelegt.")
        self.stdout.write(
            f"Mit diesem Link legt die Person ihr Passwort fest (einmal, {valid_days()} Tage "
            f"gültig):\n{link}"
        )

    @staticmethod
    def _check(username: str, email: str) -> None:
        User = get_user_model()
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            raise CommandError(
                f"--geschaeftsstelle {username!r}: Der Benutzername darf nur Buchstaben, Ziffern "
                "und @ . + - _ enthalten, keine Leerzeichen."
            ) from None
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                f"--email {email!r} ist keine gültige E-Mail-Adresse (Form: name@beispiel.de)."
            ) from None
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(
                f"Den Benutzernamen „{username}“ gibt es schon. Einen anderen Namen wählen oder "
                "für das bestehende Konto „Passwort vergessen“ auf der Anmeldeseite nutzen."
            )
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(
                f"Die E-Mail-Adresse {email} gehört schon zu einem Konto. Eine andere Adresse "
                "angeben oder für das bestehende Konto „Passwort vergessen“ nutzen."
            )
