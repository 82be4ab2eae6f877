"""Order rules shared by the models: an end does not lie before its start.

Each rule exists twice on purpose, in the two places Django checks it: ``Model.clean()`` (a
message on the later field, for forms, API and importers through ``full_clean()``) and a
``CheckConstraint`` in the database (for every other write). ``full_clean()`` skips the
constraint of a field whose ``clean()`` check failed, so a user reads the message once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

__all__ = ["ensure_order", "order_constraint"]


def ensure_order(instance, earlier: str, later: str, message, *, strictly: bool = False) -> None:
    """Raise a ``ValidationError`` on ``later`` if it lies before ``earlier``.

    With ``strictly`` also if both are equal. Empty values are left to the fields' own rules.
    """
    start, end = getattr(instance, earlier), getattr(instance, later)
    if start is None or end is None:
        return
    if end < start or (strictly and end == start):
        raise ValidationError({later: ValidationError(message, code="order")})


def order_constraint(
    earlier: str, later: str, name: str, message, *, strictly: bool = False
) -> models.CheckConstraint:
    """The database's copy of :func:`ensure_order`."""
    after = Q(**{f"{later}__gt": F(earlier)}) if strictly else Q(**{f"{later}__gte": F(earlier)})
    return models.CheckConstraint(
        condition=Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__isnull": True}) | after,
        name=name,
        violation_error_message=message,
        violation_error_code="order",
    )
