"""The editor of clinic A logs in and edits its clinic, but cannot edit clinic B."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_edits_its_clinic_but_not_another(page, login, shoot, cast):
    login(cast.editor_a.username, cast.password)

    page.goto(cast.clinic_a.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Klinikum A")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bearbeiten")
    shoot("redaktion-bearbeiten")
    page.get_by_label("Website").fill("https://klinikum-a.example.org")
    page.get_by_label("Straße und Hausnummer").fill("Flemmingstraße 2")
    page.get_by_role("main").get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1, name="Klinikum A")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Flemmingstraße 2")
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.website == "https://klinikum-a.example.org"

    # Clinic B: readable in the public directory, but no edit link and no edit page.
    page.goto(cast.clinic_b.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Klinik B")).to_be_visible()
    expect(
        page.get_by_role("main").get_by_role("link", name="Bearbeiten", exact=True)
    ).to_have_count(0)
    response = page.goto(f"/partner/{cast.clinic_b.pk}/bearbeiten/")
    assert response.status in (403, 404)
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.website == ""


def test_a_visitor_sees_no_edit_link(page, cast):
    page.goto(cast.clinic_a.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Klinikum A")).to_be_visible()
    expect(
        page.get_by_role("main").get_by_role("link", name="Bearbeiten", exact=True)
    ).to_have_count(0)
    response = page.goto(f"/partner/{cast.clinic_a.pk}/bearbeiten/")
    # Anonymous visitors are sent to the login page instead.
    assert "/konto/anmelden/" in page.url or response.status in (403, 404)
