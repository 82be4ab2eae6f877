from django.urls import reverse


def test_the_user_admin_shows_the_office_flag(client, cast):
    cast.office.is_staff = cast.office.is_superuser = True
    cast.office.save()
    client.force_login(cast.office)
    response = client.get(reverse("admin:accounts_user_change", args=[cast.editor_a.pk]))
    assert response.status_code == 200
    assert 'name="is_office"' in response.content.decode()
    assert 'name="is_analyst"' in response.content.decode()
