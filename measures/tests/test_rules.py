"""The rules of measures live on the models: ``full_clean()`` names the field, the database
refuses what slips past it, and forms and API apply the same rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from measures.models import Measure, MeasureUpdate, Milestone


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


def measure(cast, **fields) -> Measure:
    return Measure(title="Telemedizin", handlungsfeld=cast.handlungsfeld, **fields)


def test_a_measure_cannot_end_before_it_starts(cast):
    early = measure(cast, start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 30))
    assert _errors(early) == {"end": ["Das Ende liegt vor dem Beginn."]}
    assert _refused_by_database(early)
    measure(cast, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 1)).full_clean()
    measure(cast, start=None, end=dt.date(2026, 5, 1)).full_clean()


@pytest.mark.parametrize("progress", [101, 250])
def test_progress_stays_within_0_and_100(cast, progress):
    assert "progress" in _errors(measure(cast, progress=progress))
    assert _refused_by_database(measure(cast, progress=progress))


def test_a_sachstand_progress_stays_within_0_and_100(cast):
    target = measure(cast)
    target.save()
    update = MeasureUpdate(measure=target, date=dt.date(2026, 1, 2), text="Stand", progress=120)
    assert "progress" in _errors(update)
    assert _refused_by_database(update)


def test_a_milestone_cannot_have_been_reached_in_the_future(cast):
    target = measure(cast)
    target.save()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    milestone = Milestone(measure=target, title="Start", due=tomorrow, done=tomorrow)
    assert _errors(milestone) == {
        "done": ["Ein Meilenstein kann nicht in der Zukunft erreicht worden sein."]
    }
    milestone.done = timezone.localdate()
    milestone.full_clean()


def test_the_api_applies_the_order_rule_to_a_partial_change(cast):
    target = measure(cast, start=dt.date(2026, 5, 1))
    target.save()
    api = APIClient()
    api.force_login(cast.office)
    response = api.patch(f"/api/massnahmen/{target.pk}/", {"end": "2026-04-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"end": ["Das Ende liegt vor dem Beginn."]}
    target.refresh_from_db()
    assert target.end is None


def test_the_milestone_form_applies_the_model_rule(client, cast):
    target = measure(cast)
    target.save()
    client.force_login(cast.office)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("measures:milestone_create", args=[target.pk]),
        {"title": "Start", "due": tomorrow, "done": tomorrow},
    )
    assert "Ein Meilenstein kann nicht in der Zukunft erreicht worden sein." in (
        response.content.decode()
    )
    assert not target.milestones.exists()
