"""G7: two office users edit the same organisation; the second save does not silently undo
the first."""

from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from registry.tests.test_edit import edit_url, form_data


def _second_office(cast) -> User:
    return User.objects.create_user(
        "zweite", "zweite@example.org", cast.password, is_office=True, first_name="Zoe"
    )


def test_the_second_save_of_a_stale_form_is_refused_with_a_german_message(client, cast):
    other = Client()
    other.force_login(_second_office(cast))
    client.force_login(cast.office)
    url = edit_url(cast.clinic_a)
    first = client.get(url).context["form"]["version"].value()
    second = other.get(url).context["form"]["version"].value()
    assert first == second

    saved = client.post(url, form_data(cast.clinic_a, city="Chemnitz-Mitte", version=first))
    assert saved.status_code == 302
    stale = other.post(url, form_data(cast.clinic_a, description="Neu", version=second))

    assert stale.status_code == 200
    [message] = stale.context["form"].non_field_errors()
    assert message.startswith("Inzwischen von Greta Stelle geändert")
    assert "bitte neu laden" in message
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.city == "Chemnitz-Mitte" and cast.clinic_a.description == ""


def test_a_fresh_form_saves(client, cast):
    client.force_login(cast.office)
    url = edit_url(cast.clinic_a)
    version = client.get(url).context["form"]["version"].value()
    assert client.post(url, form_data(cast.clinic_a, version=version)).status_code == 302
    version = client.get(url).context["form"]["version"].value()
    assert client.post(url, form_data(cast.clinic_a, version=version)).status_code == 302


def test_the_api_answers_409_to_a_stale_version(cast):
    api = APIClient()
    api.force_login(cast.office)
    url = f"/api/organisationen/{cast.clinic_a.pk}/"
    version = api.get(url).json()["version"]
    assert api.patch(url, {"city": "A", "version": version}, format="json").status_code == 200
    stale = api.patch(url, {"city": "B", "version": version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Inzwischen von Greta Stelle geändert")
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.city == "A"
    assert api.patch(url, {"city": "C", "version": version + 1}, format="json").status_code == 200
