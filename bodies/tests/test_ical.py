"""Calendar files of meetings, parsed back with the ``icalendar`` package: local time with the
Berlin VTIMEZONE, identity and version of each entry, and only what the reader may see."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.urls import reverse

from bodies import ical
from bodies.models import AgendaItem
from bodies.tests.conftest import berlin


def _parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _offset(zone: icalendar.Timezone, when: dt.datetime) -> dt.timedelta:
    return zone.to_tz().utcoffset(when)


def test_a_meeting_file_has_local_times_identity_and_agenda(client, meetings):
    meeting = meetings.public_meeting
    meeting.title = (
        "Konferenz zu Versorgung, Pflege; Prävention und Weiterbildung in Südwestsachsen"
    )
    meeting.place = "Rathaus, Saal 1; Markt 1, 09111 Chemnitz"
    meeting.save()
    response = client.get(reverse("bodies:meeting_ics", args=[meeting.pk]))
    cal = _parse(response)
    assert cal["METHOD"] == "PUBLISH" and cal["VERSION"] == "2.0"
    (event,) = cal.events
    assert event["UID"] == f"sitzung-{meeting.pk}@testserver"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2025, 3, 5, 14, 0, tzinfo=ical.BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") - start == dt.timedelta(hours=2)  # no end given
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert event["SUMMARY"] == f"Gesundheitskonferenz: {meeting.title}"
    assert event["LOCATION"] == "Rathaus, Saal 1; Markt 1, 09111 Chemnitz"
    assert event["URL"] == f"http://testserver{meeting.get_absolute_url()}"
    assert event["DESCRIPTION"] == "Tagesordnung:\nTOP 1: Begrüßung"
    assert event["SEQUENCE"] == 1  # the title and the place changed once
    assert b"meet.example.org" not in response.content  # online link: members and office


def test_the_berlin_time_zone_knows_winter_and_summer_time(client, meetings):
    cal = _parse(client.get(reverse("bodies:meeting_ics", args=[meetings.public_meeting.pk])))
    (zone,) = cal.timezones
    assert zone["TZID"] == "Europe/Berlin"
    assert _offset(zone, dt.datetime(2026, 1, 15, 12)) == dt.timedelta(hours=1)
    assert _offset(zone, dt.datetime(2026, 7, 15, 12)) == dt.timedelta(hours=2)
    # 29 March 2026 is the last Sunday of March: summer time from 02:00 (becomes 03:00).
    assert _offset(zone, dt.datetime(2026, 3, 29, 1, 30)) == dt.timedelta(hours=1)
    assert _offset(zone, dt.datetime(2026, 3, 29, 3, 30)) == dt.timedelta(hours=2)


def test_a_summer_meeting_keeps_its_local_time(client, meetings):
    meeting = meetings.public_meeting
    meeting.start = berlin(2026, 7, 1, 13)  # fixed +01:00, i.e. 14:00 summer time
    meeting.save()
    (event,) = _parse(client.get(reverse("bodies:meeting_ics", args=[meeting.pk]))).events
    start = event.decoded("DTSTART")
    assert (start.hour, start.utcoffset()) == (14, dt.timedelta(hours=2))


def test_sequence_rises_with_changes_of_time_place_or_agenda(client, cast, meetings):
    meeting = meetings.internal_meeting
    assert meeting.sequence == 0
    meeting.minutes = "Neu"
    meeting.save()
    assert meeting.sequence == 0  # the minutes are no part of the calendar entry
    meeting.start = berlin(2025, 4, 1, 10, 0)
    meeting.save()
    assert meeting.sequence == 1
    client.force_login(cast.office)
    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-number": "1",
        "agenda-0-title": "Haushalt",
    }
    client.post(reverse("bodies:meeting_agenda", args=[meeting.pk]), data)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    meeting.refresh_from_db()
    assert meeting.sequence == 2


def test_feed_shows_non_public_meetings_only_to_members(client, cast, meetings):
    url = reverse("bodies:feed_ics")
    summaries = {str(e["SUMMARY"]) for e in _parse(client.get(url)).events}
    assert summaries == {"Gesundheitskonferenz: 1. Gesundheitskonferenz"}
    client.force_login(cast.member)
    summaries = {str(e["SUMMARY"]) for e in _parse(client.get(url)).events}
    assert "Steuerungsgruppe: Klausur der Steuerungsgruppe" in summaries


def test_body_feed_of_the_steuerungsgruppe_is_404_for_outsiders(client, cast, meetings):
    client.force_login(cast.outsider)
    assert client.get(reverse("bodies:body_ics", args=[cast.body.pk])).status_code == 404


def test_members_get_the_online_link_in_the_calendar(client, cast, meetings):
    meeting = meetings.internal_meeting
    meeting.online_link = "https://meet.example.org/klausur"
    meeting.save()
    client.force_login(cast.member)
    (event,) = _parse(client.get(reverse("bodies:body_ics", args=[cast.body.pk]))).events
    assert "Online: https://meet.example.org/klausur" in event["DESCRIPTION"]
    assert event["LOCATION"] == "Klinikum Chemnitz, https://meet.example.org/klausur"


def test_an_invitation_is_a_request_to_one_attendee(cast, meetings):
    meeting = meetings.internal_meeting
    text = ical.invitation(
        meeting,
        url="https://example.org/s/1",
        host="example.org",
        organizer="gs@example.org",
        attendee="maria@example.org",
        attendee_name="Maria Mitglied",
    )
    cal = icalendar.Calendar.from_ical(text)
    assert cal["METHOD"] == "REQUEST"
    (event,) = cal.events
    assert event["UID"] == f"sitzung-{meeting.pk}@example.org"
    assert event["ORGANIZER"] == "mailto:gs@example.org"
    attendee = event["ATTENDEE"]
    assert attendee == "mailto:maria@example.org"
    assert attendee.params["CN"] == "Maria Mitglied"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
