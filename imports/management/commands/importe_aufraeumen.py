from django.core.management.base import BaseCommand

from imports.uploads import purge_expired


class Command(BaseCommand):
    help = (
        "Löscht hochgeladene, nicht bestätigte Importdateien, die älter als "
        "IMPORT_UPLOAD_MAX_AGE Sekunden sind (für einen regelmäßigen Aufruf, z. B. per cron)."
    )

    def handle(self, *args, **options) -> None:
        count = purge_expired()
        self.stdout.write(f"{count} abgelaufene Importdateien gelöscht.")
