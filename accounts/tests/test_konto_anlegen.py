"""``manage.py konto_anlegen``: the first office account of a new installation."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def run(*args) -> str:
    out = io.StringIO()
    call_command("konto_anlegen", *args, stdout=out)
    return out.getvalue()


def test_it_creates_an_office_account_and_prints_a_link_that_sets_the_password(client, db):
    output = run(
        "--geschaeftsstelle",
        "g.stelle",
        "--email",
        "gs@example.org",
        "--vorname",
        "Greta",
        "--url",
        "https://plattform.example/",
    )
    user = User.objects.get(username="g.stelle")
    assert user.is_office and user.is_active and user.first_name == "Greta"
    assert not user.has_usable_password()
    link = re.search(r"https://plattform\.example(/konto/einladung/\S+)", output).group(1)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    new = "Erstes-Passwort-Geschaeftsstelle"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert client.login(username="g.stelle", password=new)
    # The office can now invite others in the platform.
    assert client.get("/konto/verwaltung/einladen/").status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--geschaeftsstelle", "mit leerzeichen", "--email", "a@example.org"], "Benutzername"),
        (["--geschaeftsstelle", "gs", "--email", "keine-adresse"], "keine gültige E-Mail"),
        (["--geschaeftsstelle", "geschaeftsstelle", "--email", "neu@example.org"], "gibt es schon"),
        (["--geschaeftsstelle", "neu", "--email", "aussen@example.org"], "gehört schon"),
    ],
)
def test_it_refuses_bad_input_with_a_german_message(cast, args, message):
    before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert User.objects.count() == before
