"""Editors add Sachstände to the measures of their organisation, and only to those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import MeasureUpdate


def _add_update(client, measure, **data):
    url = reverse("measures:update_create", args=[measure.pk])
    return client.post(url, {"date": "2025-06-30", "text": "Pilotstation gestartet", **data})


def test_editor_a_adds_an_update_and_progress_to_a_measure_of_clinic_a(client, cast, measures):
    client.force_login(cast.editor_a)
    response = _add_update(client, measures.of_a, progress="60")
    assert response.url == measures.of_a.get_absolute_url()
    update = MeasureUpdate.objects.get(measure=measures.of_a)
    assert update.author == cast.editor_a
    measures.of_a.refresh_from_db()
    assert measures.of_a.progress == 60


def test_an_update_without_progress_keeps_the_progress(client, cast, measures):
    client.force_login(cast.editor_a)
    _add_update(client, measures.of_a)
    measures.of_a.refresh_from_db()
    assert measures.of_a.progress == 40


def test_editor_a_gets_403_on_a_measure_of_clinic_b(client, cast, measures):
    client.force_login(cast.editor_a)
    assert client.get(reverse("measures:update_create", args=[measures.of_b.pk])).status_code == 403
    assert _add_update(client, measures.of_b, progress="90").status_code == 403
    measures.of_b.refresh_from_db()
    assert measures.of_b.progress == 0
    assert not MeasureUpdate.objects.exists()


def test_editor_a_gets_404_on_a_non_public_measure_of_clinic_b(client, cast, measures):
    client.force_login(cast.editor_a)
    assert _add_update(client, measures.internal).status_code == 404


@pytest.mark.parametrize("progress", ["101", "-1", "viel"])
def test_progress_outside_0_to_100_is_rejected(client, cast, measures, progress):
    client.force_login(cast.editor_a)
    response = _add_update(client, measures.of_a, progress=progress)
    assert response.status_code == 200
    assert response.context["form"].errors["progress"]
    measures.of_a.refresh_from_db()
    assert measures.of_a.progress == 40
    assert not MeasureUpdate.objects.exists()


def test_office_rejects_progress_above_100_on_the_measure_form(client, cast, measures):
    client.force_login(cast.office)
    response = client.post(
        reverse("measures:edit", args=[measures.of_a.pk]),
        {
            "title": "Entlassmanagement",
            "handlungsfeld": cast.handlungsfeld.pk,
            "status": "laufend",
            "progress": "150",
        },
    )
    assert "progress" in response.context["form"].errors
    measures.of_a.refresh_from_db()
    assert measures.of_a.progress == 40


def test_editors_cannot_edit_the_measure_itself(client, cast, measures):
    client.force_login(cast.editor_a)
    url = reverse("measures:edit", args=[measures.of_a.pk])
    assert client.post(url, {"title": "Umbenannt"}).status_code == 403
    assert (
        client.get(reverse("measures:milestone_create", args=[measures.of_a.pk])).status_code == 403
    )


def test_anonymous_is_sent_to_login(client, measures):
    response = _add_update(client, measures.of_a)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_update_text_is_sanitised(client, cast, measures):
    client.force_login(cast.editor_a)
    client.post(
        reverse("measures:update_create", args=[measures.of_a.pk]),
        {"date": "2025-06-30", "text": "<script>alert(1)</script> **gut**"},
    )
    page = client.get(measures.of_a.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>gut</strong>" in page
