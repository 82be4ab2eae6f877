"""G2: only the office sets an organisation's kind, its public flag and the operator; an
editor cannot pose as the Geschäftsstelle in Impressum, Datenschutz and Kontakt."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from registry.models import Organisation, OrganisationType
from registry.tests.test_edit import edit_url, form_data

POSE = {"name": "!!! Geschäftsstelle", "kind": OrganisationType.GESCHAEFTSSTELLE}


def test_an_editor_cannot_change_kind_or_public_in_the_form(client, cast):
    client.force_login(cast.editor_b)
    data = form_data(cast.clinic_b, **POSE, is_public="", is_operator="on")
    response = client.post(edit_url(cast.clinic_b), data)
    assert response.status_code == 302
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.name == "!!! Geschäftsstelle"  # the name is the editor's to change
    assert cast.clinic_b.kind == OrganisationType.KRANKENHAUSSTANDORT
    assert cast.clinic_b.is_public and not cast.clinic_b.is_operator


@pytest.mark.parametrize(
    "data", [{"kind": "geschäftsstelle"}, {"is_public": False}, {"is_operator": True}]
)
def test_an_editor_cannot_change_kind_or_public_through_the_api(cast, data):
    api = APIClient()
    api.force_login(cast.editor_b)
    response = api.patch(f"/api/organisationen/{cast.clinic_b.pk}/", data, format="json")
    assert response.status_code == 403
    assert "Geschäftsstelle" in response.json()["detail"]
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_b.kind == "krankenhausstandort" and cast.clinic_b.is_public


def test_the_office_sets_kind_public_and_operator(client, cast):
    client.force_login(cast.office)
    data = form_data(cast.clinic_b, kind="kommune", is_public="", is_operator="on")
    assert client.post(edit_url(cast.clinic_b), data).status_code == 302
    cast.clinic_b.refresh_from_db()
    assert (cast.clinic_b.kind, cast.clinic_b.is_public) == ("kommune", False)
    assert cast.clinic_b.is_operator


def test_only_one_organisation_operates_the_platform(client, cast):
    Organisation.objects.filter(pk=cast.clinic_a.pk).update(is_operator=True)
    client.force_login(cast.office)
    response = client.post(edit_url(cast.clinic_b), form_data(cast.clinic_b, is_operator="on"))
    assert response.status_code == 200
    assert "Betreiber der Plattform ist schon eine andere Organisation" in str(
        response.context["form"].errors
    )


@pytest.mark.parametrize("url", ["/impressum/", "/datenschutz/", "/kontakt/"])
def test_an_editors_organisation_sorting_first_never_appears_as_operator(client, cast, url):
    Organisation.objects.filter(pk=cast.clinic_b.pk).update(
        **POSE, street="Fälscherweg 1", is_public=True
    )
    operator = Organisation.objects.create(
        name="Zweckverband Gesundheitsregion",
        kind=OrganisationType.GESCHAEFTSSTELLE,
        street="Echte Straße 5",
        postcode="09111",
        city="Chemnitz",
        is_operator=True,
    )
    html = client.get(url).content.decode()
    assert "Fälscherweg" not in html and "!!! Geschäftsstelle" not in html
    assert operator.name in html


def test_the_operator_from_the_settings_comes_first(client, cast, settings):
    settings.SITE_OPERATOR = "Landkreis Musterland"
    settings.SITE_OPERATOR_ADDRESS = "Amtsplatz 1, 09999 Musterstadt"
    Organisation.objects.create(name="Verein", kind="verband", is_operator=True)
    html = client.get(reverse("portal:imprint")).content.decode()
    assert "Landkreis Musterland" in html and "Amtsplatz 1" in html and "Verein" not in html
