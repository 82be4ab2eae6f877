"""The user and its roles.

Roles (a user can hold several):

* **office** (Geschäftsstelle): ``is_office``; reads and changes everything.
* **partner editor**: listed in ``Organisation.editors``; changes only those organisations,
  their sub-organisations, contacts and (later) offers and job posts.
* **body member**: the user's :class:`registry.Person` is a current member of a body; reads
  that body's non-public meetings, minutes and documents.
* **public**: anonymous; reads only what is published.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Personal data is limited to name and e-mail."""

    is_office = models.BooleanField(
        _("Geschäftsstelle"),
        default=False,
        help_text=_("Mitarbeitende der Geschäftsstelle sehen und ändern alles."),
    )

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    @property
    def person(self):
        """The registry person of this user, or ``None``."""
        return getattr(self, "registry_person", None)
