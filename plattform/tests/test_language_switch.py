"""The DE/EN buttons of the site frame switch the language of the page the visitor is on."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def press(client, page: str, language: str):
    """Press the language button ``language`` on ``page``, as the browser submits the form."""
    html = client.get(page).content.decode()
    form = re.search(
        r'<form class="language-switch" method="post" action="([^"]+)">(.*?)</form>', html, re.S
    )
    assert form, "Sprachwahl fehlt"
    action, body = form.groups()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    assert f'name="language" value="{language}"' in body
    return client.post(action, {**fields, "language": language}, follow=True)


def test_the_de_button_leads_from_an_english_page_back_to_the_german_page(client):
    response = press(client, "/en/partner/", "de")
    assert response.redirect_chain[-1][0] == "/partner/"
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Partnerverzeichnis" in html


def test_the_de_button_keeps_the_query_string(client):
    response = press(client, "/en/partner/?q=Chemnitz", "de")
    assert response.redirect_chain[-1][0] == "/partner/?q=Chemnitz"


def test_the_en_button_leads_to_the_english_page(client):
    response = press(client, "/partner/", "en")
    assert response.redirect_chain[-1][0] == "/en/partner/"
    assert '<html lang="en">' in response.content.decode()
    assert "Partner directory" in response.content.decode()


def test_the_de_button_on_the_english_start_page_leads_to_the_german_start_page(client):
    response = press(client, "/en/", "de")
    assert response.redirect_chain[-1][0] == "/"
    assert '<html lang="de">' in response.content.decode()
