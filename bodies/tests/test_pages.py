"""Every page of the app renders for the office (forms included)."""

from __future__ import annotations

from django.urls import reverse


def test_every_office_page_renders(client, cast, meetings):
    client.force_login(cast.office)
    body, meeting = meetings.public_body, meetings.public_meeting
    member = body.members.first()
    pages = [
        ("bodies:list", []),
        ("bodies:create", []),
        ("bodies:detail", [body.pk]),
        ("bodies:edit", [body.pk]),
        ("bodies:delete", [body.pk]),
        ("bodies:member_create", [body.pk]),
        ("bodies:member_edit", [member.pk]),
        ("bodies:member_delete", [member.pk]),
        ("bodies:meeting_create", [body.pk]),
        ("bodies:meeting", [meeting.pk]),
        ("bodies:meeting_edit", [meeting.pk]),
        ("bodies:meeting_delete", [meeting.pk]),
        ("bodies:meeting_agenda", [meeting.pk]),
        ("bodies:meeting_attendance", [meeting.pk]),
        ("bodies:meeting_minutes", [meeting.pk]),
        ("bodies:meeting_documents", [meeting.pk]),
        ("bodies:meeting_decisions", [meeting.pk]),
        ("bodies:decision_edit", [meetings.public_decision.pk]),
        ("bodies:decision_delete", [meetings.public_decision.pk]),
        ("bodies:document_delete", [meetings.public_document.pk]),
    ]
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response.content.decode().count("<h1") == 1, name


def test_attendance_form_labels_every_member(client, cast, meetings):
    client.force_login(cast.office)
    url = reverse("bodies:meeting_attendance", args=[meetings.public_meeting.pk])
    page = client.get(url).content.decode()
    for person in ("Petra Öffentlich (Klinikum A)", "Ulla Ungenannt (Klinik B)"):
        assert f">{person}:</label>" in page
