from django.urls import reverse

from audit.models import AuditEntry


def test_the_admin_shows_the_trail_read_only(client, cast):
    cast.office.is_staff = cast.office.is_superuser = True
    cast.office.save()
    client.force_login(cast.office)
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    page = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    response = client.post(
        reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
