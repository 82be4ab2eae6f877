"""A measure's page: responsible organisations, milestones, decisions and timeline."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from bodies.models import Body, Decision, Meeting
from measures.models import MeasureUpdate, Milestone


def test_non_public_measure_is_404_for_anonymous_and_outsiders(client, cast, measures):
    url = reverse("measures:detail", args=[measures.internal.pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.editor_a)
    assert client.get(url).status_code == 404
    client.force_login(cast.editor_b)
    assert client.get(url).status_code == 200


def test_milestones_show_done_and_overdue(client, measures):
    today = timezone.localdate()
    Milestone.objects.create(
        measure=measures.of_a,
        title="Konzept",
        due=today - dt.timedelta(60),
        done=today - dt.timedelta(70),
    )
    Milestone.objects.create(measure=measures.of_a, title="Pilot", due=today - dt.timedelta(1))
    Milestone.objects.create(measure=measures.of_a, title="Rollout", due=today + dt.timedelta(90))
    page = client.get(reverse("measures:detail", args=[measures.of_a.pk])).content.decode()
    assert page.count("überfällig") == 1
    assert "erreicht am" in page
    assert 'class="overdue"' in page and 'class="done"' in page


def test_only_visible_decisions_are_linked(client, cast, measures):
    public_body = Body.objects.create(name="Konferenz", kind="gesundheitskonferenz")
    public = Meeting.objects.create(body=public_body, title="K", start=timezone.now())
    internal = Meeting.objects.create(body=cast.body, title="S", start=timezone.now())
    shown = Decision.objects.create(meeting=public, number="K-1", title="Öffentlich", text=".")
    hidden = Decision.objects.create(meeting=internal, number="S-1", title="Geheim", text=".")
    measures.of_a.decisions.add(shown, hidden)
    page = client.get(reverse("measures:detail", args=[measures.of_a.pk])).content.decode()
    assert shown.get_absolute_url() in page
    assert "Geheim" not in page
    client.force_login(cast.member)
    page = client.get(reverse("measures:detail", args=[measures.of_a.pk])).content.decode()
    assert hidden.get_absolute_url() in page


def test_timeline_shows_updates_newest_first(client, measures):
    MeasureUpdate.objects.create(measure=measures.of_a, date=dt.date(2025, 2, 1), text="Start")
    MeasureUpdate.objects.create(
        measure=measures.of_a, date=dt.date(2025, 5, 1), text="Pilot läuft", progress=40
    )
    response = client.get(reverse("measures:detail", args=[measures.of_a.pk]))
    assert [u.text for u in response.context["updates"]] == ["Pilot läuft", "Start"]
