"""Demo data for the day at a center: staff accounts of two centers, and a few visitors with
appointments at the Beijing center on the day the database is made (for the staff console
and the kiosk). Fictional, like the rest of the demo data; dated from the load time.

The visitors' references are fixed, so that the README can name them:
KIOSK_REFERENCE is due minutes after the first start (check in at /kiosk/1),
NEXT_DAY_REFERENCE is on the center's next open day (refused at the kiosk as "not today";
close that day in the staff console to see it marked and rebooked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from backend.data.people import BEIJING, SHANGHAI
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Center,
    Person,
    QueueCounter,
    Role,
    ServiceCode,
    SlotCounter,
)
from backend.services import calendar, references, slots


@dataclass(frozen=True)
class StaffSpec:
    email: str
    full_name: str
    center: str  # name_zh


STAFF = [
    StaffSpec("staff.beijing@example.com", "Wang Fang", BEIJING),
    StaffSpec("staff.shanghai@example.com", "Chen Jing", SHANGHAI),
]


def _reference(body: str) -> str:
    ref = body + references._check_char(body)  # noqa: SLF001 - a fixed, valid reference
    assert references.is_valid(ref)
    return ref


KIOSK_REFERENCE = _reference("DEMX2A3")
NEXT_DAY_REFERENCE = _reference("DEMX2A4")
SERVED_REFERENCE = _reference("DEMX2A5")
WAITING_REFERENCE = _reference("DEMX2A6")


@dataclass(frozen=True)
class Visitor:
    email: str
    full_name: str
    nationality: str
    passport_no: str
    phone: str
    service: ServiceCode
    reference: str


VISITORS = [
    Visitor("hans@example.com", "Hans Müller", "DE", "C7M2K9L41", "+86 139 0000 0011",
            ServiceCode.visa_extension, KIOSK_REFERENCE),
    Visitor("olivia@example.com", "Olivia Brown", "GB", "553829174", "+86 139 0000 0012",
            ServiceCode.visa_renewal, NEXT_DAY_REFERENCE),
    Visitor("lucas@example.com", "Lucas Martin", "FR", "18FR52931", "+86 139 0000 0013",
            ServiceCode.visa_extension, SERVED_REFERENCE),
    Visitor("priya@example.com", "Priya Sharma", "IN", "Z4829173", "+86 139 0000 0014",
            ServiceCode.residence_permit, WAITING_REFERENCE),
]


def _minute(moment: datetime) -> datetime:
    """Rounded down to five minutes: times people read easily."""
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


def _next_open_day(cal: calendar.CenterCalendar, today: date) -> date:
    day = today + timedelta(days=1)
    while not cal.periods(day):
        day += timedelta(days=1)
    return day


def load_center_day(session: Session, *, password_hash: str, now: datetime) -> None:
    """Add the staff accounts and the visitors' appointments (call on a fresh database)."""
    centers = {c.name_zh: c for c in session.exec(select(Center)).all()}
    for spec in STAFF:
        session.add(Account(email=spec.email, password_hash=password_hash,
                            full_name=spec.full_name, locale="en", role=Role.officer,
                            center_id=centers[spec.center].id))
    center = centers[BEIJING]
    assert center.id is not None
    tz = ZoneInfo(center.timezone)
    local_now = now.astimezone(tz)
    today = local_now.date()
    soon = _minute(local_now + timedelta(minutes=10))
    if soon.date() != today:  # just before midnight: keep it today, inside the window
        soon = _minute(local_now)
    cal = calendar.load(session=session, center=center)
    next_day = datetime.combine(_next_open_day(cal, today), time(10), tzinfo=tz)
    # Just after midnight "50 minutes ago" is yesterday: keep them today.
    midnight = datetime.combine(today, time(0), tzinfo=tz)
    plan = {
        KIOSK_REFERENCE: (soon, AppointmentStatus.booked, None),
        NEXT_DAY_REFERENCE: (next_day, AppointmentStatus.booked, None),
        SERVED_REFERENCE: (_minute(max(local_now - timedelta(minutes=50), midnight)),
                           AppointmentStatus.served, "A001"),
        WAITING_REFERENCE: (_minute(max(local_now - timedelta(minutes=10), midnight)),
                            AppointmentStatus.checked_in, "E001"),
    }
    for visitor in VISITORS:
        person = Person(passport_no=visitor.passport_no, nationality=visitor.nationality,
                        full_name=visitor.full_name, birth_date=date(1991, 6, 1),
                        phone=visitor.phone)
        session.add(person)
        session.flush()
        account = Account(email=visitor.email, password_hash=password_hash,
                          full_name=visitor.full_name, locale="en", person_id=person.id)
        session.add(account)
        session.flush()
        start, status, number = plan[visitor.reference]
        o = slots.offer(session=session, center_id=center.id, service=visitor.service)
        start_utc = start.astimezone(UTC)
        waiting = status != AppointmentStatus.booked
        session.add(Appointment(
            reference=visitor.reference, person_id=person.id,  # type: ignore[arg-type]
            service_code=visitor.service, center_id=center.id, start=start_utc,
            end=start_utc + timedelta(minutes=o.slot_minutes), status=status,
            booked_by_account_id=account.id,  # type: ignore[arg-type]
            queue_number=number, queue_day=today if number else None,
            checked_in_at=start_utc - timedelta(minutes=20) if waiting else None,
            done_at=start_utc + timedelta(minutes=15)
            if status == AppointmentStatus.served else None,
        ))
        if status == AppointmentStatus.booked:
            # Every booked appointment holds a seat on its counter (today's, set minutes from
            # now for the kiosk, is outside the slots: its counter is never offered).
            session.add(SlotCounter(center_id=center.id, service_code=visitor.service,
                                    start=start_utc, capacity=o.capacity, booked=1))
    session.add(QueueCounter(center_id=center.id, day=today, prefix="A", last=1))
    session.add(QueueCounter(center_id=center.id, day=today, prefix="E", last=1))
    session.flush()
