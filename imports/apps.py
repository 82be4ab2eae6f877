from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Import and export of tables, shared by the registry and the measures (no models)."""

    name = "imports"
    verbose_name = _("Import und Export")
