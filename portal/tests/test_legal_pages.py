"""Impressum and Datenschutz: real texts naming the configured operator."""

from __future__ import annotations

from registry.models import Organisation, OrganisationType


def test_the_imprint_names_the_operator_from_the_settings(client, db, settings):
    settings.SITE_OPERATOR = "Klinikum Musterstadt gGmbH"
    settings.SITE_OPERATOR_ADDRESS = "Musterweg 1, 09111 Musterstadt"
    settings.SITE_CONTACT_EMAIL = "info@musterstadt.example"
    html = client.get("/impressum/").content.decode()
    assert "Klinikum Musterstadt gGmbH" in html
    assert "Musterweg 1, 09111 Musterstadt" in html
    assert 'href="mailto:info@musterstadt.example"' in html
    assert "§ 5 Digitale-Dienste-Gesetz" in html


def test_the_imprint_has_a_sensible_default_operator(client, db):
    html = client.get("/impressum/").content.decode()
    assert "Geschäftsstelle der Gesundheitsregion" in html


def test_the_imprint_falls_back_to_the_address_of_the_operator_named_by_the_office(client, db):
    Organisation.objects.create(
        name="Geschäftsstelle",
        kind=OrganisationType.GESCHAEFTSSTELLE,
        is_operator=True,
        street="Flemmingstraße 2",
        postcode="09116",
        city="Chemnitz",
    )
    html = client.get("/impressum/").content.decode()
    assert "Flemmingstraße 2" in html and "09116 Chemnitz" in html


def test_the_privacy_notice_explains_data_and_rights(client, db, settings):
    settings.SITE_LOG_RETENTION_DAYS = 7
    html = client.get("/datenschutz/").content.decode()
    for text in (
        "Benutzername, Vor- und Nachname und dienstliche E-Mail-Adresse",
        "nur, wenn die Person eingewilligt hat",
        "Server-Protokolle",
        "nach 7 Tagen gelöscht",
        "Art. 15 DSGVO",
        "Art. 17 DSGVO",
        "Art. 21 DSGVO",
        "Art. 77 DSGVO",
    ):
        assert text in html, text


def test_the_footer_links_imprint_and_privacy(client, db):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/impressum/"' in footer
    assert 'href="/datenschutz/"' in footer
