"""The role checks, defined once for every app, the API and the templates.

Every permission on office-only pages, QuerySets (``visible_to``/``editable_by``), forms and
API permission classes asks :func:`is_office`; no app repeats the test.
"""

from __future__ import annotations

__all__ = ["is_analyst", "is_office"]


def is_office(user) -> bool:
    """Geschäftsstelle: staff of the network office, or a superuser; sees and changes all."""
    return bool(
        user is not None and user.is_authenticated and (user.is_office or user.is_superuser)
    )


def is_analyst(user) -> bool:
    """Researchers of partner organisations (and the office), for the analysis workspace."""
    return bool(user is not None and user.is_authenticated and (user.is_analyst or is_office(user)))
