"""The start page: purpose, key figures, Handlungsfelder, next meetings, latest news."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bodies.models import Body, BodyKind, Meeting
from measures.models import Measure, MeasureStatus
from portal.models import News


def test_it_shows_the_key_figures_of_the_public(client, cast):
    cast.clinic_a.memberships.create(start=dt.date(2023, 5, 1))
    Measure.objects.create(
        title="Öffentlich", handlungsfeld=cast.handlungsfeld, status=MeasureStatus.LAUFEND
    )
    Measure.objects.create(title="Intern", handlungsfeld=cast.handlungsfeld, is_public=False)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["member_count"] == 1
    assert response.context["body_count"] == 0  # the Steuerungsgruppe is not public
    assert response.context["measure_count"] == 1
    counts = {row["status"]: row["count"] for row in response.context["status_counts"]}
    assert counts == {"geplant": 0, "laufend": 1, "abgeschlossen": 0, "ausgesetzt": 0}


def test_it_links_the_handlungsfelder(client, cast):
    Measure.objects.create(title="Öffentlich", handlungsfeld=cast.handlungsfeld)
    html = client.get("/").content.decode()
    assert "Patientenfokussierung" in html
    assert 'href="/massnahmen/handlungsfelder/patienten/"' in html
    assert "1 Maßnahme<" in html


def test_it_lists_only_public_upcoming_meetings(client, cast):
    soon = timezone.now() + dt.timedelta(days=3)
    konferenz = Body.objects.create(name="Gesundheitskonferenz", kind=BodyKind.GESUNDHEITSKONFERENZ)
    Meeting.objects.create(body=konferenz, title="Konferenz im Rathaus", start=soon)
    Meeting.objects.create(body=cast.body, title="Klausur intern", start=soon)
    Meeting.objects.create(
        body=konferenz, title="Vergangene Konferenz", start=timezone.now() - dt.timedelta(days=3)
    )
    html = client.get("/").content.decode()
    assert "Konferenz im Rathaus" in html
    assert "Klausur intern" not in html
    assert "Vergangene Konferenz" not in html


def test_it_shows_the_internal_meetings_to_members(client, cast):
    Meeting.objects.create(
        body=cast.body, title="Klausur intern", start=timezone.now() + dt.timedelta(days=3)
    )
    client.force_login(cast.member)
    assert "Klausur intern" in client.get("/").content.decode()


def test_it_shows_the_latest_published_news(client, db):
    News.objects.create(title="Kooperation vereinbart", date=dt.date(2025, 9, 1), text="…")
    News.objects.create(title="Entwurf", date=dt.date(2025, 9, 2), text="…", is_public=False)
    html = client.get("/").content.decode()
    assert "Kooperation vereinbart" in html
    assert "Entwurf" not in html
