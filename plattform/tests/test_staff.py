"""The office manages accounts: invite, roles, deactivate (plattform.staff)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from bodies.models import Body, BodyKind, BodyMember, member_body_ids


def invite(client, **data):
    fields = {
        "first_name": "Ida",
        "last_name": "Neu",
        "email": "ida.neu@example.org",
        "organisations": [],
        "bodies": [],
        **data,
    }
    return client.post(reverse("accounts:account_invite"), fields)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.mark.parametrize(
    "url",
    [
        ("accounts:account_list", []),
        ("accounts:account_invite", []),
        ("accounts:account_edit", ["pk"]),
        ("accounts:account_active", ["pk"]),
    ],
)
@pytest.mark.parametrize("who", ["editor_a", "member", "outsider"])
def test_only_the_office_may_manage_accounts(client, cast, url, who):
    name, args = url
    path = reverse(name, args=[cast.editor_b.pk] if args else [])
    client.force_login(getattr(cast, who))
    assert client.get(path).status_code == 403
    assert client.post(path, {"first_name": "X", "is_office": "on"}).status_code == 403
    cast.editor_b.refresh_from_db()
    assert cast.editor_b.is_active and not cast.editor_b.is_office


def test_reinvite_is_refused_to_others_too(client, cast):
    client.force_login(cast.editor_a)
    url = reverse("accounts:account_reinvite", args=[cast.editor_b.pk])
    assert client.post(url).status_code == 403
    assert mail.outbox == []


def test_anonymous_visitors_are_sent_to_the_login(client, cast):
    response = client.get(reverse("accounts:account_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_office_sees_every_account_with_its_roles(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("accounts:account_list")).content.decode()
    assert "Anna Arndt" in html
    assert "Redaktion: Klinikum A" in html
    assert "Mitglied: Steuerungsgruppe" in html
    assert "Geschäftsstelle" in html


def test_an_invited_person_sets_the_password_through_the_link(client, cast):
    client.force_login(cast.office)
    response = invite(client, organisations=[cast.clinic_b.pk], is_analyst="on")
    assert response.status_code == 302
    user = User.objects.get(email="ida.neu@example.org")
    assert user.username == "ida.neu"
    assert user.is_analyst and not user.is_office
    assert not user.has_usable_password()
    assert list(user.editable_organisations.all()) == [cast.clinic_b]

    (message,) = mail.outbox
    assert message.to == ["ida.neu@example.org"]
    assert message.body.startswith("Guten Tag Ida Neu,")
    assert "ida.neu" in message.body
    client.logout()
    page = client.get(link_in(message), follow=True)
    assert "Passwort für Ihren Zugang festlegen" in page.content.decode()
    new = "Mein-erstes-Passwort-2026"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.url == reverse("accounts:password_reset_complete")
    assert client.login(username="ida.neu", password=new)

    # The link works once.
    client.logout()
    again = client.get(link_in(message), follow=True)
    assert "Der Einladungslink ist ungültig" in again.content.decode()


@override_settings(PASSWORD_RESET_TIMEOUT=3600)
def test_the_invitation_link_expires(client, cast, monkeypatch):
    client.force_login(cast.office)
    invite(client)
    link = link_in(mail.outbox[0])
    from django.contrib.auth.tokens import default_token_generator

    later = default_token_generator._now() + dt.timedelta(seconds=3601)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    client.logout()
    assert "Der Einladungslink ist ungültig" in client.get(link, follow=True).content.decode()


def test_the_invitation_needs_name_and_a_new_email(client, cast):
    client.force_login(cast.office)
    response = invite(client, first_name="", email="redaktion-a@example.org")
    assert response.status_code == 200
    form = response.context["form"]
    assert "first_name" in form.errors
    assert "Zu dieser E-Mail-Adresse gibt es schon ein Konto („redaktion-a“)." in str(
        form.errors["email"]
    )
    assert mail.outbox == []
    bad = invite(client, email="keine-adresse")
    assert "email" in bad.context["form"].errors
    assert not User.objects.filter(first_name="Ida").exists()


def test_the_same_local_part_gets_a_numbered_user_name(client, cast):
    client.force_login(cast.office)
    User.objects.create_user("ida.neu", "ida@elsewhere.example", "x")
    invite(client)
    assert User.objects.filter(username="ida.neu-2").exists()


def test_the_office_assigns_bodies_and_takes_them_away(client, cast):
    board = Body.objects.create(name="Beirat", kind=BodyKind.ARBEITSGRUPPE)
    client.force_login(cast.office)
    invite(client, bodies=[board.pk, cast.body.pk])
    user = User.objects.get(email="ida.neu@example.org")
    assert set(Body.objects.filter(pk__in=member_body_ids(user))) == {board, cast.body}
    assert user.registry_person.last_name == "Neu"

    url = reverse("accounts:account_edit", args=[user.pk])
    form = client.get(url).context["form"]
    assert set(form["bodies"].initial) == {board, cast.body}
    response = client.post(
        url,
        {
            "first_name": "Ida",
            "last_name": "Neu",
            "email": "ida.neu@example.org",
            "bodies": [board.pk],
            "is_office": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_office
    assert set(Body.objects.filter(pk__in=member_body_ids(user))) == {board}
    # Begun today and ended today leaves no membership behind.
    assert not BodyMember.objects.filter(person__user=user, body=cast.body).exists()


def test_taking_away_an_older_membership_ends_it_yesterday(client, cast):
    client.force_login(cast.office)
    url = reverse("accounts:account_edit", args=[cast.member.pk])
    client.post(
        url,
        {"first_name": "Maria", "last_name": "Mitglied", "email": "mitglied@example.org"},
    )
    membership = BodyMember.objects.get(person__user=cast.member)
    assert membership.ceased is not None
    assert not member_body_ids(cast.member).exists()


def test_the_office_takes_an_editor_off_its_organisation(client, cast):
    client.force_login(cast.office)
    client.post(
        reverse("accounts:account_edit", args=[cast.editor_a.pk]),
        {"first_name": "Anna", "last_name": "Arndt", "email": "redaktion-a@example.org"},
    )
    assert not cast.editor_a.editable_organisations.exists()


def test_deactivating_ends_the_sessions_and_the_login(client, cast, django_user_model):
    from django.test import Client

    editor = Client()
    editor.force_login(cast.editor_a)
    assert editor.get(reverse("accounts:dashboard")).status_code == 200

    client.force_login(cast.office)
    url = reverse("accounts:account_active", args=[cast.editor_a.pk])
    assert "Konto deaktivieren" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    cast.editor_a.refresh_from_db()
    assert not cast.editor_a.is_active

    from django.contrib.sessions.models import Session

    assert all(
        s.get_decoded().get("_auth_user_id") != str(cast.editor_a.pk) for s in Session.objects.all()
    )
    assert editor.get(reverse("accounts:dashboard")).status_code == 302
    assert not Client().login(username="redaktion-a", password=cast.password)

    # And back.
    client.post(url)
    cast.editor_a.refresh_from_db()
    assert cast.editor_a.is_active


def test_the_office_cannot_deactivate_itself(client, cast):
    client.force_login(cast.office)
    client.post(reverse("accounts:account_active", args=[cast.office.pk]))
    cast.office.refresh_from_db()
    assert cast.office.is_active


def test_a_lost_invitation_is_sent_again_but_never_for_a_chosen_password(client, cast):
    client.force_login(cast.office)
    invite(client)
    user = User.objects.get(email="ida.neu@example.org")
    client.post(reverse("accounts:account_reinvite", args=[user.pk]))
    assert len(mail.outbox) == 2
    client.post(reverse("accounts:account_reinvite", args=[cast.editor_a.pk]))
    assert len(mail.outbox) == 2


def test_the_office_cannot_take_away_its_own_office_role(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("accounts:account_edit", args=[cast.office.pk]),
        {"first_name": "Greta", "last_name": "Stelle", "email": "geschaeftsstelle@example.org"},
    )
    assert response.status_code == 200
    assert "Die eigene Rolle Geschäftsstelle" in str(response.context["form"].errors)
    cast.office.refresh_from_db()
    assert cast.office.is_office
