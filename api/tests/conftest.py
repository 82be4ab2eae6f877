"""Content for the API tests, on top of the shared cast.

Public: the Gesundheitskonferenz with a meeting (online link, released minutes), a measure and
a recommendation. Not public: the cast's Steuerungsgruppe with its meeting, a measure, a
recommendation and an organisation that is responsible for the public measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from bodies.models import Body, BodyKind, BodyMember, Decision, Meeting, Position
from measures.models import Measure, MeasureStatus, Recommendation, RecommendationStatus
from registry.models import Organisation, OrganisationType, Person


@dataclass
class World:
    public_body: Body
    public_meeting: Meeting
    public_decision: Decision
    internal_meeting: Meeting
    internal_decision: Decision
    public_measure: Measure
    internal_measure: Measure
    public_recommendation: Recommendation
    internal_recommendation: Recommendation
    hidden_organisation: Organisation


def berlin(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_fixed_timezone(60))


@pytest.fixture(autouse=True)
def fresh_cache_and_fast_hashing(settings, db):
    # Throttling counts requests in the cache (a database table unless Redis is configured);
    # every test starts with a clean count.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def world(cast) -> World:
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
    public_meeting = Meeting.objects.create(
        body=konferenz,
        title="1. Gesundheitskonferenz",
        start=berlin(2025, 3, 5, 14, 0),
        place="Rathaus Chemnitz",
        online_link="https://meet.example.org/konferenz",
        minutes="Öffentliches Protokoll",
        minutes_public=True,
    )
    internal_meeting = Meeting.objects.create(
        body=cast.body,
        title="Klausur der Steuerungsgruppe",
        start=berlin(2025, 4, 1, 9, 0),
        online_link="https://meet.example.org/klausur",
        minutes="Vertraulich",
        minutes_public=True,
    )
    hidden = Organisation.objects.create(
        name="Stille Stiftung", kind=OrganisationType.SONSTIGE, is_public=False
    )
    public_measure = Measure.objects.create(
        title="Gemeinsame Radiologie",
        handlungsfeld=cast.handlungsfeld,
        status=MeasureStatus.LAUFEND,
        progress=40,
    )
    public_measure.responsible.set([cast.clinic_a, hidden])
    internal_measure = Measure.objects.create(
        title="Vertrauliche Prüfung", handlungsfeld=cast.handlungsfeld, is_public=False
    )
    public_decision = Decision.objects.create(
        meeting=public_meeting, number="GK-1", title="Radiologie gemeinsam", text="Beschlossen."
    )
    internal_decision = Decision.objects.create(
        meeting=internal_meeting, number="SG-1", title="Budget", text="Vertraulich."
    )
    public_measure.decisions.set([public_decision, internal_decision])
    return World(
        public_body=konferenz,
        public_meeting=public_meeting,
        public_decision=public_decision,
        internal_meeting=internal_meeting,
        internal_decision=internal_decision,
        public_measure=public_measure,
        internal_measure=internal_measure,
        public_recommendation=Recommendation.objects.create(
            title="Weiterbildung fördern",
            text="…",
            addressee="Sozialministerium",
            status=RecommendationStatus.UEBERGEBEN,
            is_public=True,
            handlungsfeld=cast.handlungsfeld,
        ),
        internal_recommendation=Recommendation.objects.create(
            title="Entwurf", text="…", addressee="Sozialministerium"
        ),
        hidden_organisation=hidden,
    )
