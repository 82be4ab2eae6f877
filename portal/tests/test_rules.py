"""A process phase does not end before it starts: on the model and in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.models import ProcessPhase


def test_a_phase_cannot_end_before_it_starts(db):
    phase = ProcessPhase(title="Analyse", start=dt.date(2025, 6, 1), end=dt.date(2025, 5, 1))
    with pytest.raises(ValidationError) as caught:
        phase.full_clean()
    assert caught.value.message_dict == {"end": ["Das Ende liegt vor dem Beginn."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()
    phase.end = phase.start
    phase.full_clean()
