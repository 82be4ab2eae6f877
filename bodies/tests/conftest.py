"""Meetings for the cast: a public Gesundheitskonferenz and the non-public Steuerungsgruppe."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bodies.models import (
    AgendaItem,
    Body,
    BodyKind,
    BodyMember,
    Decision,
    Document,
    Meeting,
    Position,
)
from registry.models import Person

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def berlin(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_fixed_timezone(60))


@dataclass
class Meetings:
    public_body: Body
    public_meeting: Meeting
    public_decision: Decision
    hidden_decision: Decision
    public_document: Document
    internal_document: Document
    internal_meeting: Meeting
    internal_decision: Decision
    secret_document: Document


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The cast logs in with force_login; slow password hashing only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def meetings(cast) -> Meetings:
    konferenz = Body.objects.create(
        name="Gesundheitskonferenz", kind=BodyKind.GESUNDHEITSKONFERENZ, is_public=True
    )
    named = Person.objects.create(first_name="Petra", last_name="Öffentlich", public_consent=True)
    unnamed = Person.objects.create(first_name="Ulla", last_name="Ungenannt")
    BodyMember.objects.create(
        body=konferenz,
        person=named,
        organisation=cast.clinic_a,
        position=Position.VORSITZ,
        appointed=dt.date(2024, 1, 1),
    )
    BodyMember.objects.create(
        body=konferenz,
        person=unnamed,
        organisation=cast.clinic_b,
        position=Position.MITGLIED,
        appointed=dt.date(2024, 1, 1),
    )
    public = Meeting.objects.create(
        body=konferenz,
        title="1. Gesundheitskonferenz",
        start=berlin(2025, 3, 5, 14, 0),
        place="Rathaus Chemnitz",
        online_link="https://meet.example.org/konferenz",
        minutes="Öffentliches Protokoll der Konferenz",
        minutes_public=True,
    )
    AgendaItem.objects.create(meeting=public, number=1, title="Begrüßung")
    internal = Meeting.objects.create(
        body=cast.body,
        title="Klausur der Steuerungsgruppe",
        start=berlin(2025, 4, 1, 9, 0),
        place="Klinikum Chemnitz",
        minutes="Vertrauliches Protokoll",
        minutes_public=True,
    )
    return Meetings(
        public_body=konferenz,
        public_meeting=public,
        public_decision=Decision.objects.create(
            meeting=public,
            number="GK-2025-01",
            title="Gemeinsame Hygienefachkraft",
            text="Die Konferenz empfiehlt eine gemeinsame Hygienefachkraft.",
        ),
        hidden_decision=Decision.objects.create(
            meeting=public,
            number="GK-2025-02",
            title="Personalfrage intern",
            text="Nicht öffentlich.",
            is_public=False,
        ),
        public_document=Document.objects.create(
            meeting=public,
            title="Präsentation",
            is_public=True,
            file=SimpleUploadedFile("praesentation.pdf", PDF),
        ),
        internal_document=Document.objects.create(
            meeting=public, title="Kostenaufstellung", file=SimpleUploadedFile("kosten.pdf", PDF)
        ),
        internal_meeting=internal,
        internal_decision=Decision.objects.create(
            meeting=internal, number="SG-2025-01", title="Budget 2026", text="Vertraulich."
        ),
        secret_document=Document.objects.create(
            meeting=internal,
            title="Budgetentwurf",
            is_public=True,
            file=SimpleUploadedFile("budget.pdf", PDF),
        ),
    )
