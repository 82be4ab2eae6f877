import datetime as dt

import pytest
from django.urls import reverse

from registry.models import NetworkMembership, Organisation, Person, Role


@pytest.fixture
def contacts(cast):
    """At clinic A: a consenting contact, a person without consent, a role that ended."""
    named = Person.objects.create(
        first_name="Clara",
        last_name="Kontakt",
        public_consent=True,
        email="kontakt@klinikum-a.example",
        phone="0371 123",
    )
    hidden = Person.objects.create(
        first_name="Victor", last_name="Verborgen", email="verborgen@klinikum-a.example"
    )
    former = Person.objects.create(first_name="Erika", last_name="Ehemalig", public_consent=True)
    Role.objects.create(
        person=named, organisation=cast.clinic_a, function="Geschäftsführung", is_contact=True
    )
    Role.objects.create(
        person=hidden, organisation=cast.clinic_a, function="Pflegedirektion", is_contact=True
    )
    Role.objects.create(
        person=former,
        organisation=cast.clinic_a,
        function="Ärztliche Leitung",
        end=dt.date(2020, 12, 31),
    )
    return named, hidden, former


def detail(client, organisation) -> str:
    response = client.get(reverse("registry:detail", args=[organisation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_address_identifiers_and_membership(client, cast):
    cast.clinic_a.street = "Flemmingstraße 2"
    cast.clinic_a.ik_number = "261400001"
    cast.clinic_a.inek_site_number = "771234"
    cast.clinic_a.save()
    cast.clinic_a.handlungsfelder.add(cast.handlungsfeld)
    NetworkMembership.objects.create(organisation=cast.clinic_a, start=dt.date(2023, 3, 1))
    html = detail(client, cast.clinic_a)
    for text in (
        "Flemmingstraße 2",
        "09116 Chemnitz",
        "261400001",
        "771234",
        "Patientenfokussierung",
        "seit 01.03.2023",
    ):
        assert text in html


def test_anonymous_sees_only_consenting_current_contacts(client, cast, contacts):
    html = detail(client, cast.clinic_a)
    assert "Clara Kontakt" in html and "Geschäftsführung" in html
    assert "kontakt@klinikum-a.example" in html
    assert "Verborgen" not in html and "verborgen@klinikum-a.example" not in html
    assert "Ehemalig" not in html


def test_contact_data_needs_the_contact_flag_as_well_as_consent(client, cast, contacts):
    named = contacts[0]
    named.roles.update(is_contact=False)
    html = detail(client, cast.clinic_a)
    assert "Clara Kontakt" in html
    assert "kontakt@klinikum-a.example" not in html


def test_the_editor_sees_all_contacts_with_their_state(client, cast, contacts):
    client.force_login(cast.editor_a)
    html = detail(client, cast.clinic_a)
    assert "Victor Verborgen" in html and "Erika Ehemalig" in html
    assert "keine Einwilligung" in html and "beendet" in html


def test_another_editor_sees_only_public_contacts(client, cast, contacts):
    client.force_login(cast.editor_b)
    html = detail(client, cast.clinic_a)
    assert "Verborgen" not in html
    assert reverse("registry:edit", args=[cast.clinic_a.pk]) not in html


def test_an_unpublished_organisation_is_not_found(client, cast):
    cast.clinic_b.is_public = False
    cast.clinic_b.save()
    url = reverse("registry:detail", args=[cast.clinic_b.pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.editor_a)
    assert client.get(url).status_code == 404
    client.force_login(cast.editor_b)
    assert client.get(url).status_code == 200


def test_it_lists_visible_sub_organisations(client, cast):
    Organisation.objects.create(name="Kardiologie", kind="fachabteilung", parent=cast.clinic_a)
    Organisation.objects.create(
        name="Intern", kind="fachabteilung", parent=cast.clinic_a, is_public=False
    )
    html = detail(client, cast.clinic_a)
    assert "Kardiologie" in html and "Intern" not in html


def test_the_name_is_escaped(client, cast):
    cast.clinic_a.name = "<script>alert(1)</script>"
    cast.clinic_a.description = "<img src=x onerror=alert(2)>"
    cast.clinic_a.save()
    html = detail(client, cast.clinic_a)
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_history_is_shown_to_the_office_only(client, cast):
    client.force_login(cast.editor_a)
    assert "Änderungsprotokoll" not in detail(client, cast.clinic_a)
    client.force_login(cast.office)
    html = detail(client, cast.clinic_a)
    assert "Änderungsprotokoll" in html
    assert "angelegt" in html
