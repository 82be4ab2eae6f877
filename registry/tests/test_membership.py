import datetime as dt

from django.urls import reverse

from registry.models import NetworkMembership


def test_office_records_a_membership(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("registry:membership_create", args=[cast.clinic_a.pk]),
        {"start": "2023-03-01", "end": "", "note": "Gründungsmitglied"},
    )
    assert response.status_code == 302
    assert cast.clinic_a.is_member(dt.date(2025, 1, 1))


def test_office_ends_a_membership(client, cast):
    membership = NetworkMembership.objects.create(
        organisation=cast.clinic_a, start=dt.date(2023, 3, 1)
    )
    client.force_login(cast.office)
    client.post(
        reverse("registry:membership_edit", args=[membership.pk]),
        {"start": "2023-03-01", "end": "2024-12-31"},
    )
    assert not cast.clinic_a.is_member(dt.date(2025, 1, 1))


def test_the_end_cannot_precede_the_start(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("registry:membership_create", args=[cast.clinic_a.pk]),
        {"start": "2023-03-01", "end": "2022-01-01"},
    )
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not NetworkMembership.objects.exists()


def test_editors_cannot_record_memberships(client, cast):
    client.force_login(cast.editor_a)
    url = reverse("registry:membership_create", args=[cast.clinic_a.pk])
    assert client.post(url, {"start": "2023-03-01"}).status_code == 403
