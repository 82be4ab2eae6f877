"""``manage.py sitzungen_erinnern [--tage N] [--adresse URL]``: remind members of meetings.

Run once a day (cron or a systemd timer, see docs/betrieb.md). Each member is reminded once
per meeting, however often the command runs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bodies.mails import send_reminders


class Command(BaseCommand):
    help = (
        "Erinnert die Mitglieder der Gremien per E-Mail an Sitzungen der nächsten Tage, zu "
        "denen eingeladen wurde; jedes Mitglied einmal je Sitzung. Täglich ausführen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--tage",
            type=int,
            default=settings.MEETING_REMINDER_DAYS,
            metavar="N",
            help="an Sitzungen in den nächsten N Tagen erinnern "
            f"(Standard: {settings.MEETING_REMINDER_DAYS}, GESUNDHEITSREGION_ERINNERUNG_TAGE)",
        )
        parser.add_argument(
            "--adresse",
            default=settings.SITE_URL,
            metavar="URL",
            help="Adresse der Plattform für die Links in den E-Mails "
            f"(Standard: {settings.SITE_URL}, GESUNDHEITSREGION_URL)",
        )

    def handle(self, *args, tage: int, adresse: str, **options) -> None:
        if not 1 <= tage <= 60:
            raise CommandError(f"--tage {tage}: bitte eine Zahl von 1 bis 60 Tagen angeben.")
        if not adresse.startswith(("http://", "https://")):
            raise CommandError(
                f"--adresse {adresse!r}: bitte die vollständige Adresse mit http:// oder "
                "https:// angeben, z. B. https://netzwerk.example.org"
            )
        outcome = send_reminders(tage, base_url=adresse)
        self.stdout.write(
            f"Erinnerungen versendet: {outcome.sent}; schon erinnert: {outcome.already}; "
            f"nicht zustellbar: {outcome.failed}."
        )
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} Erinnerungen konnten nicht versendet werden; der nächste "
                "Lauf versucht es erneut."
            )
