"""Domain rules on the models (clean() and database constraints), shared by form, API and
import; G9: no copied IK-Nummer, no consent set for a shared person."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from registry.models import NetworkMembership, Organisation, Person, Role
from registry.tests.test_edit import edit_url, form_data


def test_lon_and_lat_come_together_in_clean_and_in_the_database(cast):
    cast.clinic_a.lat = None
    with pytest.raises(ValidationError) as error:
        cast.clinic_a.full_clean()
    assert "lat" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=cast.clinic_a.pk).update(lat=None)


@pytest.mark.parametrize(
    "change",
    [{"lon": 200.0}, {"lat": -91.0}, {"ik_number": "12345"}, {"postcode": "1234a"}],
)
def test_the_database_refuses_what_clean_refuses(cast, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=cast.clinic_a.pk).update(**change)


def test_the_hierarchy_has_no_loop(cast):
    cast.clinic_b.parent = cast.clinic_a
    cast.clinic_b.save()
    cast.clinic_a.parent = cast.clinic_b
    with pytest.raises(ValidationError) as error:
        cast.clinic_a.full_clean()
    assert "Kreis" in error.value.message_dict["parent"][0]


def test_end_before_start_is_refused_for_memberships_and_roles(cast):
    membership = NetworkMembership(
        organisation=cast.clinic_a, start=dt.date(2025, 1, 1), end=dt.date(2024, 1, 1)
    )
    person = Person.objects.create(first_name="A", last_name="B")
    role = Role(
        person=person,
        organisation=cast.clinic_a,
        function="Leitung",
        start=dt.date(2025, 1, 1),
        end=dt.date(2024, 1, 1),
    )
    for obj in (membership, role):
        with pytest.raises(ValidationError) as error:
            obj.full_clean()
        assert error.value.message_dict["end"] == ["Das Ende liegt vor dem Beginn."]
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()


def test_sites_may_share_their_traegers_ik_number(cast):
    carrier = Organisation.objects.create(name="Träger", kind="klinikträger", ik_number="261400001")
    cast.clinic_a.parent = carrier
    cast.clinic_a.ik_number = "261400001"
    cast.clinic_a.full_clean()


def test_an_editor_cannot_copy_another_organisations_ik_number_in_the_form(client, cast):
    Organisation.objects.filter(pk=cast.clinic_a.pk).update(ik_number="261400001")
    client.force_login(cast.editor_b)
    response = client.post(edit_url(cast.clinic_b), form_data(cast.clinic_b, ik_number="261400001"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["ik_number"]
    assert "hat schon „Klinikum A“" in message
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.ik_number == ""


def test_an_editor_cannot_copy_another_organisations_ik_number_through_the_api(cast):
    Organisation.objects.filter(pk=cast.clinic_a.pk).update(ik_number="261400001")
    api = APIClient()
    api.force_login(cast.editor_b)
    url = f"/api/organisationen/{cast.clinic_b.pk}/"
    response = api.patch(url, {"ik_number": "261400001"}, format="json")
    assert response.status_code == 400
    assert "Klinikum A" in response.json()["ik_number"][0]


def test_the_api_refuses_lon_without_lat_with_the_models_message(cast):
    api = APIClient()
    api.force_login(cast.office)
    url = f"/api/organisationen/{cast.clinic_b.pk}/"
    response = api.patch(url, {"lat": None}, format="json")
    assert response.status_code == 400
    assert "zusammen angeben" in str(response.json())


@pytest.fixture
def shared_person(cast):
    """A person with roles at both clinics, without consent."""
    person = Person.objects.create(first_name="Geteilt", last_name="Person")
    Role.objects.create(person=person, organisation=cast.clinic_a, function="Beirat")
    Role.objects.create(person=person, organisation=cast.clinic_b, function="Chefärztin")
    return person


def _person_data(person, **changes) -> dict:
    data = {"first_name": person.first_name, "last_name": person.last_name, **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_an_editor_cannot_consent_for_a_person_shared_with_other_organisations(
    client, cast, shared_person
):
    client.force_login(cast.editor_a)
    url = reverse("registry:person_edit", args=[shared_person.pk])
    response = client.post(url, _person_data(shared_person, public_consent="on"))
    assert response.status_code == 302
    shared_person.refresh_from_db()
    assert not shared_person.public_consent
    page = client.get(url).content.decode()
    assert "ändert nur die Geschäftsstelle oder die Person selbst" in page


def test_an_editor_may_consent_for_a_person_only_at_its_own_organisations(client, cast):
    person = Person.objects.create(first_name="Eigen", last_name="Person")
    Role.objects.create(person=person, organisation=cast.clinic_a, function="Pflege")
    client.force_login(cast.editor_a)
    url = reverse("registry:person_edit", args=[person.pk])
    client.post(url, _person_data(person, public_consent="on"))
    person.refresh_from_db()
    assert person.public_consent


def test_the_office_may_consent_for_a_shared_person(client, cast, shared_person):
    client.force_login(cast.office)
    url = reverse("registry:person_edit", args=[shared_person.pk])
    client.post(url, _person_data(shared_person, public_consent="on"))
    shared_person.refresh_from_db()
    assert shared_person.public_consent


def test_a_rule_about_a_field_the_editor_cannot_see_is_shown_above_the_form(client, cast):
    # A loop (made behind the form's back) is reported under "parent", which an editor's
    # form lacks: the message goes above the form instead of raising ValueError.
    from registry.forms import OrganisationForm

    cast.clinic_b.parent = cast.clinic_a
    cast.clinic_b.save()
    Organisation.objects.filter(pk=cast.clinic_a.pk).update(parent=cast.clinic_b)
    cast.clinic_a.refresh_from_db()
    form = OrganisationForm(form_data(cast.clinic_a), instance=cast.clinic_a, user=cast.editor_a)
    assert not form.is_valid()
    assert "Kreis" in form.non_field_errors()[0]
