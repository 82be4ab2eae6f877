import re

from django.core import mail
from django.urls import reverse


def test_it_sends_a_link_that_sets_a_new_password(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "redaktion-a@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redaktion-a@example.org"]
    assert "Gesundheitsregion" in message.subject
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)
    assert "/konto/passwort/neu/" in link

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "Ganz-neues-Passwort-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.url == reverse("accounts:password_reset_complete")
    assert client.login(username="redaktion-a", password=new)


def test_it_says_the_same_for_unknown_addresses_and_sends_nothing(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_used_link_is_refused_in_german(client, cast):
    client.post(reverse("accounts:password_reset"), {"email": "aussen@example.org"})
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link.replace(link.rstrip("/").split("/")[-1], "falsch-token"))
    assert "Der Link ist ungültig" in response.content.decode()


def ask_for_reset(client, email, ip="192.0.2.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_mails_to_one_address_are_throttled(client, cast):
    for n in range(3):
        assert ask_for_reset(client, "aussen@example.org", ip=f"192.0.2.{n}").status_code == 302
    response = ask_for_reset(client, "aussen@example.org", ip="198.51.100.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Zu viele Anfragen" in response.content.decode()
    assert "in 60 Minuten erneut" in response.content.decode()
    assert len(mail.outbox) == 3


def test_reset_requests_from_one_client_are_throttled(client, cast):
    for n in range(10):
        ask_for_reset(client, f"person-{n}@example.org", ip="203.0.113.9")
    assert ask_for_reset(client, "aussen@example.org", ip="203.0.113.9").status_code == 429
    assert mail.outbox == []
    assert ask_for_reset(client, "aussen@example.org", ip="198.51.100.1").status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_mail_greets_by_name_and_names_the_account(client, cast):
    ask_for_reset(client, "redaktion-a@example.org")
    body = mail.outbox[0].body
    assert body.startswith("Guten Tag Anna Arndt,\n")
    # The account's name used to come out empty („“): the template asked for a variable
    # Django's reset form does not pass.
    assert "für Ihren Zugang „redaktion-a“" in body


def test_the_reset_mail_greets_neutrally_without_a_name(client, cast):
    cast.outsider.first_name = cast.outsider.last_name = ""
    cast.outsider.save()
    ask_for_reset(client, "aussen@example.org")
    body = mail.outbox[0].body
    assert body.startswith("Guten Tag,\n")
    assert "Guten Tag ," not in body
    assert "„aussen“" in body
