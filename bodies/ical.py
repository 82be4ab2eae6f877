"""iCalendar (RFC 5545) export of meetings, written by hand.

Only what calendar programs need: one VEVENT per meeting with UID, DTSTAMP, DTSTART/DTEND in
UTC, SUMMARY, LOCATION, URL and DESCRIPTION. Text values are escaped (section 3.3.11) and every
content line is folded at 75 octets (section 3.1); lines end with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

__all__ = ["calendar", "escape_text", "fold"]

_LIMIT = 75  # octets per content line, without the CRLF


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newlines.

    Examples
    --------
    >>> escape_text("Raum 1; Haus A, Chemnitz\nC:\\Ablage")
    'Raum 1\\; Haus A\\, Chemnitz\\nC:\\\\Ablage'
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets in UTF-8.

    Continuation lines begin with a space, which counts towards their 75 octets; a character
    is never split between lines.

    Examples
    --------
    >>> [len(part.encode()) for part in fold("X" * 160).split("\\r\\n")]
    [75, 75, 12]
    """
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _LIMIT:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting, url: str, host: str, internals: bool) -> list[str]:
    place = meeting.place
    description = [f"TOP {item.number}: {item.title}" for item in meeting.agenda.all()]
    if internals and meeting.online_link:
        place = ", ".join(p for p in (place, meeting.online_link) if p)
        description.append(f"Online: {meeting.online_link}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:sitzung-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(meeting.updated)}",
        f"DTSTART:{_utc(meeting.start)}",
        f"DTEND:{_utc(meeting.ends)}",
        f"SUMMARY:{escape_text(f'{meeting.body.name}: {meeting.title}')}",
    ]
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines.append(f"URL:{url}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    name: str,
    meetings: Iterable,
    *,
    url_for: Callable[[object], str],
    host: str,
    internals: Callable[[object], bool],
) -> str:
    """Return a VCALENDAR with one event per meeting.

    ``url_for`` gives the absolute address of a meeting's page; ``internals`` says whether the
    reader may see a meeting's online link.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gesundheitsregion//Netzwerkplattform//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, url_for(meeting), host, internals(meeting)))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
