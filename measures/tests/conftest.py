"""Measures for the cast: one of clinic A, one of clinic B and a non-public one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from measures.models import Measure
from vocabulary.models import Handlungsfeld


@dataclass
class Measures:
    of_a: Measure
    of_b: Measure
    internal: Measure
    bildung: Handlungsfeld


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The cast logs in with force_login; slow password hashing only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def measures(cast) -> Measures:
    bildung = Handlungsfeld.objects.create(
        name="Aus-, Fort- und Weiterbildung", slug="bildung", order=2
    )
    of_a = Measure.objects.create(
        title="Entlassmanagement",
        handlungsfeld=cast.handlungsfeld,
        status="laufend",
        progress=40,
        start=dt.date(2025, 1, 1),
    )
    of_a.responsible.add(cast.clinic_a)
    of_b = Measure.objects.create(
        title="Weiterbildungsverbund", handlungsfeld=bildung, status="geplant", progress=0
    )
    of_b.responsible.add(cast.clinic_b)
    internal = Measure.objects.create(
        title="Interne Personalplanung", handlungsfeld=bildung, is_public=False, progress=10
    )
    internal.responsible.add(cast.clinic_b)
    return Measures(of_a, of_b, internal, bildung)
