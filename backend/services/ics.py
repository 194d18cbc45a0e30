"""An iCalendar (.ics) file for an appointment, so people can add it to their calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.models import Appointment, Center


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(
    *, appointment: Appointment, center: Center, summary: str, description: str,
    now: datetime,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Immigration services (sample)//Appointments//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{appointment.reference}@appointments.immigration.example",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(appointment.start)}",
        f"DTEND:{_stamp(appointment.end)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(f'{center.name_zh}, {center.address_zh} ({center.address_en})')}",
        f"DESCRIPTION:{_escape(description)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT2H",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
