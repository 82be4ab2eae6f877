import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry


def edit_clinic_a(client, cast, **changes):
    cast.clinic_a.kreis = "Chemnitz"  # else the form fills it in, a change of its own
    cast.clinic_a.save()
    client.force_login(cast.editor_a)
    data = {
        "name": "Klinikum A",
        "kind": "krankenhausstandort",
        "postcode": "09116",
        "city": "Chemnitz",
        "kreis": "Chemnitz",
        "lon": "12.9",
        "lat": "50.82",
        "is_public": "on",
    }
    data.update(changes)
    response = client.post(reverse("registry:edit", args=[cast.clinic_a.pk]), data)
    assert response.status_code == 302


def test_it_records_who_changed_which_field(client, cast):
    edit_clinic_a(client, cast, name="Klinikum A – Standort Mitte")
    entry = AuditEntry.objects.get(model="registry.Organisation", user=cast.editor_a)
    assert entry.user == cast.editor_a
    assert entry.object_id == str(cast.clinic_a.pk)
    assert entry.changes["name"] == ["Klinikum A", "Klinikum A – Standort Mitte"]
    assert entry.model_name == "Organisation"


def test_it_records_changes_of_the_editors(client, cast):
    cast.clinic_a.editors.add(cast.outsider)
    entry = AuditEntry.objects.filter(model="registry.Organisation").first()
    assert entry.changes == {"editors": ["redaktion-a", "aussen, redaktion-a"]}
    assert entry.action == "geändert"


def test_an_unchanged_save_records_nothing(client, cast):
    edit_clinic_a(client, cast)
    assert not AuditEntry.objects.filter(user=cast.editor_a).exists()


def test_the_office_reads_the_trail(client, cast):
    edit_clinic_a(client, cast, name="Klinikum A neu")
    client.force_login(cast.office)
    response = client.get(reverse("audit:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "redaktion-a" in html and "Klinikum A neu" in html


@pytest.mark.parametrize("who", ["editor_a", "editor_b", "member", "outsider"])
def test_others_are_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("audit:list")).status_code == 403


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_it_filters_by_model_user_and_date(client, cast):
    edit_clinic_a(client, cast, name="Klinikum A neu")
    client.force_login(cast.office)

    def rows(**params):
        return list(client.get(reverse("audit:list"), params).context["page"].object_list)

    by_editor = rows(user=cast.editor_a.pk)
    assert by_editor and all(e.user == cast.editor_a for e in by_editor)
    assert all(e.model == "bodies.Body" for e in rows(model="bodies.Body"))
    assert rows(model="bodies.Body")
    today = timezone.localdate()
    assert len(rows(start=today.isoformat(), end=today.isoformat())) == AuditEntry.objects.count()
    assert rows(end=(today - dt.timedelta(days=1)).isoformat()) == []


def test_the_organisation_page_shows_its_history_to_the_office(client, cast):
    edit_clinic_a(client, cast, name="Klinikum A neu")
    client.force_login(cast.office)
    response = client.get(reverse("registry:detail", args=[cast.clinic_a.pk]))
    history = list(response.context["history"])
    assert {e.action for e in history} == {"angelegt", "geändert"}
    assert all(e.object_id == str(cast.clinic_a.pk) for e in history)
    assert "Klinik B" not in {e.object_repr for e in history}


def test_changes_are_escaped(client, cast):
    edit_clinic_a(client, cast, name="<script>alert(1)</script>")
    client.force_login(cast.office)
    html = client.get(reverse("audit:list")).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_it_records_users_authenticated_inside_the_view(cast, rf):
    """API clients log in with HTTP Basic inside the view, after the middleware ran."""
    from django.contrib.auth.models import AnonymousUser

    from audit.middleware import CurrentUserMiddleware

    def view(request):
        request.user = cast.office  # what Django REST framework does on authentication
        cast.clinic_b.city = "Zwickau-Planitz"
        cast.clinic_b.save()
        return None

    request = rf.get("/")
    request.user = AnonymousUser()
    CurrentUserMiddleware(view)(request)
    entry = AuditEntry.objects.get(action="geändert", changes__has_key="city")
    assert entry.user == cast.office
