from django.urls import reverse

from registry.models import Organisation, OrganisationType


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_needs_a_login(client, db):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302


def test_editor_sees_its_organisations_with_edit_links(client, cast):
    ward = Organisation.objects.create(
        name="Kardiologie A", kind=OrganisationType.FACHABTEILUNG, parent=cast.clinic_a
    )
    html = dashboard(client, cast.editor_a)
    assert reverse("registry:edit", args=[cast.clinic_a.pk]) in html
    assert reverse("registry:edit", args=[ward.pk]) in html
    assert "Klinik B" not in html
    assert reverse("audit:list") not in html


def test_member_sees_its_bodies(client, cast):
    html = dashboard(client, cast.member)
    assert "Steuerungsgruppe" in html
    assert cast.body.get_absolute_url() in html


def test_outsider_sees_nothing_to_edit(client, cast):
    html = dashboard(client, cast.outsider)
    assert "Sie bearbeiten keine Organisation" in html
    assert "Sie sind derzeit in keinem Gremium Mitglied" in html


def test_office_gets_links_to_everything_including_the_audit_trail(client, cast):
    html = dashboard(client, cast.office)
    for url in (
        reverse("audit:list"),
        reverse("registry:create"),
        reverse("registry:import"),
        reverse("accounts:account_list"),
        reverse("accounts:account_invite"),
    ):
        assert url in html


def test_the_office_link_verwaltung_leads_to_a_page_the_office_may_use(client, cast):
    # It used to lead to the Django admin, which answers an office user without is_staff
    # with "nicht autorisiert".
    html = dashboard(client, cast.office)
    assert f'href="{reverse("admin:index")}"' not in html
    assert client.get(reverse("accounts:account_list")).status_code == 200


def test_staff_users_also_get_the_technical_admin(client, cast):
    cast.office.is_staff = True
    cast.office.save()
    assert reverse("admin:index") in dashboard(client, cast.office)
