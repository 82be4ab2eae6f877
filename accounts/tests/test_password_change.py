from django.urls import reverse


def test_it_changes_the_password(client, cast):
    client.force_login(cast.outsider)
    new = "Anderes-Passwort-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": cast.password, "new_password1": new, "new_password2": new},
    )
    assert response.url == reverse("accounts:password_change_done")
    cast.outsider.refresh_from_db()
    assert cast.outsider.check_password(new)


def test_it_needs_a_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_wrong_old_passwords_are_throttled(client, cast):
    client.force_login(cast.outsider)
    new = "Anderes-Passwort-2026"

    def change(old):
        return client.post(
            reverse("accounts:password_change"),
            {"old_password": old, "new_password1": new, "new_password2": new},
        )

    for n in range(5):
        assert change(f"geraten-{n}").status_code == 200
    response = change(cast.password)
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()
    cast.outsider.refresh_from_db()
    assert cast.outsider.check_password(cast.password)
