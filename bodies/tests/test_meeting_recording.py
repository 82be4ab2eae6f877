"""The office records a meeting step by step; the public pages show its public parts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bodies.models import Attendance, AttendanceStatus, Decision, Meeting
from measures.models import Measure
from registry.models import Person


def _agenda(*titles: str) -> dict:
    data = {
        "agenda-TOTAL_FORMS": str(len(titles)),
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
    }
    for i, title in enumerate(titles):
        data |= {
            f"agenda-{i}-number": str(i + 1),
            f"agenda-{i}-title": title,
            f"agenda-{i}-description": "",
        }
    return data


def test_office_records_a_meeting_with_agenda_attendance_decision_and_measure(
    client, cast, meetings
):
    body = meetings.public_body
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:meeting_create", args=[body.pk]),
        {
            "title": "2. Gesundheitskonferenz",
            "start": "2025-11-20T10:00",
            "end": "2025-11-20T15:00",
            "place": "Stadthalle Chemnitz",
            "is_public": "on",
        },
    )
    meeting = Meeting.objects.get(title="2. Gesundheitskonferenz")
    assert response.url == reverse("bodies:meeting_agenda", args=[meeting.pk])

    response = client.post(response.url, _agenda("Begrüßung", "Bericht der Geschäftsstelle"))
    assert response.url == reverse("bodies:meeting_attendance", args=[meeting.pk])
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Begrüßung",
        "Bericht der Geschäftsstelle",
    ]

    named = Person.objects.get(last_name="Öffentlich")
    guest = Person.objects.create(first_name="Gustav", last_name="Gast")
    response = client.post(
        response.url,
        {
            f"person_{named.pk}": AttendanceStatus.ANWESEND,
            "add_person": guest.pk,
            "add_status": AttendanceStatus.ZUGESAGT,
        },
    )
    assert response.url == reverse("bodies:meeting_minutes", args=[meeting.pk])
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person", "status"))
    assert statuses == {named.pk: "anwesend", guest.pk: "zugesagt"}

    response = client.post(
        response.url, {"minutes": "**Ergebnis:** einstimmig", "minutes_public": "on"}
    )
    assert response.url == reverse("bodies:meeting_documents", args=[meeting.pk])

    response = client.post(
        reverse("bodies:meeting_decisions", args=[meeting.pk]),
        {
            "number": "GK-2025-07",
            "title": "Telemedizin-Netz",
            "text": "Wird aufgebaut.",
            "is_public": "on",
        },
    )
    decision = Decision.objects.get(number="GK-2025-07")
    assert response.status_code == 302

    response = client.post(
        reverse("measures:create"),
        {
            "title": "Telemedizin-Netz aufbauen",
            "handlungsfeld": cast.handlungsfeld.pk,
            "status": "laufend",
            "progress": "25",
            "responsible": [cast.clinic_a.pk],
            "decisions": [decision.pk],
            "is_public": "on",
        },
    )
    measure = Measure.objects.get(title="Telemedizin-Netz aufbauen")
    assert response.url == measure.get_absolute_url()

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Bericht der Geschäftsstelle" in page
    assert "<strong>Ergebnis:</strong> einstimmig" in page
    assert f'id="beschluss-{decision.pk}"' in page
    assert measure.get_absolute_url() in page
    assert "Gustav Gast" not in page  # attendance is for members and the office
    measure_page = client.get(measure.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in measure_page
    assert "25 %" in measure_page


def test_the_decision_form_offers_to_create_a_measure_from_it(client, cast, meetings):
    client.force_login(cast.office)
    url = reverse("bodies:meeting_decisions", args=[meetings.public_meeting.pk])
    page = client.get(url).content.decode()
    assert f"{reverse('measures:create')}?beschluss={meetings.public_decision.pk}" in page
    form = client.get(reverse("measures:create"), {"beschluss": meetings.public_decision.pk})
    assert form.context["form"].initial["decisions"] == [meetings.public_decision.pk]


def test_agenda_rejects_the_same_number_twice(client, cast, meetings):
    client.force_login(cast.office)
    meeting = meetings.internal_meeting
    data = _agenda("Eins", "Zwei")
    data["agenda-1-number"] = "1"
    response = client.post(reverse("bodies:meeting_agenda", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert not meeting.agenda.exists()


def test_meeting_end_must_follow_its_start(client, cast, meetings):
    client.force_login(cast.office)
    response = client.post(
        reverse("bodies:meeting_create", args=[cast.body.pk]),
        {"title": "Falsch", "start": "2025-11-20T10:00", "end": "2025-11-20T09:00"},
    )
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()


@pytest.mark.parametrize("who", ["member", "editor_a", "outsider"])
def test_only_the_office_records_meetings(client, cast, meetings, who):
    client.force_login(getattr(cast, who))
    meeting = meetings.internal_meeting
    for name in (
        "bodies:meeting_edit",
        "bodies:meeting_agenda",
        "bodies:meeting_attendance",
        "bodies:meeting_minutes",
        "bodies:meeting_documents",
        "bodies:meeting_decisions",
        "bodies:meeting_delete",
    ):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 403, name
    response = client.post(
        reverse("bodies:meeting_minutes", args=[meeting.pk]), {"minutes": "überschrieben"}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes == "Vertrauliches Protokoll"


def test_anonymous_visitors_are_sent_to_the_login(client, meetings):
    response = client.get(reverse("bodies:meeting_create", args=[meetings.public_body.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_office_deletes_a_decision_after_confirming(client, cast, meetings):
    client.force_login(cast.office)
    url = reverse("bodies:decision_delete", args=[meetings.hidden_decision.pk])
    assert "Wirklich löschen?" in client.get(url).content.decode()
    client.post(url)
    assert not Decision.objects.filter(pk=meetings.hidden_decision.pk).exists()
