"""Meeting mails: invitations with the calendar file, updates after a change, reminders and the
announcement of minutes; only to current members, each mail once, and never to those who
switched it off."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    BodyMember,
    MailPreference,
    Meeting,
    MeetingMail,
)
from registry.models import Person

MEMBER = "mitglied@example.org"  # the account of the cast's member
GUEST = "gast@example.org"  # a member without an account, mail from the registry


@pytest.fixture
def sitting(cast) -> Meeting:
    """A meeting of the non-public Steuerungsgruppe in a day, with members and outsiders."""
    guest = Person.objects.create(first_name="Gerd", last_name="Gast", email=GUEST)
    BodyMember.objects.create(body=cast.body, person=guest, appointed=dt.date(2024, 1, 1))
    gone = Person.objects.create(first_name="Fritz", last_name="Früh", email="frueh@example.org")
    BodyMember.objects.create(
        body=cast.body, person=gone, appointed=dt.date(2020, 1, 1), ceased=dt.date(2023, 1, 1)
    )
    Person.objects.create(first_name="Otto", last_name="Außen", email="aussen@example.org")
    other = Body.objects.create(name="AG Pflege", kind=BodyKind.ARBEITSGRUPPE)
    elsewhere = Person.objects.create(first_name="Anke", last_name="Anders", email="ag@example.org")
    BodyMember.objects.create(body=other, person=elsewhere)
    meeting = Meeting.objects.create(
        body=cast.body,
        title="Klausur",
        start=timezone.now() + dt.timedelta(days=1),
        place="Klinikum Chemnitz",
        online_link="https://meet.example.org/klausur",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Haushalt 2027")
    return meeting


def invite(client, cast, meeting):
    client.force_login(cast.office)
    return client.post(reverse("bodies:meeting_invite", args=[meeting.pk]), follow=True)


def _calendar(message) -> icalendar.Calendar:
    """The calendar file as it goes over the wire: one attachment, CRLF line ends."""
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "einladung.ics"
    assert part.get_param("method") == "REQUEST"
    content = part.get_payload(decode=True)
    assert content.count(b"\r\n") == content.count(b"\n") > 20
    return icalendar.Calendar.from_ical(content)


def _to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_the_office_invites_the_current_members_with_agenda_and_calendar(client, cast, sitting):
    response = invite(client, cast, sitting)
    assert "Einladung an 2 Mitglieder versendet." in response.content.decode()
    assert _to(mail.outbox) == [GUEST, MEMBER]
    message = next(m for m in mail.outbox if m.to == [MEMBER])
    assert message.subject == "Einladung: Steuerungsgruppe, Klausur"
    assert message.body.startswith("Guten Tag Maria Mitglied,\n")
    assert "TOP 1: Haushalt 2027" in message.body
    assert "Online: https://meet.example.org/klausur" in message.body  # members read it
    assert f"http://testserver{sitting.get_absolute_url()}" in message.body
    cal = _calendar(message)
    assert cal["METHOD"] == "REQUEST"
    (event,) = cal.events
    assert event["UID"] == f"sitzung-{sitting.pk}@testserver"
    assert event["SEQUENCE"] == 0
    assert event["ATTENDEE"] == f"mailto:{MEMBER}"
    assert "TOP 1: Haushalt 2027" in event["DESCRIPTION"]
    assert MeetingMail.objects.filter(meeting=sitting, kind="einladung").count() == 2
    invited = Attendance.objects.filter(meeting=sitting, invited_at__isnull=False)
    assert sorted(a.person.last_name for a in invited) == ["Gast", "Mitglied"]


def test_sending_again_without_a_change_sends_nothing(client, cast, sitting):
    invite(client, cast, sitting)
    mail.outbox.clear()
    response = invite(client, cast, sitting)
    assert mail.outbox == []
    assert "haben diese Fassung schon erhalten" in response.content.decode()


def test_after_a_change_the_members_get_an_update_with_a_higher_sequence(client, cast, sitting):
    invite(client, cast, sitting)
    mail.outbox.clear()
    sitting.start += dt.timedelta(hours=1)
    sitting.save()
    invite(client, cast, sitting)
    assert _to(mail.outbox) == [GUEST, MEMBER]
    message = mail.outbox[0]
    assert message.subject == "Geänderte Einladung: Steuerungsgruppe, Klausur"
    assert "hat sich geändert" in message.body
    (event,) = _calendar(message).events
    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"sitzung-{sitting.pk}@testserver"


def test_a_member_who_switched_invitations_off_gets_none(client, cast, sitting):
    MailPreference.objects.create(person=cast.member.person, invitations=False)
    invite(client, cast, sitting)
    assert _to(mail.outbox) == [GUEST]


def test_nobody_is_invited_to_a_meeting_that_has_begun(client, cast, sitting):
    sitting.start = timezone.now() - dt.timedelta(minutes=5)
    sitting.save()
    response = invite(client, cast, sitting)
    assert "Die Sitzung hat schon begonnen" in response.content.decode()
    assert "Einladung versenden" not in response.content.decode()
    assert mail.outbox == []


def test_only_the_office_sends_invitations(client, cast, sitting):
    url = reverse("bodies:meeting_invite", args=[sitting.pk])
    client.force_login(cast.member)
    assert client.post(url).status_code == 403
    client.force_login(cast.office)
    assert client.get(url).status_code == 405
    assert mail.outbox == []


def remind(*args: str) -> str:
    out = StringIO()
    call_command("sitzungen_erinnern", *args, stdout=out)
    return out.getvalue()


def test_members_are_reminded_once_per_meeting(client, cast, sitting):
    invite(client, cast, sitting)
    mail.outbox.clear()
    assert "Erinnerungen versendet: 2; schon erinnert: 0" in remind()
    assert _to(mail.outbox) == [GUEST, MEMBER]
    message = mail.outbox[0]
    assert message.subject == "Erinnerung: Steuerungsgruppe, Klausur"
    assert "TOP 1: Haushalt 2027" in message.body
    assert "http://127.0.0.1:8000/gremien/sitzungen/" in message.body  # SITE_URL
    mail.outbox.clear()
    assert "Erinnerungen versendet: 0; schon erinnert: 2" in remind()
    assert mail.outbox == []


def test_reminders_wait_until_the_meeting_is_near_enough(client, cast, sitting):
    sitting.start = timezone.now() + dt.timedelta(days=5)
    sitting.save()
    invite(client, cast, sitting)
    mail.outbox.clear()
    remind()
    assert mail.outbox == []  # default: two days ahead
    remind("--tage", "6", "--adresse", "https://netz.example.org")
    assert _to(mail.outbox) == [GUEST, MEMBER]
    assert "https://netz.example.org/gremien/sitzungen/" in mail.outbox[0].body


def test_no_reminder_for_meetings_without_invitation_or_for_those_who_opted_out(cast, sitting):
    remind()
    assert mail.outbox == []
    MeetingMail.objects.create(
        meeting=sitting, person=cast.member.person, kind="einladung", address=MEMBER
    )
    MailPreference.objects.create(person=cast.member.person, reminders=False)
    remind()
    assert _to(mail.outbox) == [GUEST]


def test_past_meetings_get_no_reminder(cast, sitting):
    sitting.start = timezone.now() - dt.timedelta(hours=1)
    sitting.save()
    MeetingMail.objects.create(
        meeting=sitting, person=cast.member.person, kind="einladung", address=MEMBER
    )
    remind()
    assert mail.outbox == []


def test_the_reminder_command_names_bad_options(db):
    with pytest.raises(CommandError, match="--tage 0"):
        remind("--tage", "0")
    with pytest.raises(CommandError, match="http:// oder https://"):
        remind("--adresse", "netz.example.org")


def publish_minutes(client, cast, meeting):
    client.force_login(cast.office)
    data = {"minutes": "Der Haushalt wurde beraten.", "minutes_public": "on"}
    return client.post(reverse("bodies:meeting_minutes", args=[meeting.pk]), data)


def test_published_minutes_are_announced_to_members_once(client, cast, sitting):
    publish_minutes(client, cast, sitting)
    assert _to(mail.outbox) == [GUEST, MEMBER]
    message = mail.outbox[0]
    assert message.subject == "Protokoll veröffentlicht: Steuerungsgruppe, Klausur"
    assert f"{sitting.get_absolute_url()}#protokoll" in message.body
    assert "Der Haushalt" not in message.body  # the minutes stay behind the login
    mail.outbox.clear()
    publish_minutes(client, cast, sitting)
    assert mail.outbox == []


def test_minutes_kept_unpublished_are_not_announced(client, cast, sitting):
    client.force_login(cast.office)
    data = {"minutes": "Entwurf"}
    client.post(reverse("bodies:meeting_minutes", args=[sitting.pk]), data)
    assert mail.outbox == []


def test_minutes_published_through_the_api_are_announced(cast, sitting):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(cast.office)
    data = {"minutes": "Protokoll", "minutes_public": True}
    assert api.patch(f"/api/sitzungen/{sitting.pk}/", data, format="json").status_code == 200
    assert _to(mail.outbox) == [GUEST, MEMBER]


def test_public_body_mails_go_to_its_members_only(client, cast, sitting):
    public = Body.objects.create(name="Konferenz", kind=BodyKind.GESUNDHEITSKONFERENZ)
    meeting = Meeting.objects.create(
        body=public, title="Konferenz", start=timezone.now() + dt.timedelta(days=1)
    )
    invite(client, cast, meeting)
    assert mail.outbox == []  # nobody is a member
    BodyMember.objects.create(body=public, person=Person.objects.get(last_name="Gast"))
    invite(client, cast, meeting)
    assert _to(mail.outbox) == [GUEST]


def test_the_link_in_a_mail_unsubscribes_without_login(client, cast, sitting):
    invite(client, cast, sitting)
    message = next(m for m in mail.outbox if m.to == [GUEST])
    link = next(
        line.split(": ", 1)[1]
        for line in message.body.splitlines()
        if line.startswith("Alle Sitzungs-E-Mails abbestellen:")
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    client.logout()
    path = link.removeprefix("http://testserver")
    assert "abbestellen" in client.get(path).content.decode()
    assert client.post(path).status_code == 200
    preference = MailPreference.objects.get(person__last_name="Gast")
    assert not (preference.invitations or preference.reminders or preference.minutes)
    mail.outbox.clear()
    publish_minutes(client, cast, sitting)
    assert _to(mail.outbox) == [MEMBER]


def test_a_forged_unsubscribe_link_is_404(client, sitting):
    assert client.post("/gremien/benachrichtigungen/abbestellen/1:falsch/").status_code == 404


def test_a_member_switches_reminders_off_on_the_notifications_page(client, cast, sitting):
    url = reverse("bodies:notifications")
    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert "Erinnerungen vor einer Sitzung" in page
    client.post(url, {"invitations": "on", "minutes": "on"})
    preference = MailPreference.objects.get(person=cast.member.person)
    assert (preference.invitations, preference.reminders, preference.minutes) == (
        True,
        False,
        True,
    )


def test_the_notifications_page_needs_a_login_and_explains_a_missing_person(client, cast):
    url = reverse("bodies:notifications")
    assert client.get(url).status_code == 302
    client.force_login(cast.outsider)
    assert "keiner Person im Partnerverzeichnis" in client.get(url).content.decode()
