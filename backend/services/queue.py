"""The day at a center: check-in with a queue number, calling the next number, served and
no-show, and the day's list for the counter staff.

Queue numbers carry a letter per service (A023 is the 23rd visa extension of the day) and
are unique per center and day twice over: each is drawn by an atomic `last = last + 1` on the
day's counter row inside the check-in's transaction, and the appointment table has a unique
constraint on (center, day, number). State changes are conditional UPDATEs on the state read,
so two kiosks or two counters acting at once never both win.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from sqlalchemy import func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import one_writer
from backend.errors import DomainError
from backend.i18n import N_, babel_locale, gettext
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Center,
    QueueCounter,
    ServiceCode,
    utcnow,
)
from backend.services import audit, references

A = AppointmentStatus
PREFIXES: dict[ServiceCode, str] = {
    ServiceCode.visa_extension: "A",
    ServiceCode.visa_renewal: "B",
    ServiceCode.visa_reissue: "C",
    ServiceCode.stay_permit: "D",
    ServiceCode.residence_permit: "E",
}
STATUS_WORDS: dict[AppointmentStatus, str] = {
    A.booked: N_("booked"),
    A.cancelled: N_("cancelled"),
    A.checked_in: N_("checked in"),
    A.called: N_("called"),
    A.served: N_("served"),
    A.no_show: N_("a no-show"),
}
WAITING = (A.checked_in, A.called)


def status_word(status: AppointmentStatus, lang: str) -> str:
    return gettext(STATUS_WORDS[status], lang)


def reference_from_scan(text: str) -> str:
    """The reference in what a person typed or a scanner read (a bare code or the end of a
    link or label, e.g. "ref:K7QM-2XA9"), normalised as stored."""
    last = re.split(r"[/:=?#&]", text.strip())[-1]
    return references.normalise(last)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of `day` and of the next, in UTC, for a center in `tz`."""
    first = datetime.combine(day, time(0), tzinfo=tz)
    return first.astimezone(UTC), (first + timedelta(days=1)).astimezone(UTC)


