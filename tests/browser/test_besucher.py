"""A visitor browses the portal and the partner map of the demo network (not logged in)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_network(data_dir):
    from demonetz import loader as demo

    demo.load(data_dir)


def test_a_visitor_browses_the_portal(page, shoot, demo_network):
    page.goto("/")
    expect(page).to_have_title(re.compile("Gesundheitsregion Südwestsachsen"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot("start")

    page.get_by_role("link", name="Sekundär- und Tertiärdienstleistungen").first.click()
    expect_heading(page, "Sekundär- und Tertiärdienstleistungen")
    shoot("handlungsfeld")

    page.get_by_role("link", name="Kooperationsvertrag Radiologie").first.click()
    expect_heading(page, "Kooperationsvertrag Radiologie")
    main = page.get_by_role("main")
    assert "abgeschlossen" in main.inner_text()
    assert "100" in main.inner_text()
    shoot("massnahme")

    navigation(page).get_by_role("link", name="FAQ").click()
    expect_heading(page, re.compile("Fragen"))
    assert page.get_by_text("Was sind die Handlungsfelder?").first.is_visible()
    shoot("faq")


def test_a_visitor_finds_a_partner_on_the_map(page, shoot, demo_network):
    page.goto("/")
    navigation(page).get_by_role("link", name="Partner").click()
    expect_heading(page, "Partnerverzeichnis")
    partner_map = page.get_by_role("group", name="Karte der Partnerstandorte")
    expect(partner_map).to_be_visible()
    assert partner_map.get_by_role("link").count() > 20
    shoot("partner")

    page.get_by_role("textbox", name="Name oder Ort").fill("Klinikum Chemnitz")
    page.get_by_role("combobox", name="Kreis").select_option("Erzgebirgskreis")
    page.get_by_role("button", name="Suchen").click()
    expect(
        page.get_by_role("link", name="Klinikum Chemnitz gGmbH – Schneeberg", exact=True)
    ).to_be_visible()

    # A dot on the map leads to the partner's page, with the keyboard too.
    dot = partner_map.get_by_role("link", name=re.compile("Schneeberg"))
    expect(dot).to_have_count(1)
    dot.focus()
    page.keyboard.press("Enter")
    expect_heading(page, "Klinikum Chemnitz gGmbH – Schneeberg")
    main = page.get_by_role("main")
    assert "Goethestraße 3" in main.inner_text()
    assert "772792" in main.inner_text()  # InEK-Standortnummer from the open data
    shoot("partner-standort")


def navigation(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def expect_heading(page, name) -> None:
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
