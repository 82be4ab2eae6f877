"""iCalendar (RFC 5545) files of meetings, written with the ``icalendar`` package.

Times are given in Europe/Berlin with the zone's VTIMEZONE, so calendar programs show the
meeting at its local time also across the change to summer time. Feeds are published
(``METHOD:PUBLISH``); an invitation is a request to one attendee (``METHOD:REQUEST``, RFC 5546)
that calendar programs update in place: same ``UID``, higher ``SEQUENCE`` after a change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    import icalendar

__all__ = ["BERLIN", "calendar", "description", "invitation", "uid"]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
PRODID = "-//Gesundheitsregion//Netzwerkplattform//DE"


def uid(meeting, host: str) -> str:
    """The meeting's identity in every calendar file, feed or invitation alike."""
    return f"sitzung-{meeting.pk}@{host}"


def description(meeting, *, internals: bool) -> str:
    """Agenda and, for those who may read it, the online link."""
    lines = []
    agenda = list(meeting.agenda.all())
    if agenda:
        lines.append("Tagesordnung:")
        lines.extend(f"TOP {item.number}: {item.title}" for item in agenda)
    if internals and meeting.online_link:
        lines.append(f"Online: {meeting.online_link}")
    return "\n".join(lines)


def _berlin_timezone() -> icalendar.Timezone:
    """VTIMEZONE of Europe/Berlin under the EU rule in force since 1996: summer time from the
    last Sunday of March, 02:00, to the last Sunday of October, 03:00."""
    import icalendar

    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Berlin")
    for part, start, month, before, after, name in (
        (icalendar.TimezoneDaylight(), dt.datetime(1996, 3, 31, 2), 3, 1, 2, "CEST"),
        (icalendar.TimezoneStandard(), dt.datetime(1996, 10, 27, 3), 10, 2, 1, "CET"),
    ):
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def _calendar(method: str, name: str | None = None) -> icalendar.Calendar:
    # Imported here: the package takes a fifth of a second, which every start of the
    # platform would pay for a file few requests ask for.
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Berlin")
    cal.add_component(_berlin_timezone())
    return cal


def _event(meeting, *, url: str, host: str, internals: bool, stamp: dt.datetime):
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid(meeting, host))
    # DTSTAMP: when this file was made (RFC 5545 3.8.7.2, calendars with a METHOD).
    event.add("dtstamp", stamp)
    event.add("created", meeting.created.astimezone(dt.UTC))
    event.add("last-modified", meeting.updated.astimezone(dt.UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.start.astimezone(BERLIN))
    event.add("dtend", meeting.ends.astimezone(BERLIN))
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    place = ", ".join(p for p in (meeting.place, internals and meeting.online_link) if p)
    if place:
        event.add("location", place)
    event.add("url", url)
    text = description(meeting, internals=internals)
    if text:
        event.add("description", text)
    return event


def calendar(
    name: str,
    meetings: Iterable,
    *,
    url_for: Callable[[object], str],
    host: str,
    internals: Callable[[object], bool],
) -> bytes:
    """A published calendar (``METHOD:PUBLISH``) with one event per meeting.

    ``url_for`` gives the absolute address of a meeting's page; ``internals`` says whether the
    reader may see a meeting's online link.
    """
    cal = _calendar("PUBLISH", name)
    stamp = timezone.now().astimezone(dt.UTC)
    for meeting in meetings:
        cal.add_component(
            _event(
                meeting, url=url_for(meeting), host=host, internals=internals(meeting), stamp=stamp
            )
        )
    return cal.to_ical()


def invitation(
    meeting, *, url: str, host: str, organizer: str, attendee: str, attendee_name: str
) -> bytes:
    """The invitation of one member (``METHOD:REQUEST``) with organizer and attendee.

    Members read a meeting's internals, so the online link is part of it.
    """
    cal = _calendar("REQUEST")
    event = _event(
        meeting, url=url, host=host, internals=True, stamp=timezone.now().astimezone(dt.UTC)
    )
    event.add("status", "CONFIRMED")
    event.add("organizer", f"mailto:{organizer}", parameters={"cn": "Geschäftsstelle"})
    event.add(
        "attendee",
        f"mailto:{attendee}",
        parameters={
            "cn": attendee_name,
            "role": "REQ-PARTICIPANT",
            "partstat": "NEEDS-ACTION",
            "rsvp": "FALSE",
        },
    )
    cal.add_component(event)
    return cal.to_ical()
