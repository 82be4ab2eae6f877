from django.test import Client
from django.urls import reverse


def test_login_without_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "redaktion-a", "password": cast.password}
    )
    assert response.status_code == 403


def test_login_with_the_token_from_the_form_works(cast):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {"username": "redaktion-a", "password": cast.password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_editing_without_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.editor_a)
    response = client.post(
        reverse("registry:edit", args=[cast.clinic_a.pk]),
        {"name": "Übernommen", "kind": "krankenhausstandort"},
    )
    assert response.status_code == 403
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.name == "Klinikum A"
