"""The DE/EN buttons of the site frame switch the language of the page the visitor is on.

They are plain links (no form, no CSRF token), so every visitor gets the same page and it can be
cached; the old form's address ``/i18n/setlang/`` still works for pages saved before.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def press(client, page: str, language: str):
    """Press the language button ``language`` on ``page``: follow its link, as the browser does."""
    html = client.get(page).content.decode()
    switch = re.search(r'<div class="language-switch"[^>]*>(.*?)</div>', html, re.S)
    assert switch, "Sprachwahl fehlt"
    link = re.search(rf'<a href="([^"]+)" lang="{language}"', switch.group(1))
    assert link, f"Knopf {language} fehlt"
    return client.get(link.group(1).replace("&amp;", "&"), follow=True)


def visited(response) -> str:
    """The address the browser shows after following ``response``."""
    request = response.request
    query = request.get("QUERY_STRING")
    return request["PATH_INFO"] + (f"?{query}" if query else "")


def test_the_de_button_leads_from_an_english_page_back_to_the_german_page(client):
    response = press(client, "/en/partner/", "de")
    assert visited(response) == "/partner/"
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Partnerverzeichnis" in html


def test_the_de_button_keeps_the_query_string(client):
    response = press(client, "/en/partner/?q=Chemnitz", "de")
    assert visited(response) == "/partner/?q=Chemnitz"


def test_the_en_button_leads_to_the_english_page(client):
    response = press(client, "/partner/", "en")
    assert visited(response) == "/en/partner/"
    assert '<html lang="en">' in response.content.decode()
    assert "Partner directory" in response.content.decode()


def test_the_de_button_on_the_english_start_page_leads_to_the_german_start_page(client):
    response = press(client, "/en/", "de")
    assert visited(response) == "/"
    assert '<html lang="de">' in response.content.decode()


def test_the_language_switch_has_no_form_and_no_csrf_token(client):
    html = client.get("/partner/").content.decode()
    assert 'class="language-switch"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in client.cookies


def test_the_old_language_form_address_still_leads_back_to_the_german_page(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/en/partner/"})
    assert response["Location"] == "/partner/"
