"""Closures entered by staff (a day or a period) and the appointments they hit.

A closure marks every booked appointment in it "center closed, please choose another time"
and messages its applicant and booker; the applicant then moves it without using up one of
their changes (see booking.reschedule). The seats of the closed days are shut in the same
transaction (their slot counters get capacity 0), so a booking racing the closure either
lands before it and is marked, or is refused: the database decides, not a calendar read a
moment earlier.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import one_writer
from backend.errors import DomainError
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Center,
    CenterService,
    Closure,
    ClosureCreate,
    Person,
    Service,
    SlotCounter,
    utcnow,
)
from backend.services import audit, calendar, messages, queue, slots


def list_for(*, session: Session, center: Center, now: datetime | None = None) -> list[Closure]:
    """The center's closures that have not ended yet, soonest first."""
    today = queue.local_day(now or utcnow(), ZoneInfo(center.timezone))
    return list(session.exec(
        select(Closure)
        .where(Closure.center_id == center.id, col(Closure.date_to) >= today)
        .order_by(col(Closure.date_from), col(Closure.id))
    ).all())


def affected_count(*, session: Session, closure: Closure) -> int:
    return len(session.exec(
        select(Appointment.id).where(Appointment.closure_id == closure.id)
    ).all())


def _shut_seats(session: Session, center: Center, first: date, last: date, now: datetime) -> None:
    """Give every slot of the closed days that can still be booked a counter of capacity 0."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    links = session.exec(select(CenterService).where(CenterService.center_id == center.id)).all()
    for link in links:
        o = slots.offer(session=session, center_id=center.id,  # type: ignore[arg-type]
                        service=link.service_code)
        # The hours as if there were no closure: those are the times people could book.
        # (A copy: offers are shared from memory.)
        o = dataclasses.replace(o, cal=dataclasses.replace(o.cal, closures=[]))
        window_first, window_last = o.window(now)
        starts = [
            s for day in calendar.days_between(max(first, window_first), min(last, window_last))
            for s in o.starts(day)
        ]
        for start in starts:
            session.execute(
                insert(SlotCounter)
                .values(center_id=center.id, service_code=link.service_code, start=start,
                        capacity=0, booked=0)
                .on_conflict_do_nothing(index_elements=["center_id", "service_code", "start"])
            )
    tz = ZoneInfo(center.timezone)
    begin, _ = queue.day_bounds(first, tz)
    _, end = queue.day_bounds(last, tz)
    session.execute(
        update(SlotCounter)
        .where(col(SlotCounter.center_id) == center.id, col(SlotCounter.start) >= begin,
               col(SlotCounter.start) < end)
        .values(capacity=0)
    )


def add(
    *, session: Session, staff: Account, center: Center, data: ClosureCreate,
    now: datetime | None = None,
) -> tuple[Closure, int]:
    """Close the center from `date_from` to `date_to` (local days); returns the closure and
    how many booked appointments it hit (each marked, and its people messaged)."""
    now = now or utcnow()
    settings = get_settings()
    tz = ZoneInfo(center.timezone)
    if data.date_to < data.date_from:
        raise DomainError("closure_dates")
    if data.date_from < queue.local_day(now, tz):
        raise DomainError("closure_in_past")
    if (data.date_to - data.date_from).days + 1 > settings.closure_max_days:
        raise DomainError("closure_too_long", days=settings.closure_max_days)
    with one_writer(session):
        closure = Closure(center_id=center.id,  # type: ignore[arg-type]
                          date_from=data.date_from, date_to=data.date_to, reason=data.reason)
        session.add(closure)
        session.flush()
        # Seats first: a booking in flight on a closed day holds its counter row until it
        # commits, so by the time the appointments are read below it is among them.
        _shut_seats(session, center, data.date_from, data.date_to, now)
        begin, _ = queue.day_bounds(data.date_from, tz)
        _, end = queue.day_bounds(data.date_to, tz)
        hit = list(session.exec(
            select(Appointment).where(
                Appointment.center_id == center.id,
                Appointment.status == AppointmentStatus.booked,
                col(Appointment.closure_id).is_(None),
                col(Appointment.start) >= begin,
                col(Appointment.start) < end,
            )
        ).all())
        marked: list[Appointment] = []
        for appointment in hit:
            done = session.execute(
                update(Appointment)
                .where(col(Appointment.id) == appointment.id,
                       col(Appointment.status) == AppointmentStatus.booked,
                       col(Appointment.closure_id).is_(None))
                .values(closure_id=closure.id)
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                marked.append(appointment)
        for appointment in marked:
            person = session.get(Person, appointment.person_id)
            booker = session.get(Account, appointment.booked_by_account_id)
            assert person is not None and booker is not None
            messages.center_closed(session=session, appointment=appointment, person=person,
                                   booker=booker, center=center, closure=closure)
            audit.record(
                session=session, action="appointment.center_closed",
                actor_account_id=staff.id, subject_person_id=appointment.person_id,
                reference=appointment.reference,
            )
        audit.record(
            session=session, action="center.closure", actor_account_id=staff.id,
            center_id=center.id, date_from=data.date_from.isoformat(),
            date_to=data.date_to.isoformat(), affected=len(marked),
        )
        session.commit()
    return closure, len(marked)


# ---------------------------------------------------------------- capacity


def capacity_of(
    *, session: Session, center: Center, now: datetime | None = None
) -> list[dict[str, Any]]:
    """For each service of the center: its capacity, slot length and the most booked in one
    upcoming time (the lowest capacity it may be given)."""
    now = now or utcnow()
    links = session.exec(
        select(CenterService)
        .join(Service, col(Service.code) == col(CenterService.service_code))
        .where(CenterService.center_id == center.id)
        .order_by(col(Service.sort_order))
    ).all()
    out = []
    for link in links:
        o = slots.offer(session=session, center_id=center.id,  # type: ignore[arg-type]
                        service=link.service_code)
        out.append({"service": link.service_code, "capacity": o.capacity,
                    "slot_minutes": o.slot_minutes,
                    "most_booked": _most_booked(session, center, link.service_code, now)})
    return out


def _most_booked(session: Session, center: Center, service: Any, now: datetime) -> int:
    rows = session.exec(
        select(SlotCounter.booked).where(
            SlotCounter.center_id == center.id, SlotCounter.service_code == service,
            col(SlotCounter.start) >= now, col(SlotCounter.capacity) > 0,
        )
    ).all()
    return max(rows, default=0)


def set_capacity(
    *, session: Session, staff: Account, center: Center, service: Any, capacity: int,
    now: datetime | None = None,
) -> None:
    """Serve `capacity` people at once from now on; refused below what is already booked.

    Every bookable slot of the window gets its counter with the new capacity, and the
    counters are lowered only where `booked <= capacity`, in one transaction: a booking
    racing the change is either counted in the check or refused by the new capacity.
    """
    now = now or utcnow()
    o = slots.offer(session=session, center_id=center.id,  # type: ignore[arg-type]
                    service=service)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    first, last = o.window(now)
    with one_writer(session):
        link = session.get(CenterService, (center.id, service))
        assert link is not None
        link.capacity = capacity
        session.add(link)
        session.flush()
        for day in calendar.days_between(first, last):
            for start in o.starts(day):
                session.execute(
                    insert(SlotCounter)
                    .values(center_id=center.id, service_code=service, start=start,
                            capacity=capacity, booked=0)
                    .on_conflict_do_nothing(index_elements=["center_id", "service_code", "start"])
                )
        upcoming = (
            col(SlotCounter.center_id) == center.id,
            col(SlotCounter.service_code) == service,
            col(SlotCounter.start) >= now,
            col(SlotCounter.capacity) > 0,  # 0: a closed day, which stays closed
        )
        session.execute(
            update(SlotCounter)
            .where(*upcoming, col(SlotCounter.booked) <= capacity)
            .values(capacity=capacity)
        )
        over = session.exec(
            select(SlotCounter.booked).where(*upcoming, col(SlotCounter.booked) > capacity)
        ).all()
        if over:
            session.rollback()
            raise DomainError("capacity_below_booked", booked=max(over))
        audit.record(
            session=session, action="center.capacity", actor_account_id=staff.id,
            center_id=center.id, service=str(service), capacity=capacity,
        )
        session.commit()