def clock(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """A time of day on the 24-hour clock, as the app shows times: "08:30"."""
    return format_skeleton("Hm", moment.astimezone(tz), tzinfo=tz, locale=babel_locale(lang))


def _when(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    local = moment.astimezone(tz)
    return f"{format_date(local, 'full', locale=babel_locale(lang))} {clock(moment, tz, lang)}"


def _draw_number(session: Session, center_id: int, day: date, prefix: str) -> int:
    """The next number of `prefix` at the center on `day` (inside the caller's transaction)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(QueueCounter)
        .values(center_id=center_id, day=day, prefix=prefix, last=0)
        .on_conflict_do_nothing(index_elements=["center_id", "day", "prefix"])
    )
    where = (
        col(QueueCounter.center_id) == center_id,
        col(QueueCounter.day) == day,
        col(QueueCounter.prefix) == prefix,
    )
    # The UPDATE holds the row until commit: a concurrent check-in waits, then counts on.
    session.execute(update(QueueCounter).where(*where).values(last=QueueCounter.last + 1))
    return int(session.exec(select(QueueCounter.last).where(*where)).one())


def check_in(
    *, session: Session, center_id: int, reference: str, lang: str = "en",
    now: datetime | None = None, at_desk: bool = False, actor: Account | None = None,
) -> tuple[Appointment, bool]:
    """Check in today's appointment `reference` at the center; gives it a queue number.

    At a kiosk only from `checkin_open_minutes` before the start to `checkin_close_minutes`
    after it; staff at the desk may check in at any time of the day. Returns the appointment
    and whether it had been checked in before (the same number is shown again).
    """
    now = now or utcnow()
    settings = get_settings()
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    tz = ZoneInfo(center.timezone)
    appointment = _find(session, reference)
    if appointment is None:
        raise DomainError("checkin_unknown")
    if appointment.center_id != center_id and appointment.status in (A.booked, *WAITING):
        other = session.get(Center, appointment.center_id)
        assert other is not None
        raise DomainError(
            "checkin_wrong_center", center=other.name_zh if lang == "zh" else other.name_en,
            when=_when(appointment.start, ZoneInfo(other.timezone), lang),
        )
    if appointment.status in WAITING:
        return appointment, True
    if appointment.status != A.booked:
        raise DomainError("checkin_not_active")
    today = local_day(now, tz)
    if local_day(appointment.start, tz) != today:
        raise DomainError("checkin_wrong_day", when=_when(appointment.start, tz, lang))
    if appointment.closure_id is not None:
        raise DomainError("checkin_center_closed")
    if not at_desk:
        opens = appointment.start - timedelta(minutes=settings.checkin_open_minutes)
        closes = appointment.start + timedelta(minutes=settings.checkin_close_minutes)
        if now < opens:
            raise DomainError(
                "checkin_too_early", minutes=settings.checkin_open_minutes,
                time=clock(opens, tz, lang),
            )
        if now > closes:
            raise DomainError("checkin_too_late", minutes=settings.checkin_close_minutes)
    with one_writer(session):
        claimed = session.execute(
            update(Appointment)
            .where(col(Appointment.id) == appointment.id,
                   col(Appointment.status) == A.booked,
                   col(Appointment.closure_id).is_(None))
            .values(status=A.checked_in, checked_in_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            # Checked in a moment ago by another kiosk (or cancelled meanwhile).
            session.rollback()
            session.refresh(appointment)
            if appointment.status in WAITING and appointment.queue_number:
                return appointment, True
            raise DomainError("checkin_not_active")
        prefix = PREFIXES[appointment.service_code]
        number = _draw_number(session, center_id, today, prefix)
        session.execute(
            update(Appointment)
            .where(col(Appointment.id) == appointment.id)
            .values(queue_number=f"{prefix}{number:03d}", queue_day=today)
        )
        audit.record(
            session=session, action="appointment.check_in",
            actor_account_id=actor.id if actor else None,
            subject_person_id=appointment.person_id, reference=appointment.reference,
            where="desk" if at_desk else "kiosk",
        )
        session.commit()
    session.refresh(appointment)
    return appointment, False


def _find(session: Session, reference: str) -> Appointment | None:
    ref = reference_from_scan(reference)
    if not references.is_valid(ref):
        return None
    return session.exec(select(Appointment).where(Appointment.reference == ref)).first()


def waiting_before(*, session: Session, appointment: Appointment) -> int:
    """People of the same service at the center who checked in earlier and wait still."""
    if appointment.checked_in_at is None:
        return 0
    return int(session.exec(
        select(func.count()).select_from(Appointment).where(
            Appointment.center_id == appointment.center_id,
            Appointment.queue_day == appointment.queue_day,
            Appointment.service_code == appointment.service_code,
            Appointment.status == A.checked_in,
            col(Appointment.checked_in_at) < appointment.checked_in_at,
        )
    ).one())


def day_list(*, session: Session, center: Center, day: date) -> list[Appointment]:
    """The center's appointments of `day` (not the cancelled ones), by time and number."""
    first, last = day_bounds(day, ZoneInfo(center.timezone))
    return list(session.exec(
        select(Appointment)
        .where(
            Appointment.center_id == center.id,
            col(Appointment.start) >= first,
            col(Appointment.start) < last,
            Appointment.status != A.cancelled,
        )
        .order_by(col(Appointment.start), col(Appointment.queue_number), col(Appointment.id))
    ).all())


def _move(
    session: Session, appointment: Appointment, expected: AppointmentStatus, **values: Any
) -> bool:
    """Change the appointment if it is still in the `expected` state (conditional UPDATE)."""
    done = session.execute(
        update(Appointment)
        .where(col(Appointment.id) == appointment.id, col(Appointment.status) == expected)
        .values(**values)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def call_next(
    *, session: Session, staff: Account, center: Center, service: ServiceCode | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Call whoever has waited longest (of `service`, if given) to the counter."""
    now = now or utcnow()
    today = local_day(now, ZoneInfo(center.timezone))
    for _attempt in range(10):
        query = select(Appointment).where(
            Appointment.center_id == center.id,
            Appointment.queue_day == today,
            Appointment.status == A.checked_in,
        )
        if service is not None:
            query = query.where(Appointment.service_code == service)
        candidate = session.exec(
            query.order_by(col(Appointment.checked_in_at), col(Appointment.id)).limit(1)
        ).first()
        if candidate is None:
            raise DomainError("queue_empty")
        with one_writer(session):
            if _move(session, candidate, A.checked_in, status=A.called, called_at=now):
                audit.record(
                    session=session, action="appointment.call", actor_account_id=staff.id,
                    subject_person_id=candidate.person_id, reference=candidate.reference,
                )
                session.commit()
                session.refresh(candidate)
                return candidate
            session.rollback()  # another counter called this one first: take the next
    raise DomainError("queue_empty")


def find_at(*, session: Session, center: Center, reference: str) -> Appointment:
    """The appointment `reference` of this center; 404 for unknown and other centers' alike."""
    appointment = _find(session, reference)
    if appointment is None or appointment.center_id != center.id:
        raise DomainError("not_found")
    return appointment


def mark_served(
    *, session: Session, staff: Account, center: Center, reference: str, lang: str = "en",
    now: datetime | None = None,
) -> Appointment:
    """The visit took place (from checked in or called)."""
    now = now or utcnow()
    appointment = find_at(session=session, center=center, reference=reference)
    if appointment.status not in WAITING:
        raise DomainError("wrong_state", status=status_word(appointment.status, lang))
    return _finish(session, staff, appointment, A.served, now, lang)


def mark_no_show(
    *, session: Session, staff: Account, center: Center, reference: str, lang: str = "en",
    now: datetime | None = None,
) -> Appointment:
    """The person did not come: after the check-in window closed, or when called in vain."""
    now = now or utcnow()
    appointment = find_at(session=session, center=center, reference=reference)
    if appointment.status not in (A.booked, *WAITING):
        raise DomainError("wrong_state", status=status_word(appointment.status, lang))
    if appointment.status == A.booked:
        closes = appointment.start + timedelta(minutes=get_settings().checkin_close_minutes)
        if now <= closes:
            raise DomainError(
                "no_show_too_early",
                time=clock(closes, ZoneInfo(center.timezone), lang),
            )
    return _finish(session, staff, appointment, A.no_show, now, lang)


def _finish(
    session: Session, staff: Account, appointment: Appointment, outcome: AppointmentStatus,
    now: datetime, lang: str,
) -> Appointment:
    with one_writer(session):
        if not _move(session, appointment, appointment.status, status=outcome, done_at=now):
            session.rollback()
            session.refresh(appointment)
            raise DomainError("wrong_state", status=status_word(appointment.status, lang))
        audit.record(
            session=session, action=f"appointment.{outcome.value}", actor_account_id=staff.id,
            subject_person_id=appointment.person_id, reference=appointment.reference,
        )
        session.commit()
    session.refresh(appointment)
    return appointment
