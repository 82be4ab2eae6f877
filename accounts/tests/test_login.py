from django.urls import reverse


def login(client, username, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_it_logs_in_and_opens_the_dashboard(client, cast):
    response = login(client, "redaktion-a", cast.password)
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")


def test_it_rejects_a_wrong_password_in_german(client, cast):
    response = login(client, "redaktion-a", "falsch")
    assert response.status_code == 200
    assert "Benutzername und Passwort" in response.content.decode()


def test_it_follows_a_safe_next_address(client, cast):
    response = client.post(
        reverse("accounts:login") + "?next=/partner/",
        {"username": "aussen", "password": cast.password, "next": "/partner/"},
    )
    assert response.url == "/partner/"


def test_it_ignores_a_foreign_next_address(client, cast):
    response = client.post(
        reverse("accounts:login"),
        {"username": "aussen", "password": cast.password, "next": "https://boese.example/"},
    )
    assert response.url == reverse("accounts:dashboard")


def test_outsider_can_log_in(client, cast):
    assert login(client, "aussen", cast.password).status_code == 302


def test_logout_needs_post(client, cast):
    client.force_login(cast.editor_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_login_page_is_german_and_labelled(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html
    assert "Passwort vergessen?" in html
