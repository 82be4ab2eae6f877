from django.urls import reverse

from registry.models import Organisation, OrganisationType


def page(client, **params) -> str:
    response = client.get(reverse("registry:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_sees_only_public_organisations(client, cast):
    cast.clinic_b.is_public = False
    cast.clinic_b.save()
    html = page(client)
    assert "Klinikum A" in html
    assert "Klinik B" not in html


def test_editor_also_sees_its_own_unpublished_organisation(client, cast):
    cast.clinic_a.is_public = False
    cast.clinic_a.save()
    client.force_login(cast.editor_a)
    assert "Klinikum A" in page(client)
    client.force_login(cast.editor_b)
    assert "Klinikum A" not in page(client)


def test_it_searches_name_and_city(client, cast):
    assert "Klinik B" not in page(client, q="Chemnitz")
    assert "Klinikum A" in page(client, q="chemnitz")
    html = page(client, q="Klinik B")
    assert "Klinik B" in html and "Klinikum A" not in html


def test_it_filters_by_type_handlungsfeld_and_kreis(client, cast):
    Organisation.objects.create(
        name="Praxis Dr. C", kind=OrganisationType.ARZTPRAXIS, kreis="Erzgebirgskreis"
    )
    cast.clinic_a.handlungsfelder.add(cast.handlungsfeld)
    html = page(client, art="arztpraxis")
    assert "Praxis Dr. C" in html and "Klinikum A" not in html
    html = page(client, handlungsfeld="patienten")
    assert "Klinikum A" in html and "Klinik B" not in html and "Praxis Dr. C" not in html
    html = page(client, kreis="Erzgebirgskreis")
    assert "Praxis Dr. C" in html and "Klinikum A" not in html


def test_the_kreis_filter_offers_the_kreise_of_visible_organisations(client, cast):
    Organisation.objects.create(
        name="Geheim", kind="sonstige", kreis="Geheimkreis", is_public=False
    )
    Organisation.objects.create(name="Offen", kind="sonstige", kreis="Vogtlandkreis")
    html = page(client)
    assert '<option value="Vogtlandkreis">' in html
    assert "Geheimkreis" not in html


def test_an_unknown_filter_value_is_ignored(client, cast):
    html = page(client, art="gibt-es-nicht")
    assert "Klinikum A" in html and "Klinik B" in html


def test_it_pages_through_many_partners(client, cast):
    Organisation.objects.bulk_create(
        Organisation(name=f"Praxis {i:02d}", kind="arztpraxis") for i in range(30)
    )
    first = page(client)
    assert "32 Organisationen gefunden" in first
    assert "Seite 1 von 2" in first
    second = page(client, seite=2, art="")
    assert "Seite 2 von 2" in second
    assert "Praxis 29" in second


def test_the_map_links_each_located_partner(client, cast):
    html = page(client)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="partner-karte"' in html
    assert f'href="{cast.clinic_a.get_absolute_url()}"' in html
    assert "<title>Klinikum A – Chemnitz</title>" in html


def test_names_are_escaped_on_the_list_and_the_map(client, cast):
    cast.clinic_a.name = "<script>alert(1)</script>"
    cast.clinic_a.save()
    html = page(client)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
