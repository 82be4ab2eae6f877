"""The rules of bodies live on the models: ``full_clean()`` names the field, the database refuses
what slips past it, and the API applies the same rule as the forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from bodies.models import AgendaItem, BodyMember, Meeting
from bodies.tests.conftest import berlin


def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def _refused_by_database(instance) -> bool:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        return True
    return False


def meeting(cast, start, end) -> Meeting:
    return Meeting(body=cast.body, title="Sitzung", start=start, end=end)


@pytest.mark.parametrize("hours", [0, -1])
def test_a_meeting_must_end_after_it_starts(cast, hours):
    start = berlin(2026, 3, 4, 14)
    late = meeting(cast, start, start + dt.timedelta(hours=hours))
    assert _errors(late) == {"end": ["Das Ende muss nach dem Beginn liegen."]}
    assert _refused_by_database(late)


def test_a_meeting_without_end_or_ending_later_is_valid(cast):
    start = berlin(2026, 3, 4, 14)
    meeting(cast, start, None).full_clean()
    meeting(cast, start, start + dt.timedelta(minutes=1)).full_clean()


def test_a_member_cannot_cease_before_being_appointed(cast):
    member = BodyMember.objects.get(body=cast.body)
    member.ceased = member.appointed - dt.timedelta(days=1)
    assert _errors(member) == {"ceased": ["Das Ausscheiden liegt vor der Berufung."]}
    assert _refused_by_database(member)
    member.ceased = member.appointed
    member.full_clean()


def test_agenda_items_count_from_one(cast):
    sitting = meeting(cast, berlin(2026, 3, 4, 14), None)
    sitting.save()
    item = AgendaItem(meeting=sitting, number=0, title="Begrüßung")
    assert "number" in _errors(item)
    assert _refused_by_database(item)


def test_the_agenda_form_applies_the_numbering_rule(client, cast):
    sitting = meeting(cast, berlin(2026, 3, 4, 14), None)
    sitting.save()
    client.force_login(cast.office)
    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-number": "0",
        "agenda-0-title": "Begrüßung",
    }
    response = client.post(reverse("bodies:meeting_agenda", args=[sitting.pk]), data)
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(meeting=sitting).exists()


def test_the_api_applies_the_meeting_rule(cast):
    api = APIClient()
    api.force_login(cast.office)
    data = {
        "body": cast.body.pk,
        "title": "Klausur",
        "start": "2026-03-04T14:00:00+01:00",
        "end": "2026-03-04T13:00:00+01:00",
    }
    response = api.post("/api/sitzungen/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"end": ["Das Ende muss nach dem Beginn liegen."]}
    assert not Meeting.objects.filter(title="Klausur").exists()
    data["end"] = "2026-03-04T16:00:00+01:00"
    assert api.post("/api/sitzungen/", data, format="json").status_code == 201


def test_the_meeting_form_applies_the_model_rule(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:meeting_create", args=[cast.body.pk]),
        {"title": "Klausur", "start": "2026-03-04T14:00", "end": "2026-03-04T14:00"},
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert not Meeting.objects.filter(title="Klausur").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_existing_rows_that_break_a_rule():
    from django.core.management.base import CommandError
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate([("bodies", "0003_handlungsfeld_vocabulary")])
    body = old.get_model("bodies", "Body").objects.create(name="AG", kind="arbeitsgruppe")
    start = berlin(2025, 3, 5, 14)
    broken = old.get_model("bodies", "Meeting").objects.create(
        body=body, title="Rückwärts", start=start, end=start - dt.timedelta(hours=1)
    )
    with pytest.raises(CommandError) as caught:
        migrate(leaves)
    assert f"- Sitzungen enden nicht nach ihrem Beginn: Kennungen {broken.pk}" in str(caught.value)
    old.get_model("bodies", "Meeting").objects.filter(pk=broken.pk).update(end=None)
    migrate(leaves)
    assert Meeting.objects.get(pk=broken.pk).end is None
