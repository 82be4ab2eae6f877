"""G8: the person page shows an editor no organisation that answers 404 for it."""

import pytest
from django.urls import reverse

from registry.models import Organisation, Person, Role


@pytest.fixture
def person_with_hidden_role(cast):
    hidden = Organisation.objects.create(
        name="Geheime Klinik", kind="krankenhausstandort", is_public=False
    )
    person = Person.objects.create(first_name="Hanna", last_name="Hinterzimmer")
    Role.objects.create(person=person, organisation=cast.clinic_a, function="Oberärztin")
    Role.objects.create(person=person, organisation=hidden, function="Geheimrätin")
    return person, hidden


def test_an_editor_does_not_see_the_function_at_a_hidden_organisation(
    client, cast, person_with_hidden_role
):
    person, hidden = person_with_hidden_role
    client.force_login(cast.editor_a)
    assert client.get(reverse("registry:detail", args=[hidden.pk])).status_code == 404

    page = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()

    assert "Oberärztin" in page and "Klinikum A" in page
    assert "Geheime Klinik" not in page and "Geheimrätin" not in page


def test_without_consent_an_editor_sees_no_role_at_another_public_organisation(client, cast):
    person = Person.objects.create(first_name="Ohne", last_name="Einwilligung")
    Role.objects.create(person=person, organisation=cast.clinic_a, function="Pflege")
    Role.objects.create(person=person, organisation=cast.clinic_b, function="Beirätin")
    client.force_login(cast.editor_a)
    page = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert "Pflege" in page and "Beirätin" not in page
    person.public_consent = True
    person.save()
    page = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert "Beirätin" in page and "Klinik B" in page


def test_the_office_sees_every_role(client, cast, person_with_hidden_role):
    person, _ = person_with_hidden_role
    client.force_login(cast.office)
    page = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert "Geheimrätin" in page and "Oberärztin" in page
