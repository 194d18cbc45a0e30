"""Builders for the booking tests: a small center with known hours, people and accounts.

Every booking test runs at a fixed `NOW` (Wednesday 16 September 2026, 10:00 in Shanghai),
so the window is 17 September to 16 October 2026: it holds the National Day holidays
(1-7 October) and the make-up working Saturday of 10 October.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.data.sample import read_calendar
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    CalendarDay,
    Center,
    CenterService,
    OpeningHours,
    Person,
    Service,
    ServiceCode,
    SlotCounter,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 16, 10, 0, tzinfo=SHANGHAI)  # a Wednesday
TOMORROW = date(2026, 9, 17)  # Thursday
EXT = ServiceCode.visa_extension
RES = ServiceCode.residence_permit
# Monday to Friday, 09:00-12:00 and 13:30-17:00: a lunch break of 90 minutes.
WEEKDAY_HOURS = [(time(9), time(12)), (time(13, 30), time(17))]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime at `hour:minute` on `day` in Shanghai."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def load_calendar(session: Session) -> None:
    """The official 2026 holidays and make-up days, from the app's calendar data."""
    for entry in read_calendar()["days"]:
        session.add(CalendarDay(day=date.fromisoformat(entry["day"]),
                                is_holiday=entry["is_holiday"]))
    session.commit()


def make_center(
    session: Session,
    *,
    services: tuple[ServiceCode, ...] = (EXT, RES),
    counters: int = 3,
    slot_minutes: int = 30,
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    hours: list[tuple[time, time]] | None = None,
    name: str = "Test center",
) -> Center:
    """A center open on `weekdays` with `hours` (default: a lunch break), offering `services`."""
    for order, code in enumerate(ServiceCode):
        if session.get(Service, code) is None:
            session.add(Service(code=code, sort_order=order))
    center = Center(
        name_en=name, name_zh=f"{name}（测试）", province="Shanghai", city_en="Shanghai",
        city_zh="上海", address_en="1 Test Road", address_zh="测试路1号", phone="+86 21 0000 0000",
        counters=counters, slot_minutes=slot_minutes,
    )
    session.add(center)
    session.flush()
    assert center.id is not None
    for code in services:
        session.add(CenterService(center_id=center.id, service_code=code))
    for wd in weekdays:
        for opens, closes in hours or WEEKDAY_HOURS:
            session.add(OpeningHours(center_id=center.id, weekday=wd, opens=opens, closes=closes))
    session.commit()
    return center


def make_people(session: Session, count: int, *, prefix: str = "P") -> list[Person]:
    """`count` people in the records, each with their own phone number."""
    people = [
        Person(passport_no=f"{prefix}{i:07d}", nationality="DE", full_name=f"Person {prefix}{i}",
               birth_date=date(1990, 1, 1), phone=f"+86 139 0000 {i:04d}")
        for i in range(count)
    ]
    session.add_all(people)
    session.commit()
    return people


def make_account(
    session: Session, *, person: Person | None = None, email: str = "booker@example.com",
    full_name: str = "Booker",
) -> Account:
    """An account (verified as `person` if given); the password hash is a placeholder."""
    account = Account(email=email, password_hash="x", full_name=full_name,
                      person_id=person.id if person else None)
    session.add(account)
    session.commit()
    return account


def counter(engine: Engine, center_id: int, service: ServiceCode, start: datetime) -> int:
    """Seats taken in a slot according to its counter (0 when it has none yet)."""
    with Session(engine) as s:
        row = s.exec(select(SlotCounter).where(
            SlotCounter.center_id == center_id, SlotCounter.service_code == service,
            SlotCounter.start == start.astimezone(UTC),
        )).first()
        return row.booked if row else 0


def active_in_slot(engine: Engine, center_id: int, service: ServiceCode, start: datetime) -> int:
    """Booked (active) appointments in a slot, counted from the appointments themselves."""
    with Session(engine) as s:
        return len(s.exec(select(Appointment.id).where(
            Appointment.center_id == center_id, Appointment.service_code == service,
            Appointment.start == start.astimezone(UTC),
            Appointment.status == AppointmentStatus.booked,
        )).all())


def ident(row: Center | Person | Account | Appointment) -> int:
    """The id of a saved row (typed as int)."""
    assert row.id is not None
    return row.id
