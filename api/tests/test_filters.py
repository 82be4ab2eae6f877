"""Filters and pages of the API lists."""

from __future__ import annotations

import datetime as dt

import pytest

from bodies.models import Meeting
from measures.models import Measure
from registry.models import Organisation, OrganisationType


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_it_filters_organisations_by_type_and_kreis(api, cast):
    practice = Organisation.objects.create(
        name="Praxis am Markt", kind=OrganisationType.ARZTPRAXIS, kreis="Zwickau"
    )
    cast.clinic_b.kreis = "Zwickau"
    cast.clinic_b.save()
    assert ids(api.get("/api/organisationen/?art=arztpraxis")) == {practice.pk}
    assert ids(api.get("/api/organisationen/?kreis=zwickau")) == {practice.pk, cast.clinic_b.pk}


def test_it_filters_organisations_by_handlungsfeld_and_search(api, cast):
    cast.clinic_b.handlungsfelder.add(cast.handlungsfeld)
    assert ids(api.get("/api/organisationen/?handlungsfeld=patienten")) == {cast.clinic_b.pk}
    assert ids(api.get("/api/organisationen/?q=chemnitz")) == {cast.clinic_a.pk}


def test_it_filters_network_members(api, cast):
    cast.clinic_a.memberships.create(start=dt.date(2023, 5, 1))
    assert ids(api.get("/api/organisationen/?mitglied=ja")) == {cast.clinic_a.pk}
    assert ids(api.get("/api/organisationen/?mitglied=nein")) == {cast.clinic_b.pk}


def test_it_filters_measures_by_status_and_handlungsfeld(api, world):
    done = Measure.objects.create(
        title="Hygienestandard",
        handlungsfeld=world.public_measure.handlungsfeld,
        status="abgeschlossen",
    )
    assert ids(api.get("/api/massnahmen/?status=abgeschlossen")) == {done.pk}
    both = {done.pk, world.public_measure.pk}
    assert ids(api.get("/api/massnahmen/?handlungsfeld=patienten")) == both
    assert ids(api.get("/api/massnahmen/?handlungsfeld=gibt-es-nicht")) == set()


def test_it_filters_meetings_by_body_and_dates(api, world):
    later = Meeting.objects.create(
        body=world.public_body,
        title="2. Konferenz",
        start=world.public_meeting.start.replace(year=2026),
    )
    assert ids(api.get(f"/api/sitzungen/?gremium={world.public_body.pk}")) == {
        world.public_meeting.pk,
        later.pk,
    }
    assert ids(api.get("/api/sitzungen/?ab=2026-01-01")) == {later.pk}
    assert ids(api.get("/api/sitzungen/?bis=2025-03-05")) == {world.public_meeting.pk}


def test_a_filter_never_reveals_hidden_objects(api, cast, world):
    assert ids(api.get(f"/api/sitzungen/?gremium={cast.body.pk}")) == set()
    assert ids(api.get("/api/massnahmen/?q=Vertraulich")) == set()


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("/api/sitzungen/?ab=2025-13-01", "ab", "Datum im Format JJJJ-MM-TT"),
        ("/api/massnahmen/?status=fertig", "status", "Erlaubt sind: geplant, laufend"),
        ("/api/sitzungen/?gremium=drei", "gremium", "ganze Zahl"),
        ("/api/organisationen/?mitglied=vielleicht", "mitglied", "„ja“ oder „nein“"),
    ],
)
def test_it_rejects_unreadable_filters_in_german(api, world, query, parameter, message):
    response = api.get(query)
    assert response.status_code == 400
    assert message in response.json()[parameter][0]


def test_it_pages_lists(api, cast):
    for number in range(5):
        Organisation.objects.create(name=f"Praxis {number}", kind=OrganisationType.ARZTPRAXIS)
    page = api.get("/api/organisationen/?page_size=2&page=2").json()
    assert page["count"] == 7
    assert len(page["results"]) == 2
    assert "page=3" in page["next"]


def test_it_caps_the_page_size(api, cast):
    Organisation.objects.bulk_create(
        Organisation(name=f"Praxis {n:03d}", kind=OrganisationType.ARZTPRAXIS) for n in range(205)
    )
    page = api.get("/api/organisationen/?page_size=1000").json()
    assert page["count"] == 207
    assert len(page["results"]) == 200
