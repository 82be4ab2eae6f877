"""iCal export: RFC 5545 escaping and folding, and only meetings the reader may see.

``icalendar`` is not installed, so the test unfolds and unescapes by hand (RFC 5545 3.1 and
3.3.11) and compares with values worked out from the meeting.
"""

from __future__ import annotations

import re

from django.urls import reverse

from bodies import ical


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    physical = text[:-2].split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    return text[:-2].replace("\r\n ", "").split("\r\n")


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in _lines(text):
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def test_escape_text_escapes_backslash_semicolon_comma_and_newline():
    assert ical.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_keeps_lines_within_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Äöü" * 40  # two octets per umlaut
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_fold_leaves_short_lines_alone():
    assert ical.fold("VERSION:2.0") == "VERSION:2.0"


def test_meeting_export_parses_with_escaped_and_folded_values(client, meetings):
    meeting = meetings.public_meeting
    meeting.title = (
        "Konferenz zu Versorgung, Pflege; Prävention und Weiterbildung in Südwestsachsen"
    )
    meeting.place = "Rathaus, Saal 1; Markt 1, 09111 Chemnitz"
    meeting.save()
    response = client.get(reverse("bodies:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert "\r\n " in text  # the long summary was folded
    lines = _lines(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    (event,) = _events(text)
    assert event["UID"] == f"sitzung-{meeting.pk}@testserver"
    assert event["DTSTART"] == "20250305T130000Z"  # 14:00 in Berlin (CET) is 13:00 UTC
    assert event["DTEND"] == "20250305T150000Z"  # no end given: two hours
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert _unescape(event["SUMMARY"]) == f"Gesundheitskonferenz: {meeting.title}"
    assert event["LOCATION"] == "Rathaus\\, Saal 1\\; Markt 1\\, 09111 Chemnitz"
    assert event["URL"] == f"http://testserver{meeting.get_absolute_url()}"
    assert _unescape(event["DESCRIPTION"]) == "TOP 1: Begrüßung"
    assert "meet.example.org" not in text  # online link only for members and office


def test_feed_shows_non_public_meetings_only_to_members(client, cast, meetings):
    url = reverse("bodies:feed_ics")
    titles = {e["SUMMARY"] for e in _events(client.get(url).content.decode())}
    assert titles == {"Gesundheitskonferenz: 1. Gesundheitskonferenz"}
    client.force_login(cast.member)
    titles = {e["SUMMARY"] for e in _events(client.get(url).content.decode())}
    assert "Steuerungsgruppe: Klausur der Steuerungsgruppe" in titles


def test_body_feed_of_the_steuerungsgruppe_is_404_for_outsiders(client, cast, meetings):
    client.force_login(cast.outsider)
    assert client.get(reverse("bodies:body_ics", args=[cast.body.pk])).status_code == 404


def test_members_get_the_online_link_in_the_calendar(client, cast, meetings):
    meeting = meetings.internal_meeting
    meeting.online_link = "https://meet.example.org/klausur"
    meeting.save()
    client.force_login(cast.member)
    response = client.get(reverse("bodies:body_ics", args=[cast.body.pk]))
    (event,) = _events(response.content.decode())
    assert "https://meet.example.org/klausur" in _unescape(event["DESCRIPTION"])
