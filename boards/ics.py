"""A meeting as an iCalendar file (RFC 5545): one VEVENT, written by hand because it is a few
lines (the `icalendar` library is not a dependency). Times in UTC; the UID is the meeting's own,
so a calendar that imports the file again updates the event instead of adding a second."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from boards.models import Meeting


def escape(text: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as
    \\n."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Content lines longer than 75 octets are folded (§3.1): CRLF then a space, never inside
    a UTF-8 character."""
    data = line.encode()
    parts, limit = [], 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: step back
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # the leading space of a continuation line is one octet
    parts.append(data)
    return "\r\n ".join(part.decode() for part in parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(*, meeting: Meeting, domain: str, url: str) -> str:
    """The meeting's calendar file. `domain` makes the UID globally unique; `url` is the
    meeting's page."""
    ends = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    where = meeting.location or "Online"
    if meeting.remote_link:
        where += f" (join remotely: {meeting.remote_link})"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//School improvement boards//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:board-meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}", f"DTEND:{_utc(ends)}",
        f"SUMMARY:{escape(f'{meeting.board.name} meeting')}",
        f"LOCATION:{escape(where)}",
        f"DESCRIPTION:{escape(f'The agenda and papers: {url}')}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
