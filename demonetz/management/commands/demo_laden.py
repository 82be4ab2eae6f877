"""``manage.py demo_laden [--daten DIR] [--neu]``: load the demo network Südwestsachsen."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demonetz import loader as demo
from gesundheitsregion.datadir import DataDirError, find_data_dir
from gesundheitsregion.demo import DemoDataError


class Command(BaseCommand):
    help = (
        "Lädt das Demo-Netzwerk Südwestsachsen: die realen Krankenhausstandorte der Region aus "
        "den offenen Daten und erfundene, als Demo markierte Inhalte (Personen, Praxen, Gremien, "
        "Sitzungen, Beschlüsse, Maßnahmen, FAQ). Zweimal laden legt nichts doppelt an."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--daten",
            metavar="ORDNER",
            help="Verzeichnis der offenen Daten "
            "(sonst GESUNDHEITSREGION_DATEN oder ../shared/data)",
        )
        parser.add_argument(
            "--neu",
            action="store_true",
            help="vorhandene Demo-Inhalte zuerst löschen (echte Organisationen bleiben)",
        )

    def handle(self, *args, daten: str | None = None, neu: bool = False, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Im Produktionsmodus (DJANGO_PRODUCTION=1) werden keine Demo-Inhalte geladen: "
                "die Demo-Zugänge haben ein bekanntes Passwort."
            )
        data_dir = self._data_dir(daten)
        try:
            counts = demo.load(data_dir, fresh=neu)
        except DemoDataError as error:
            raise CommandError(f"Offene Daten unvollständig: {error}") from error
        if neu:
            self.stdout.write("Vorhandene Demo-Inhalte gelöscht und neu angelegt.")
        self.stdout.write(self.style.SUCCESS("Demo-Netzwerk Südwestsachsen geladen:"))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"Demo-Zugänge (Passwort für alle: {demo.DEMO_PASSWORD}):")
        for username, role in demo.logins():
            self.stdout.write(f"  {username:<20} {role}")

    def _data_dir(self, explicit: str | None):
        try:
            return find_data_dir(explicit)
        except DataDirError as error:
            if explicit is not None:
                raise CommandError(str(error)) from error
            self.stderr.write(
                "Hinweis: Keine offenen Daten gefunden, die Krankenhausstandorte fehlen in der "
                f"Demo. {error}"
            )
            return None
