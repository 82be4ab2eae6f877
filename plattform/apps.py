"""The project package as an app, only so that every process (web workers, management commands,
tests) watches its database writes for the page cache from the start (plattform.page_cache)."""

from django.apps import AppConfig


class PlattformConfig(AppConfig):
    name = "plattform"
    verbose_name = "Plattform"

    def ready(self) -> None:
        from plattform import page_cache  # noqa: F401  (connects the write watch)
