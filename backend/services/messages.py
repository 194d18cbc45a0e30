"""The texts of the SMS and e-mails about appointments, in the person's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from sqlmodel import Session, select

from backend.config import get_settings
from backend.i18n import N_, babel_locale, gettext
from backend.models import Account, Appointment, Center, Closure, Person
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


def _own_account(session: Session, person: Person) -> Account | None:
    return session.exec(select(Account).where(Account.person_id == person.id)).first()


def _sms_lang(session: Session, person: Person, actor: Account | None, lang: str) -> str:
    """The language of an SMS to `person`: the request's when they act themselves, else their
    account's (a helper may use another language), else the request's."""
    if actor is not None and actor.person_id == person.id:
        return lang
    own = _own_account(session, person)
    return own.locale if own is not None else lang


def appointment_booked(
    *, session: Session, appointment: Appointment, person: Person, actor: Account,
    center: Center, lang: str, changed: bool = False,
) -> None:
    """Confirm a new or changed appointment to the person (SMS) and the booker (e-mail)."""
    def texts(lang: str) -> tuple[str, str]:
        subject = gettext(N_("Appointment changed") if changed else N_("Appointment booked"),
                          lang)
        body = gettext(
            N_("%(service)s at %(center)s, %(address)s, on %(when)s. Reference %(reference)s. "
               "Bring your passport."),
            lang,
        ) % _facts(appointment, center, lang)
        return subject, body

    subject, body = texts(_sms_lang(session, person, actor, lang))
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject,
                       body=f"{subject}: {body}")
    subject, body = texts(lang)
    if actor.person_id != person.id:
        body = gettext(N_("Booked for %(name)s: "), lang) % {"name": person.full_name} + body
    notifications.send(session=session, to=actor.email, channel="email", subject=subject,
                       body=body)


def appointment_cancelled(
    *, session: Session, appointment: Appointment, person: Person, lang: str,
    actor: Account | None = None,
) -> None:
    center = session.get(Center, appointment.center_id)
    assert center is not None
    lang = _sms_lang(session, person, actor, lang)
    facts = _facts(appointment, center, lang)
    subject = gettext(N_("Appointment cancelled"), lang)
    body = gettext(
        N_("Your appointment %(reference)s for %(service)s on %(when)s is cancelled."), lang
    ) % facts
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject,
                       body=body)


def appointment_reminder(*, session: Session, appointment: Appointment, person: Person) -> None:
    """The day-before reminder, in the language of the person's account; in English and
    Chinese when they have no account (no language is known)."""
    center = session.get(Center, appointment.center_id)
    assert center is not None
    own = _own_account(session, person)
    langs = [own.locale] if own is not None else ["en", "zh"]
    texts = []
    for lang in langs:
        facts = _facts(appointment, center, lang)
        texts.append(gettext(
            N_("Reminder: %(service)s tomorrow, %(when)s, at %(center)s, %(address)s. "
               "Reference %(reference)s."),
            lang,
        ) % facts)
    notifications.send(session=session, to=person.phone, channel="sms",
                       subject=gettext(N_("Appointment reminder"), langs[0]),
                       body="\n".join(texts))


def _closed_text(
    appointment: Appointment, center: Center, closure: Closure, lang: str
) -> str:
    facts = _facts(appointment, center, lang)
    if closure.reason:
        text = gettext(
            N_("%(center)s is closed at the time of your appointment %(reference)s for "
               "%(service)s on %(when)s (%(reason)s)."), lang,
        ) % {**facts, "reason": closure.reason}
    else:
        text = gettext(
            N_("%(center)s is closed at the time of your appointment %(reference)s for "
               "%(service)s on %(when)s."), lang,
        ) % facts
    advice = gettext(
        N_("Please choose another time in the app under My appointments. This change does not "
           "count against your changes."), lang,
    )
    return f"{text} {advice}"


def center_closed(
    *, session: Session, appointment: Appointment, person: Person, booker: Account,
    center: Center, closure: Closure,
) -> None:
    """Tell the applicant (SMS) and whoever booked (e-mail) that the center will be closed."""
    own = session.exec(select(Account).where(Account.person_id == person.id)).first()
    subject_en = gettext(N_("Service center closed"), "en")
    if own is not None:
        sms = _closed_text(appointment, center, closure, own.locale)
    else:
        # No account, so no known language: English and Chinese, as the reminders.
        sms = "\n".join(_closed_text(appointment, center, closure, lang) for lang in ("en", "zh"))
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject_en,
                       body=sms)
    body = _closed_text(appointment, center, closure, booker.locale)
    if booker.person_id != person.id:
        body = gettext(N_("Booked for %(name)s: "), booker.locale) % {
            "name": person.full_name} + body
    notifications.send(session=session, to=booker.email, channel="email",
                       subject=gettext(N_("Service center closed"), booker.locale), body=body)


def is_tomorrow(appointment: Appointment, now: datetime) -> bool:
    """Whether the appointment is on the next calendar day in the centers' time zone."""
    tz = ZoneInfo(get_settings().timezone)
    tomorrow = (now.astimezone(tz) + timedelta(days=1)).date()
    return appointment.start.astimezone(tz).date() == tomorrow
