"""Writing through the API: the office everything, editors PATCH their own organisations."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from measures.models import Measure
from registry.models import Organisation


def new_measure(cast) -> dict:
    return {"title": "Telemedizin-Netz", "handlungsfeld": cast.handlungsfeld.slug, "progress": 10}


def test_office_can_create_change_and_delete_a_measure(api, cast):
    api.force_login(cast.office)
    created = api.post("/api/massnahmen/", new_measure(cast), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = api.patch(f"/api/massnahmen/{pk}/", {"status": "laufend"}, format="json")
    assert changed.status_code == 200
    assert Measure.objects.get(pk=pk).status == "laufend"
    assert api.delete(f"/api/massnahmen/{pk}/").status_code == 204
    assert not Measure.objects.filter(pk=pk).exists()


def test_office_can_create_an_organisation(api, cast):
    api.force_login(cast.office)
    data = {
        "name": "Praxis Dr. Beispiel",
        "kind": "arztpraxis",
        "city": "Chemnitz",
        "handlungsfelder": [cast.handlungsfeld.slug],
    }
    response = api.post("/api/organisationen/", data, format="json")
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(name="Praxis Dr. Beispiel")
    assert list(organisation.handlungsfelder.all()) == [cast.handlungsfeld]


def test_it_rejects_an_invalid_measure_with_a_german_message(api, cast):
    api.force_login(cast.office)
    response = api.post("/api/massnahmen/", {**new_measure(cast), "progress": 140}, format="json")
    assert response.status_code == 400
    assert response.json()["progress"] == [
        "Stelle sicher, dass dieser Wert kleiner oder gleich 100 ist."
    ]


def test_it_records_api_changes_in_the_audit_trail(api, cast):
    from audit.models import AuditEntry

    api.force_login(cast.office)
    api.post("/api/massnahmen/", new_measure(cast), format="json")
    entry = AuditEntry.objects.filter(object_repr="Telemedizin-Netz").first()
    assert entry is not None and entry.user == cast.office


def test_anonymous_cannot_post(api, cast):
    response = api.post("/api/massnahmen/", new_measure(cast), format="json")
    assert response.status_code == 403
    assert not Measure.objects.exists()


@pytest.mark.parametrize("who", ["editor_a", "member", "outsider"])
def test_only_the_office_creates(api, cast, who):
    api.force_login(getattr(cast, who))
    assert api.post("/api/massnahmen/", new_measure(cast), format="json").status_code == 403


def test_editor_b_cannot_patch_clinic_a(api, cast):
    api.force_login(cast.editor_b)
    response = api.patch(f"/api/organisationen/{cast.clinic_a.pk}/", {"name": "X"}, format="json")
    assert response.status_code == 403
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.name == "Klinikum A"


def test_editor_b_may_patch_clinic_b(api, cast):
    api.force_login(cast.editor_b)
    data = {"description": "Schwerpunkt Geriatrie", "website": "https://klinik-b.example.org"}
    response = api.patch(f"/api/organisationen/{cast.clinic_b.pk}/", data, format="json")
    assert response.status_code == 200, response.content
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.description == "Schwerpunkt Geriatrie"


def test_editor_may_not_set_the_fields_of_the_office(api, cast):
    api.force_login(cast.editor_b)
    data = {"parent": cast.clinic_a.pk}
    response = api.patch(f"/api/organisationen/{cast.clinic_b.pk}/", data, format="json")
    assert response.status_code == 403
    assert "Geschäftsstelle" in response.json()["detail"]
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.parent is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_editor_may_only_patch_its_organisation(api, cast, method):
    api.force_login(cast.editor_b)
    data = {"name": "Klinik B", "kind": "krankenhausstandort"}
    response = getattr(api, method)(f"/api/organisationen/{cast.clinic_b.pk}/", data, format="json")
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=cast.clinic_b.pk).exists()


def test_it_refuses_an_organisation_below_itself(api, cast):
    cast.clinic_b.parent = cast.clinic_a
    cast.clinic_b.save()
    api.force_login(cast.office)
    data = {"parent": cast.clinic_b.pk}
    response = api.patch(f"/api/organisationen/{cast.clinic_a.pk}/", data, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_session_writes_need_the_csrf_token(cast):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(cast.office)
    response = api.post("/api/massnahmen/", new_measure(cast), format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
