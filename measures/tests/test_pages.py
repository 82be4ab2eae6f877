"""Every page of the app renders for the office (forms included)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from measures.models import MeasureUpdate, Milestone, Recommendation


def test_every_office_page_renders(client, cast, measures):
    client.force_login(cast.office)
    measure = measures.of_a
    milestone = Milestone.objects.create(measure=measure, title="M", due=dt.date(2025, 1, 1))
    update = MeasureUpdate.objects.create(measure=measure, date=dt.date(2025, 1, 1), text="U")
    recommendation = Recommendation.objects.create(title="E", text="T", addressee="A")
    pages = [
        ("measures:list", []),
        ("measures:create", []),
        ("measures:import", []),
        ("measures:detail", [measure.pk]),
        ("measures:edit", [measure.pk]),
        ("measures:delete", [measure.pk]),
        ("measures:milestone_create", [measure.pk]),
        ("measures:milestone_edit", [milestone.pk]),
        ("measures:milestone_delete", [milestone.pk]),
        ("measures:update_create", [measure.pk]),
        ("measures:update_edit", [update.pk]),
        ("measures:update_delete", [update.pk]),
        ("measures:handlungsfeld_create", []),
        ("measures:handlungsfeld", ["bildung"]),
        ("measures:handlungsfeld_edit", ["bildung"]),
        ("measures:recommendations", []),
        ("measures:recommendation_create", []),
        ("measures:recommendation", [recommendation.pk]),
        ("measures:recommendation_edit", [recommendation.pk]),
        ("measures:recommendation_delete", [recommendation.pk]),
    ]
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response.content.decode().count("<h1") == 1, name
