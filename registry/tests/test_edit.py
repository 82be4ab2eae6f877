import pytest
from django.urls import reverse

from registry.models import Organisation


def form_data(organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "lon": organisation.lon if organisation.lon is not None else "",
        "lat": organisation.lat if organisation.lat is not None else "",
        "is_public": "on" if organisation.is_public else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(organisation) -> str:
    return reverse("registry:edit", args=[organisation.pk])


def test_editor_edits_its_clinic(client, cast):
    client.force_login(cast.editor_a)
    assert client.get(edit_url(cast.clinic_a)).status_code == 200
    response = client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, name="Klinikum A neu"))
    assert response.status_code == 302
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.name == "Klinikum A neu"


def test_editor_edits_the_sub_organisations_of_its_clinic(client, cast):
    ward = Organisation.objects.create(
        name="Kardiologie", kind="fachabteilung", parent=cast.clinic_a
    )
    client.force_login(cast.editor_a)
    response = client.post(edit_url(ward), form_data(ward, name="Klinik für Kardiologie"))
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.name == "Klinik für Kardiologie"


def test_it_rejects_foreign_organisation(client, cast):
    client.force_login(cast.editor_a)
    assert client.get(edit_url(cast.clinic_b)).status_code == 403
    response = client.post(edit_url(cast.clinic_b), form_data(cast.clinic_b, name="Gekapert"))
    assert response.status_code == 403
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.name == "Klinik B"


def test_it_hides_a_foreign_unpublished_organisation(client, cast):
    cast.clinic_b.is_public = False
    cast.clinic_b.save()
    client.force_login(cast.editor_a)
    assert client.get(edit_url(cast.clinic_b)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_users_without_organisation_edit_nothing(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(edit_url(cast.clinic_a)).status_code == 403
    assert client.get(reverse("registry:create")).status_code == 403


def test_anonymous_is_sent_to_the_login(client, cast):
    response = client.get(edit_url(cast.clinic_a))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_editor_cannot_move_its_clinic_or_name_editors(client, cast):
    client.force_login(cast.editor_a)
    data = form_data(cast.clinic_a, parent=cast.clinic_b.pk, editors=[cast.editor_b.pk])
    client.post(edit_url(cast.clinic_a), data)
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.parent is None
    assert list(cast.clinic_a.editors.all()) == [cast.editor_a]


def test_editor_cannot_create_organisations(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(reverse("registry:create"), {"name": "Neu", "kind": "sonstige"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Neu").exists()


def test_office_creates_an_organisation_placed_at_its_postcode(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("registry:create"),
        {
            "name": "Praxis am Markt",
            "kind": "arztpraxis",
            "postcode": "09111",
            "city": "Chemnitz",
            "is_public": "on",
            "parent": cast.clinic_a.pk,
        },
    )
    assert response.status_code == 302
    practice = Organisation.objects.get(name="Praxis am Markt")
    assert practice.location_approximate
    assert 12.8 < practice.lon < 13.0 and 50.7 < practice.lat < 50.9
    assert practice.kreis == "Chemnitz"
    assert practice.parent == cast.clinic_a


def test_given_coordinates_are_exact(client, cast):
    client.force_login(cast.editor_a)
    client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, lon="12.95", lat="50.83"))
    cast.clinic_a.refresh_from_db()
    assert (cast.clinic_a.lon, cast.clinic_a.lat) == (12.95, 50.83)
    assert not cast.clinic_a.location_approximate


def test_a_new_postcode_moves_an_approximate_location(client, cast):
    cast.clinic_a.place_by_postcode()
    cast.clinic_a.save()
    before = (cast.clinic_a.lon, cast.clinic_a.lat)
    client.force_login(cast.editor_a)
    client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, postcode="08056", city="Zwickau"))
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.location_approximate
    assert (cast.clinic_a.lon, cast.clinic_a.lat) != before
    assert 12.4 < cast.clinic_a.lon < 12.6


def test_coordinates_come_in_pairs(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, lon="12.9", lat=""))
    assert response.status_code == 200
    assert "Längen- und Breitengrad zusammen" in response.content.decode()


def test_the_office_cannot_make_a_clinic_its_own_parent(client, cast):
    ward = Organisation.objects.create(name="Station", kind="fachabteilung", parent=cast.clinic_a)
    client.force_login(cast.office)
    response = client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, parent=ward.pk))
    assert response.status_code == 200
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.parent is None


def test_invalid_identifiers_are_explained(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, ik_number="12345"))
    assert "Die IK-Nummer hat 9 Ziffern." in response.content.decode()
