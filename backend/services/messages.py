"""The texts of the SMS and e-mails about appointments, in the person's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from sqlmodel import Session

from backend.config import get_settings
from backend.i18n import N_, babel_locale, gettext
from backend.models import Account, Appointment, Center, Person
from backend.services import notifications, references
from backend.services.centers import SERVICE_NAMES


def _when(appointment: Appointment, center: Center, lang: str) -> str:
    """The visit's date and time in the center's time zone, written the reader's way."""
    local = appointment.start.astimezone(ZoneInfo(center.timezone))
    locale = babel_locale(lang)
    day = format_date(local, "full", locale=locale)
    return f"{day} {format_time(local, 'short', locale=locale)}"


def _facts(appointment: Appointment, center: Center, lang: str) -> dict[str, str]:
    zh = lang == "zh"
    return {
        "service": gettext(SERVICE_NAMES[appointment.service_code], lang),
        "center": center.name_zh if zh else center.name_en,
        "address": center.address_zh if zh else center.address_en,
        "when": _when(appointment, center, lang),
        "reference": references.display(appointment.reference),
    }


def appointment_booked(
    *, session: Session, appointment: Appointment, person: Person, actor: Account,
    center: Center, lang: str, changed: bool = False,
) -> None:
    """Confirm a new or changed appointment to the person (SMS) and the booker (e-mail)."""
    facts = _facts(appointment, center, lang)
    subject = gettext(N_("Appointment changed") if changed else N_("Appointment booked"), lang)
    body = gettext(
        N_("%(service)s at %(center)s, %(address)s, on %(when)s. Reference %(reference)s. "
           "Bring your passport."),
        lang,
    ) % facts
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject,
                       body=f"{subject}: {body}")
    if actor.person_id != person.id:
        body = gettext(N_("Booked for %(name)s: "), lang) % {"name": person.full_name} + body
    notifications.send(session=session, to=actor.email, channel="email", subject=subject,
                       body=body)


def appointment_cancelled(
    *, session: Session, appointment: Appointment, person: Person, lang: str
) -> None:
    center = session.get(Center, appointment.center_id)
    assert center is not None
    facts = _facts(appointment, center, lang)
    subject = gettext(N_("Appointment cancelled"), lang)
    body = gettext(
        N_("Your appointment %(reference)s for %(service)s on %(when)s is cancelled."), lang
    ) % facts
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject,
                       body=body)


def appointment_reminder(*, session: Session, appointment: Appointment, person: Person) -> None:
    """The day-before reminder (sent in English and Chinese: the SMS has no account locale)."""
    center = session.get(Center, appointment.center_id)
    assert center is not None
    texts = []
    for lang in ("en", "zh"):
        facts = _facts(appointment, center, lang)
        texts.append(gettext(
            N_("Reminder: %(service)s tomorrow, %(when)s, at %(center)s, %(address)s. "
               "Reference %(reference)s."),
            lang,
        ) % facts)
    notifications.send(session=session, to=person.phone, channel="sms",
                       subject=gettext(N_("Appointment reminder"), "en"), body="\n".join(texts))


def is_tomorrow(appointment: Appointment, now: datetime) -> bool:
    """Whether the appointment is on the next calendar day in the centers' time zone."""
    tz = ZoneInfo(get_settings().timezone)
    tomorrow = (now.astimezone(tz) + timedelta(days=1)).date()
    return appointment.start.astimezone(tz).date() == tomorrow
