"""The office records a meeting with a decision and a measure; the public sees them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING = "5. Sitzung der Arbeitsgruppe Versorgungssicherheit"
DECISION = "Telemedizinische Konsile erproben"
MEASURE = "Telemedizinische Konsile für kleine Standorte"


@pytest.fixture
def working_group(cast):
    from bodies.models import Body, BodyKind

    return Body.objects.create(
        name="Arbeitsgruppe Versorgungssicherheit", kind=BodyKind.ARBEITSGRUPPE, is_public=True
    )


def test_the_office_records_a_meeting_and_the_public_sees_it(
    page, login, shoot, cast, working_group
):
    login(cast.office.username, cast.password)
    main = page.get_by_role("main")
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    navigation.get_by_role("link", name="Gremien").click()
    main.get_by_role("link", name=working_group.name).first.click()
    main.get_by_role("link", name="Sitzung erfassen").click()

    start = timezone.localdate() + dt.timedelta(days=10)
    main.get_by_label("Titel").fill(MEETING)
    main.get_by_label("Beginn").fill(f"{start:%Y-%m-%d}T14:00")
    main.get_by_label("Ende").fill(f"{start:%Y-%m-%d}T16:00")
    main.get_by_label(re.compile(r"^Ort\b")).fill("Rathaus Chemnitz")
    main.get_by_role("button", name="Speichern").click()

    page.get_by_role("navigation", name="Schritte der Sitzungserfassung").get_by_role(
        "link", name="Beschlüsse"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Beschlüsse")).to_be_visible()
    main.get_by_label("Nummer").fill("AG VS 2026/1")
    main.get_by_label("Titel").fill(DECISION)
    main.get_by_label("Wortlaut").fill("Zwei Kliniken erproben Konsile per Video.")
    main.get_by_role("button", name="Beschluss speichern").click()
    expect(main).to_contain_text(DECISION)
    shoot("geschaeftsstelle-beschluesse")

    main.get_by_role("link", name="Maßnahme zu diesem Beschluss anlegen").click()
    expect(page.get_by_role("heading", level=1, name="Maßnahme anlegen")).to_be_visible()
    main.get_by_label("Titel").fill(MEASURE)
    main.get_by_label("Handlungsfeld").select_option(label=cast.handlungsfeld.name)
    main.get_by_label("Status").select_option(label="laufend")
    main.get_by_label("Fortschritt in %").fill("10")
    main.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1, name=MEASURE)).to_be_visible()
    expect(main).to_contain_text(DECISION)
    shoot("geschaeftsstelle-massnahme")

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Anmelden")).to_be_visible()

    # As anonymous visitor: the body's page lists the meeting, the meeting shows the decision
    # and the measure that follows from it.
    page.goto("/")
    navigation.get_by_role("link", name="Gremien").click()
    main.get_by_role("link", name=working_group.name).first.click()
    main.get_by_role("link", name=MEETING).first.click()
    expect(page.get_by_role("heading", level=1, name=MEETING)).to_be_visible()
    expect(main).to_contain_text("Rathaus Chemnitz")
    expect(main.get_by_role("heading", name=DECISION)).to_be_visible()
    shoot("sitzung-oeffentlich")
    main.get_by_role("link", name=MEASURE).click()
    expect(page.get_by_role("heading", level=1, name=MEASURE)).to_be_visible()
    expect(main).to_contain_text("laufend")
