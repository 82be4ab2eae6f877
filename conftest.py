"""Fixtures shared by the platform's apps: a fixed cast of users.

The cast: the office (Geschäftsstelle), the editor of clinic A, the editor of clinic B, a member
of the Steuerungsgruppe (a non-public body), and an anonymous visitor. Every permission test
uses these and proves that each sees and changes exactly what it may.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest


@pytest.fixture(autouse=True)
def _german_by_default():
    """Start every test in the default language.

    The test client leaves the language of its last request active in the thread (a request
    to /en/ leaves English), and views or template tags called directly afterwards would
    render in it.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class Cast:
    office: object
    editor_a: object
    editor_b: object
    member: object
    outsider: object
    clinic_a: object
    clinic_b: object
    body: object
    handlungsfeld: object
    password: str = "Sicheres-Passwort-2025"


@pytest.fixture
def cast(db, settings) -> Cast:
    from accounts.models import User
    from bodies.models import Body, BodyKind, BodyMember, Position
    from registry.models import Organisation, OrganisationType, Person
    from vocabulary.models import Handlungsfeld

    # Hashing five passwords with PBKDF2 per test costs seconds; tests need no strong hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    password = Cast.password

    def user(name: str, **extra) -> User:
        return User.objects.create_user(name, f"{name}@example.org", password, **extra)

    office = user("geschaeftsstelle", is_office=True, first_name="Greta", last_name="Stelle")
    editor_a = user("redaktion-a", first_name="Anna", last_name="Arndt")
    editor_b = user("redaktion-b", first_name="Bernd", last_name="Busch")
    member = user("mitglied", first_name="Maria", last_name="Mitglied")
    outsider = user("aussen", first_name="Otto", last_name="Außen")

    feld = Handlungsfeld.objects.create(name="Patientenfokussierung", slug="patienten", order=1)
    clinic_a = Organisation.objects.create(
        name="Klinikum A",
        kind=OrganisationType.KRANKENHAUSSTANDORT,
        postcode="09116",
        city="Chemnitz",
        lon=12.9,
        lat=50.82,
    )
    clinic_b = Organisation.objects.create(
        name="Klinik B",
        kind=OrganisationType.KRANKENHAUSSTANDORT,
        postcode="08056",
        city="Zwickau",
        lon=12.49,
        lat=50.72,
    )
    clinic_a.editors.add(editor_a)
    clinic_b.editors.add(editor_b)

    body = Body.objects.create(
        name="Steuerungsgruppe", kind=BodyKind.STEUERUNGSGRUPPE, is_public=False
    )
    person = Person.objects.create(first_name="Maria", last_name="Mitglied", user=member)
    BodyMember.objects.create(
        body=body,
        person=person,
        organisation=clinic_a,
        position=Position.MITGLIED,
        appointed=dt.date(2024, 1, 1),
    )
    return Cast(office, editor_a, editor_b, member, outsider, clinic_a, clinic_b, body, feld)
