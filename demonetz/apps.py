from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonetzConfig(AppConfig):
    name = "demonetz"
    verbose_name = _("Demo-Netzwerk")
