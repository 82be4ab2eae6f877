"""The process timeline (Prozessverlauf)."""

from __future__ import annotations

import datetime as dt

from portal.models import PhaseStatus, ProcessPhase


def test_it_shows_the_phases_in_order_as_an_ordered_list(client, db):
    phases = [
        ("Vorbereitung", PhaseStatus.ABGESCHLOSSEN),
        ("Strukturbildung", PhaseStatus.ABGESCHLOSSEN),
        ("Analyse und Planung", PhaseStatus.AKTUELL),
        ("Umsetzung", PhaseStatus.GEPLANT),
        ("Evaluation und Verstetigung", PhaseStatus.GEPLANT),
    ]
    for order, (title, status) in reversed(list(enumerate(phases))):
        ProcessPhase.objects.create(title=title, status=status, order=order)
    html = client.get("/prozess/").content.decode()
    assert '<ol class="timeline">' in html
    positions = [html.index(f"<h2>{title}</h2>") for title, _ in phases]
    assert positions == sorted(positions)
    assert html.count('aria-current="step"') == 1
    current = html.index('aria-current="step"')
    assert html.index("<h2>Strukturbildung</h2>") < current < html.index("<h2>Analyse und Planung")


def test_it_names_the_period_of_a_phase(client, db):
    ProcessPhase.objects.create(
        title="Umsetzung", start=dt.date(2025, 7, 1), end=dt.date(2026, 12, 31)
    )
    assert "Juli 2025 bis Dezember 2026" in client.get("/prozess/").content.decode()
