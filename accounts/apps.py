from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import throttle

        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="accounts-throttle-fail")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="accounts-throttle-ok")
