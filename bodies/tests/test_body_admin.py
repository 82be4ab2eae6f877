"""The office keeps bodies and their members; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from bodies.models import Body, BodyMember
from registry.models import Person


def test_office_creates_a_body(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:create"),
        {
            "name": "AG Versorgungssicherheit",
            "kind": "arbeitsgruppe",
            "handlungsfeld": cast.handlungsfeld.pk,
            "is_public": "on",
        },
    )
    body = Body.objects.get(name="AG Versorgungssicherheit")
    assert response.url == body.get_absolute_url()


def test_office_adds_a_new_person_as_member(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:member_create", args=[cast.body.pk]),
        {
            "new_first_name": "Nora",
            "new_last_name": "Neu",
            "organisation": cast.clinic_b.pk,
            "position": "vorsitz",
            "appointed": "2025-01-01",
        },
    )
    assert response.status_code == 302
    member = BodyMember.objects.get(person__last_name="Neu")
    assert member.body == cast.body and member.position == "vorsitz"
    assert not member.person.public_consent


def test_member_form_needs_a_person(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:member_create", args=[cast.body.pk]), {"position": "mitglied"}
    )
    assert "Bitte eine Person wählen" in response.content.decode()


def test_ceased_before_appointed_is_rejected(client, cast):
    client.force_login(cast.office)
    person = Person.objects.create(first_name="Zeno", last_name="Zeit")
    response = client.post(
        reverse("bodies:member_create", args=[cast.body.pk]),
        {
            "person": person.pk,
            "position": "mitglied",
            "appointed": "2025-05-01",
            "ceased": "2025-01-01",
        },
    )
    assert "Das Ausscheiden liegt vor der Berufung." in response.content.decode()


def test_former_members_are_listed_separately(client, cast):
    person = Person.objects.create(first_name="Fritz", last_name="Früher", public_consent=True)
    BodyMember.objects.create(
        body=cast.body, person=person, appointed=dt.date(2023, 1, 1), ceased=dt.date(2024, 6, 30)
    )
    client.force_login(cast.office)
    response = client.get(reverse("bodies:detail", args=[cast.body.pk]))
    assert [m.person for m in response.context["former_members"]] == [person]
    assert person not in [m.person for m in response.context["current_members"]]


@pytest.mark.parametrize("who", ["editor_a", "member"])
def test_others_cannot_change_bodies(client, cast, who):
    client.force_login(getattr(cast, who))
    assert (
        client.post(reverse("bodies:create"), {"name": "X", "kind": "sonstige"}).status_code == 403
    )
    assert (
        client.post(reverse("bodies:edit", args=[cast.body.pk]), {"name": "X"}).status_code == 403
    )
    assert client.post(reverse("bodies:delete", args=[cast.body.pk])).status_code == 403
    member = cast.body.members.first()
    assert client.post(reverse("bodies:member_delete", args=[member.pk])).status_code == 403
    assert Body.objects.filter(pk=cast.body.pk, name="Steuerungsgruppe").exists()


def test_bodies_are_grouped_by_kind(client, cast):
    Body.objects.create(name="AG Arbeitswelten", kind="arbeitsgruppe")
    Body.objects.create(name="AG Aus- und Weiterbildung", kind="arbeitsgruppe")
    client.force_login(cast.office)
    groups = client.get(reverse("bodies:list")).context["groups"]
    assert [(str(label), [b.name for b in bodies]) for label, bodies in groups] == [
        ("Steuerungsgruppe", ["Steuerungsgruppe"]),
        ("Arbeitsgruppe", ["AG Arbeitswelten", "AG Aus- und Weiterbildung"]),
    ]
