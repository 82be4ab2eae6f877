"""Who sees which bodies, meetings, decisions, minutes and documents."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _get(client, name, *args):
    response = client.get(reverse(name, args=args))
    if response.streaming:  # a document: read it so that its file is closed
        b"".join(response.streaming_content)
    return response


def test_anonymous_sees_public_bodies_but_not_the_steuerungsgruppe(client, cast, meetings):
    page = _get(client, "bodies:list").content.decode()
    assert reverse("bodies:detail", args=[meetings.public_body.pk]) in page
    assert reverse("bodies:detail", args=[cast.body.pk]) not in page


@pytest.mark.parametrize("who", ["anonymous", "outsider", "editor_a"])
def test_it_hides_the_non_public_body_and_its_meetings(client, cast, meetings, who):
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    assert _get(client, "bodies:detail", cast.body.pk).status_code == 404
    assert _get(client, "bodies:meeting", meetings.internal_meeting.pk).status_code == 404
    assert _get(client, "bodies:document", meetings.secret_document.pk).status_code == 404
    assert _get(client, "bodies:meeting_ics", meetings.internal_meeting.pk).status_code == 404


def test_anonymous_sees_the_public_parts_of_a_public_meeting(client, meetings):
    response = _get(client, "bodies:meeting", meetings.public_meeting.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Begrüßung" in page
    assert f'id="beschluss-{meetings.public_decision.pk}"' in page
    assert "Gemeinsame Hygienefachkraft" in page
    assert "Öffentliches Protokoll der Konferenz" in page
    assert "Präsentation" in page
    assert "Personalfrage intern" not in page
    assert "Kostenaufstellung" not in page
    assert "meet.example.org" not in page  # online link only for members and office


def test_minutes_stay_hidden_until_released(client, meetings):
    meeting = meetings.public_meeting
    meeting.minutes_public = False
    meeting.save()
    page = _get(client, "bodies:meeting", meeting.pk).content.decode()
    assert "Öffentliches Protokoll der Konferenz" not in page


def test_member_sees_the_steuerungsgruppe_with_minutes_documents_and_decisions(
    client, cast, meetings
):
    client.force_login(cast.member)
    assert (
        reverse("bodies:detail", args=[cast.body.pk])
        in _get(client, "bodies:list").content.decode()
    )
    body_page = _get(client, "bodies:detail", cast.body.pk).content.decode()
    assert "Maria Mitglied" in body_page  # members see the names of their colleagues
    page = _get(client, "bodies:meeting", meetings.internal_meeting.pk).content.decode()
    assert "Vertrauliches Protokoll" in page
    assert "Budget 2026" in page
    assert "Budgetentwurf" in page
    assert _get(client, "bodies:document", meetings.secret_document.pk).status_code == 200


def test_member_does_not_see_internals_of_other_bodies(client, cast, meetings):
    client.force_login(cast.member)
    page = _get(client, "bodies:meeting", meetings.public_meeting.pk).content.decode()
    assert "Personalfrage intern" not in page
    assert "Kostenaufstellung" not in page
    assert "Einladung und Teilnahme" not in page


def test_former_member_loses_access(client, cast, meetings):
    import datetime as dt

    cast.body.members.update(ceased=dt.date(2024, 12, 31))
    client.force_login(cast.member)
    assert _get(client, "bodies:meeting", meetings.internal_meeting.pk).status_code == 404


def test_names_appear_publicly_only_with_consent(client, meetings):
    page = _get(client, "bodies:detail", meetings.public_body.pk).content.decode()
    assert "Petra Öffentlich" in page
    assert "Ulla Ungenannt" not in page
    assert "Name nicht veröffentlicht" in page
    assert "Klinik B" in page  # the organisation and position stay visible


def test_office_sees_everything_including_attendance_and_online_link(client, cast, meetings):
    client.force_login(cast.office)
    page = _get(client, "bodies:meeting", meetings.public_meeting.pk).content.decode()
    assert "Personalfrage intern" in page
    assert "Kostenaufstellung" in page
    assert "meet.example.org/konferenz" in page
    assert "Einladung und Teilnahme" in page
    assert (
        "Ulla Ungenannt" in _get(client, "bodies:detail", meetings.public_body.pk).content.decode()
    )


def test_a_non_public_meeting_of_a_public_body_is_hidden(client, meetings):
    meeting = meetings.public_meeting
    meeting.is_public = False
    meeting.save()
    assert _get(client, "bodies:meeting", meeting.pk).status_code == 404
    body_page = _get(client, "bodies:detail", meetings.public_body.pk).content.decode()
    assert "1. Gesundheitskonferenz" not in body_page
