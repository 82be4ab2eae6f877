"""The office keeps measures, milestones, Sachstände and Handlungsfelder."""

from __future__ import annotations

from django.urls import reverse

from measures.models import Measure, MeasureUpdate, Milestone
from vocabulary.models import Handlungsfeld


def test_office_creates_a_measure_prefilled_from_a_handlungsfeld(client, cast, measures):
    client.force_login(cast.office)
    form = client.get(reverse("measures:create"), {"handlungsfeld": "bildung"}).context["form"]
    assert form.initial["handlungsfeld"] == measures.bildung


def test_measure_end_must_not_precede_its_start(client, cast, measures):
    client.force_login(cast.office)
    response = client.post(
        reverse("measures:create"),
        {
            "title": "X",
            "handlungsfeld": cast.handlungsfeld.pk,
            "status": "geplant",
            "progress": "0",
            "start": "2025-05-01",
            "end": "2025-01-01",
        },
    )
    assert response.context["form"].errors["end"] == ["Das Ende liegt vor dem Beginn."]


def test_office_adds_edits_and_deletes_a_milestone(client, cast, measures):
    client.force_login(cast.office)
    client.post(
        reverse("measures:milestone_create", args=[measures.of_a.pk]),
        {"title": "Pilot", "due": "2025-09-30"},
    )
    milestone = Milestone.objects.get(title="Pilot")
    client.post(
        reverse("measures:milestone_edit", args=[milestone.pk]),
        {"title": "Pilot", "due": "2025-09-30", "done": "2025-09-15"},
    )
    milestone.refresh_from_db()
    assert str(milestone.done) == "2025-09-15"
    client.post(reverse("measures:milestone_delete", args=[milestone.pk]))
    assert not Milestone.objects.exists()


def test_office_edits_and_deletes_updates_but_editors_do_not(client, cast, measures):
    update = MeasureUpdate.objects.create(
        measure=measures.of_a, date="2025-03-01", text="Alt", author=cast.editor_a
    )
    client.force_login(cast.editor_a)
    assert (
        client.post(
            reverse("measures:update_edit", args=[update.pk]), {"date": "2025-03-01", "text": "Neu"}
        ).status_code
        == 403
    )
    client.force_login(cast.office)
    client.post(
        reverse("measures:update_edit", args=[update.pk]), {"date": "2025-03-01", "text": "Neu"}
    )
    update.refresh_from_db()
    assert update.text == "Neu"
    client.post(reverse("measures:update_delete", args=[update.pk]))
    assert not MeasureUpdate.objects.exists()


def test_office_deletes_a_measure_after_confirming(client, cast, measures):
    client.force_login(cast.office)
    url = reverse("measures:delete", args=[measures.of_b.pk])
    assert "Wirklich löschen?" in client.get(url).content.decode()
    assert client.post(url).url == reverse("measures:list")
    assert not Measure.objects.filter(pk=measures.of_b.pk).exists()


def test_office_edits_a_handlungsfeld(client, cast, measures):
    client.force_login(cast.office)
    client.post(
        reverse("measures:handlungsfeld_edit", args=["bildung"]),
        {
            "name": "Aus-, Fort- und Weiterbildung",
            "slug": "bildung",
            "order": "2",
            "description": "Nachwuchs gewinnen und halten.",
        },
    )
    assert Handlungsfeld.objects.get(slug="bildung").description.startswith("Nachwuchs")
    client.force_login(cast.editor_a)
    assert (
        client.post(
            reverse("measures:handlungsfeld_create"), {"name": "X", "slug": "x"}
        ).status_code
        == 403
    )
