"""Contacts of the Geschäftsstelle: only people who agreed to be named."""

from __future__ import annotations

import datetime as dt

from registry.models import Organisation, OrganisationType, Person, Role


def office_with_people() -> Organisation:
    office = Organisation.objects.create(
        name="Geschäftsstelle der Gesundheitsregion",
        kind=OrganisationType.GESCHAEFTSSTELLE,
        is_operator=True,
        street="Flemmingstraße 2",
        postcode="09116",
        city="Chemnitz",
    )
    people = [
        ("Henriette", "Auerswald", True, None, "Leiterin der Geschäftsstelle"),
        ("Greta", "Geheim", False, None, "Assistenz"),
        ("Frieda", "Früher", True, dt.date(2020, 1, 1), "Projektmanagerin"),
    ]
    for first, last, consent, end, function in people:
        person = Person.objects.create(
            first_name=first,
            last_name=last,
            public_consent=consent,
            email=f"{last.lower()}@example.org",
        )
        Role.objects.create(person=person, organisation=office, function=function, end=end)
    return office


def test_it_lists_consenting_current_office_staff(client, db):
    office_with_people()
    html = client.get("/kontakt/").content.decode()
    assert "Henriette Auerswald" in html
    assert "Leiterin der Geschäftsstelle" in html
    assert 'href="mailto:auerswald@example.org"' in html
    assert "Flemmingstraße 2" in html


def test_it_leaves_out_people_without_consent_or_with_ended_roles(client, db):
    office_with_people()
    html = client.get("/kontakt/").content.decode()
    assert "Geheim" not in html and "geheim@example.org" not in html
    assert "Früher" not in html


def test_it_lists_no_one_from_other_organisations(client, cast):
    person = Person.objects.create(first_name="Klara", last_name="Klinik", public_consent=True)
    Role.objects.create(person=person, organisation=cast.clinic_a, function="Direktorin")
    office_with_people()
    assert "Klara Klinik" not in client.get("/kontakt/").content.decode()


def test_it_gives_the_general_address_without_an_office_entry(client, db, settings):
    settings.SITE_CONTACT_EMAIL = "kontakt@gesundheitsregion.example"
    html = client.get("/kontakt/").content.decode()
    assert 'href="mailto:kontakt@gesundheitsregion.example"' in html
