import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Person, Role


@pytest.fixture
def role_a(cast):
    person = Person.objects.create(first_name="Clara", last_name="Kontakt")
    return Role.objects.create(person=person, organisation=cast.clinic_a, function="Leitung")


def test_editor_adds_a_person_with_a_role(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(
        reverse("registry:person_create", args=[cast.clinic_a.pk]),
        {
            "person-first_name": "Paula",
            "person-last_name": "Pflege",
            "person-email": "pflege@klinikum-a.example",
            "person-public_consent": "on",
            "role-function": "Pflegedirektorin",
            "role-is_contact": "on",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(person__last_name="Pflege")
    assert role.organisation == cast.clinic_a and role.person.public_consent


def test_editor_cannot_link_a_login_to_a_person(client, cast):
    client.force_login(cast.editor_a)
    client.post(
        reverse("registry:person_create", args=[cast.clinic_a.pk]),
        {
            "person-first_name": "Max",
            "person-last_name": "Muster",
            "person-user": cast.office.pk,
            "role-function": "Mitarbeit",
        },
    )
    assert Person.objects.get(last_name="Muster").user is None


def test_editor_cannot_add_people_to_a_foreign_organisation(client, cast):
    client.force_login(cast.editor_a)
    url = reverse("registry:person_create", args=[cast.clinic_b.pk])
    assert (
        client.post(
            url, {"person-first_name": "X", "person-last_name": "Y", "role-function": "Z"}
        ).status_code
        == 403
    )
    assert not Person.objects.filter(last_name="Y").exists()


def test_editor_ends_a_role(client, cast, role_a):
    client.force_login(cast.editor_a)
    assert client.get(reverse("registry:role_end", args=[role_a.pk])).status_code == 405
    client.post(reverse("registry:role_end", args=[role_a.pk]))
    role_a.refresh_from_db()
    assert role_a.end is not None and not role_a.is_current


def test_editor_edits_a_role(client, cast, role_a):
    client.force_login(cast.editor_a)
    response = client.post(
        reverse("registry:role_edit", args=[role_a.pk]),
        {"function": "Geschäftsführung", "start": "2024-01-01", "end": ""},
    )
    assert response.status_code == 302
    role_a.refresh_from_db()
    assert role_a.function == "Geschäftsführung" and role_a.start == dt.date(2024, 1, 1)


def test_a_role_cannot_end_before_it_starts(client, cast, role_a):
    client.force_login(cast.editor_a)
    response = client.post(
        reverse("registry:role_edit", args=[role_a.pk]),
        {"function": "Leitung", "start": "2024-01-01", "end": "2023-01-01"},
    )
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()


def test_foreign_roles_are_hidden_or_refused(client, cast, role_a):
    client.force_login(cast.editor_b)
    url = reverse("registry:role_edit", args=[role_a.pk])
    assert client.get(url).status_code == 404  # no consent: not even its existence is shown
    role_a.person.public_consent = True
    role_a.person.save()
    assert client.get(url).status_code == 403
    assert client.post(reverse("registry:role_end", args=[role_a.pk])).status_code == 403


def test_person_edit_follows_the_roles(client, cast, role_a):
    url = reverse("registry:person_edit", args=[role_a.person.pk])
    client.force_login(cast.editor_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.editor_a)
    response = client.post(
        url, {"first_name": "Clara", "last_name": "Kontakt-Neu", "public_consent": "on"}
    )
    assert response.status_code == 302
    role_a.person.refresh_from_db()
    assert role_a.person.last_name == "Kontakt-Neu" and role_a.person.public_consent


def test_role_create_offers_only_people_of_the_editors_organisations(client, cast, role_a):
    stranger = Person.objects.create(first_name="Fremd", last_name="Person")
    Role.objects.create(person=stranger, organisation=cast.clinic_b, function="Leitung")
    client.force_login(cast.editor_a)
    url = reverse("registry:role_create", args=[cast.clinic_a.pk])
    html = client.get(url).content.decode()
    assert "Clara Kontakt" in html and "Fremd Person" not in html
    response = client.post(url, {"person": stranger.pk, "function": "Beirat"})
    assert response.status_code == 200
    assert not Role.objects.filter(person=stranger, organisation=cast.clinic_a).exists()
