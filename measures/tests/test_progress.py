"""Progress changes never get lost: each becomes a Sachstand of its own, the measure shows the
last one, and a form opened before a Sachstand came in does not put the old progress back
(finding E, concurrent progress updates)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from measures.models import Measure, MeasureUpdate


def _measure_form(measure, cast, **changes) -> dict:
    """The office's edit form as the page showed it (with the progress it showed then)."""
    data = {
        "title": measure.title,
        "handlungsfeld": cast.handlungsfeld.pk,
        "status": measure.status,
        "progress": str(measure.progress),
        "initial-progress": str(measure.progress),
        "responsible": [o.pk for o in measure.responsible.all()],
    }
    return {**data, **changes}


def _sachstand(client, measure, progress):
    url = reverse("measures:update_create", args=[measure.pk])
    return client.post(url, {"date": "2025-06-30", "text": "Stand", "progress": str(progress)})


def test_a_form_opened_before_a_sachstand_keeps_the_new_progress(client, cast, measures):
    measure = measures.of_a
    opened = _measure_form(measure, cast, title="Entlassmanagement 2.0")  # shows 40 %
    editor = Client()
    editor.force_login(cast.editor_a)
    _sachstand(editor, measure, 60)
    client.force_login(cast.office)
    assert client.post(reverse("measures:edit", args=[measure.pk]), opened).status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.progress) == ("Entlassmanagement 2.0", 60)


def test_the_office_setting_the_progress_records_a_sachstand(client, cast, measures):
    measure = measures.of_a
    client.force_login(cast.office)
    client.post(
        reverse("measures:edit", args=[measure.pk]), _measure_form(measure, cast, progress="70")
    )
    measure.refresh_from_db()
    assert measure.progress == 70
    (update,) = measure.updates.all()
    assert (update.progress, update.text, update.author) == (
        70,
        "Fortschritt auf 70 % gesetzt.",
        cast.office,
    )


def test_a_progress_sent_through_the_api_records_a_sachstand(cast, measures):
    api = APIClient()
    api.force_login(cast.office)
    url = f"/api/massnahmen/{measures.of_a.pk}/"
    assert api.patch(url, {"progress": 55}, format="json").status_code == 200
    assert api.patch(url, {"status": "abgeschlossen"}, format="json").status_code == 200
    measure = Measure.objects.get(pk=measures.of_a.pk)
    assert (measure.progress, measure.status) == (55, "abgeschlossen")
    assert list(measure.updates.values_list("progress", flat=True)) == [55]


def test_editing_or_deleting_the_newest_sachstand_moves_the_progress(client, cast, measures):
    measure = measures.of_a
    client.force_login(cast.office)
    _sachstand(client, measure, 50)
    _sachstand(client, measure, 80)
    newest = measure.updates.order_by("-pk").first()
    url = reverse("measures:update_edit", args=[newest.pk])
    client.post(url, {"date": "2025-06-30", "text": "korrigiert", "progress": "75"})
    measure.refresh_from_db()
    assert measure.progress == 75
    client.post(reverse("measures:update_delete", args=[newest.pk]))
    measure.refresh_from_db()
    assert measure.progress == 50


def _in_thread(work, barrier, errors):
    def run():
        try:
            barrier.wait()
            work()
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Parallele Schreibzugriffe brauchen PostgreSQL (zweiter Durchgang von scripts/test)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_through_form_and_api_all_land_once(cast):
    measure = Measure.objects.create(title="Telemedizin", handlungsfeld=cast.handlungsfeld)
    measure.responsible.add(cast.clinic_a)
    values = list(range(1, 17))  # eight through the page, eight through the API

    def by_form(progress):
        client = Client()
        client.force_login(cast.editor_a)
        assert _sachstand(client, measure, progress).status_code == 302

    def by_api(progress):
        api = APIClient()
        api.force_login(cast.office)
        url = f"/api/massnahmen/{measure.pk}/"
        assert api.patch(url, {"progress": progress}, format="json").status_code == 200

    barrier, errors = threading.Barrier(len(values)), []
    threads = [
        _in_thread(lambda p=p: (by_form if p % 2 else by_api)(p), barrier, errors) for p in values
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = MeasureUpdate.objects.filter(measure=measure).order_by("pk")
    assert sorted(rows.values_list("progress", flat=True)) == values  # each once, none lost
    measure.refresh_from_db()
    assert measure.progress == rows.last().progress  # the last to land counts
