"""The user and its roles.

Roles (a user can hold several):

* **office** (Geschäftsstelle): ``is_office``; reads and changes everything.
* **partner editor**: listed in ``Organisation.editors``; changes only those organisations,
  their sub-organisations, contacts and (later) offers and job posts.
* **body member**: the user's :class:`registry.Person` is a current member of a body; reads
  that body's non-public meetings, minutes and documents.
* **analyst**: ``is_analyst``; a researcher of a partner organisation, who will work with the
  analyses of the network (the analysis workspace of the next release checks this flag).
* **public**: anonymous; reads only what is published.

The office manages the accounts and their roles in the platform (``plattform.staff``).
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

    is_analyst = models.BooleanField(
        _("Analyse"),
        default=False,
        help_text=_("Forschende von Partnerorganisationen, die mit den Analysen arbeiten."),
    )

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    @property
    def greeting_name(self) -> str:
        """The name a mail greets with: the full name, else "" (the mail then greets neutrally;
        a user name such as "redaktion-a" is no name to greet)."""
        return self.get_full_name().strip()

    def deactivate(self) -> None:
        """Block the account: no login any more, and its open sessions end now (Django would
        refuse them at the next request anyway; deleting them frees the server side too)."""
        from django.contrib.auth import SESSION_KEY
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        self.is_active = False
        self.save(update_fields=["is_active"])
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get(SESSION_KEY) == str(self.pk):
                session.delete()

    @property
    def person(self):
        """The registry person of this user, or ``None``."""
        return getattr(self, "registry_person", None)
