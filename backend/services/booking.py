"""Appointments: book, reschedule, cancel, list; confirmation and reminder messages.

Capacity is enforced by the database: a seat is taken by a conditional UPDATE on the slot's
counter (`booked < capacity`), in the same transaction as the appointment, so no slot is
ever overbooked whatever the concurrency. One active appointment per person and service is
a partial unique index. On SQLite the driver opens the transaction at the first write, so it
takes the write lock at once and waits its turn (busy timeout) instead of failing on a stale
read snapshot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import one_writer
from backend.errors import DomainError
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Person,
    ServiceCode,
    SlotCounter,
    utcnow,
)
from backend.services import audit, messages, references, slots


def _ensure_counter(session: Session, o: slots.Offer, start: datetime) -> None:
    """Create the slot's counter row if it is not there (concurrent creators are fine)."""
    values: dict[str, Any] = {
        "center_id": o.center.id, "service_code": o.service, "start": start,
        "capacity": o.capacity, "booked": 0,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(SlotCounter).values(**values).on_conflict_do_nothing(
        index_elements=["center_id", "service_code", "start"]
    )
    session.execute(stmt)


# The two reads before a booking, built once (building an expression costs more than
# running it, and in a rush every attempt runs both).
_SEATS = select(SlotCounter.booked, SlotCounter.capacity).where(
    col(SlotCounter.center_id) == bindparam("center_id"),
    col(SlotCounter.service_code) == bindparam("service"),
    col(SlotCounter.start) == bindparam("start"),
)
_ACTIVE = select(Appointment.id).where(
    col(Appointment.person_id) == bindparam("person_id"),
    col(Appointment.service_code) == bindparam("service"),
    col(Appointment.status) == AppointmentStatus.booked,
)


def _seats(session: Session, o: slots.Offer, start: datetime) -> tuple[int, int] | None:
    """(booked, capacity) of the slot's counter; None before its first booking."""
    row = session.exec(
        _SEATS, params={"center_id": o.center.id, "service": o.service, "start": start}
    ).first()
    return None if row is None else (row[0], row[1])


def _take_seat(session: Session, o: slots.Offer, start: datetime, *, counter_exists: bool) -> None:
    if not counter_exists:
        _ensure_counter(session, o, start)
    taken = session.execute(
        update(SlotCounter)
        .where(
            col(SlotCounter.center_id) == o.center.id,
            col(SlotCounter.service_code) == o.service,
            col(SlotCounter.start) == start,
            col(SlotCounter.booked) < col(SlotCounter.capacity),
        )
        .values(booked=SlotCounter.booked + 1)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("slot_full")


def _release_seat(
    session: Session, service: ServiceCode, center_id: int, start: datetime
) -> None:
    session.execute(
        update(SlotCounter)
        .where(
            col(SlotCounter.center_id) == center_id,
            col(SlotCounter.service_code) == service,
            col(SlotCounter.start) == start,
            col(SlotCounter.booked) > 0,
        )
        .values(booked=SlotCounter.booked - 1)
    )


def _has_active(session: Session, person_id: int, service: ServiceCode) -> bool:
    return session.exec(
        _ACTIVE, params={"person_id": person_id, "service": service}
    ).first() is not None


def book(
    *,
    session: Session,
    actor: Account,
    person: Person,
    service: ServiceCode,
    center_id: int,
    start: datetime,
    lang: str = "en",
    now: datetime | None = None,
) -> Appointment:
    """Book the slot at `start` for `person`; refuses a full slot or a second active one."""
    now = now or utcnow()
    o = slots.offer(session=session, center_id=center_id, service=service)
    end = slots.check_slot(o=o, start=start, now=now)
    assert person.id is not None
    if _has_active(session, person.id, service):
        raise DomainError("already_booked")
    seats = _seats(session, o, start)
    # A full slot is refused from a plain read, without queueing for the write lock: in a
    # rush most attempts meet a full slot. A seat is only ever taken by the conditional
    # UPDATE below, so a stale read can refuse a seat freed a moment ago, never overbook.
    if seats is not None and seats[0] >= seats[1]:
        raise DomainError("slot_full")
    for _attempt in range(3):
        appointment = Appointment(
            reference=references.new_reference(),
            person_id=person.id,
            service_code=service,
            center_id=center_id,
            start=start,
            end=end,
            booked_by_account_id=actor.id,  # type: ignore[arg-type]
        )
        # The record and the messages are prepared before the write lock (formatting them
        # takes longer than the writes); a refusal rolls them back with the seat.
        with session.no_autoflush:  # their writes wait for the lock
            audit.record(
                session=session, action="appointment.book", actor_account_id=actor.id,
                subject_person_id=person.id, reference=appointment.reference,
            )
            messages.appointment_booked(
                session=session, appointment=appointment, person=person, actor=actor,
                center=o.center, lang=lang,
            )
        with one_writer(session):
            try:
                _take_seat(session, o, start, counter_exists=seats is not None)
                session.add(appointment)
                session.commit()
                return appointment
            except DomainError:
                session.rollback()
                raise
            except IntegrityError:
                session.rollback()
        if _has_active(session, person.id, service):
            raise DomainError("already_booked")
        # Otherwise the reference was taken: draw another.
    raise RuntimeError("could not draw a free reference")


def _changeable(appointment: Appointment, now: datetime) -> None:
    settings = get_settings()
    if appointment.status != AppointmentStatus.booked:
        raise DomainError("not_active")
    if appointment.closure_id is not None:
        return  # the center closed at its time: it may be moved or cancelled whenever
    if now > appointment.start - timedelta(hours=settings.change_cutoff_hours):
        raise DomainError("too_late_to_change", hours=settings.change_cutoff_hours)


def _claim(session: Session, appointment: Appointment, **changes: Any) -> None:
    """Change the appointment only if it is still as read; refuses a concurrent change.

    Two taps on "Cancel", or "Cancel" and "Change" at once, must not both act on the seat
    counters: the first conditional UPDATE wins and the other gets `not_active`.
    """
    claimed = session.execute(
        update(Appointment)
        .where(
            col(Appointment.id) == appointment.id,
            col(Appointment.status) == AppointmentStatus.booked,
            col(Appointment.start) == appointment.start,
            col(Appointment.center_id) == appointment.center_id,
            col(Appointment.reschedules) == appointment.reschedules,
            col(Appointment.closure_id).is_(None) if appointment.closure_id is None
            else col(Appointment.closure_id) == appointment.closure_id,
        )
        .values(**changes)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise DomainError("not_active")


def reschedule(
    *,
    session: Session,
    actor: Account,
    appointment: Appointment,
    start: datetime,
    center_id: int | None = None,
    lang: str = "en",
    now: datetime | None = None,
) -> Appointment:
    """Move an appointment to another slot (same service); the old seat is free at once.

    An appointment hit by a closure is moved without using up a change, whatever the
    cut-off, and is no longer marked "center closed" afterwards.
    """
    now = now or utcnow()
    _changeable(appointment, now)
    limit = get_settings().max_reschedules
    closed = appointment.closure_id is not None
    if appointment.reschedules >= limit and not closed:
        raise DomainError("reschedule_limit", times=limit)
    target_center = center_id or appointment.center_id
    if target_center == appointment.center_id and start == appointment.start:
        raise DomainError("same_slot")
    o = slots.offer(session=session, center_id=target_center, service=appointment.service_code)
    end = slots.check_slot(o=o, start=start, now=now)
    old = (appointment.center_id, appointment.start)
    person = session.get(Person, appointment.person_id)
    assert person is not None
    with one_writer(session):
        _claim(session, appointment, start=start, end=end, center_id=target_center,
               reschedules=appointment.reschedules + (0 if closed else 1),
               reminder_sent_at=None, closure_id=None)
        try:
            _take_seat(session, o, start, counter_exists=False)
        except DomainError:
            session.rollback()
            raise
        _release_seat(session, appointment.service_code, *old)
        session.refresh(appointment)
        audit.record(
            session=session, action="appointment.reschedule", actor_account_id=actor.id,
            subject_person_id=appointment.person_id, reference=appointment.reference,
        )
        messages.appointment_booked(
            session=session, appointment=appointment, person=person, actor=actor,
            center=o.center, lang=lang, changed=True,
        )
        session.commit()
    return appointment


def cancel(
    *, session: Session, actor: Account, appointment: Appointment, lang: str = "en",
    now: datetime | None = None,
) -> Appointment:
    """Cancel an appointment; its seat is free again at once."""
    now = now or utcnow()
    _changeable(appointment, now)
    person = session.get(Person, appointment.person_id)
    assert person is not None
    # Prepared before the write lock, as in `book`; a refused claim rolls them back.
    with session.no_autoflush:  # their writes wait for the lock
        audit.record(
            session=session, action="appointment.cancel", actor_account_id=actor.id,
            subject_person_id=appointment.person_id, reference=appointment.reference,
        )
        messages.appointment_cancelled(session=session, appointment=appointment,
                                       person=person, lang=lang, actor=actor)
    with one_writer(session):
        _claim(session, appointment, status=AppointmentStatus.cancelled, cancelled_at=now)
        _release_seat(session, appointment.service_code, appointment.center_id,
                      appointment.start)
        session.commit()
    session.refresh(appointment)
    return appointment


def list_for(*, session: Session, person_id: int) -> list[Appointment]:
    """A person's appointments, the latest first."""
    return list(
        session.exec(
            select(Appointment)
            .where(Appointment.person_id == person_id)
            .order_by(col(Appointment.start).desc())
        ).all()
    )


def find(*, session: Session, reference: str) -> Appointment | None:
    ref = references.normalise(reference)
    if not references.is_valid(ref):
        return None
    return session.exec(select(Appointment).where(Appointment.reference == ref)).first()


def send_due_reminders(*, session: Session, now: datetime | None = None) -> int:
    """Send the day-before reminder of every appointment tomorrow (center time); returns count."""
    now = now or utcnow()
    due = session.exec(
        select(Appointment).where(
            Appointment.status == AppointmentStatus.booked,
            col(Appointment.reminder_sent_at).is_(None),
            col(Appointment.closure_id).is_(None),  # told to choose another time instead
            col(Appointment.start) > now,
            col(Appointment.start) <= now + timedelta(hours=48),
        )
    ).all()
    sent = 0
    for appointment in due:
        if not messages.is_tomorrow(appointment, now):
            continue
        person = session.get(Person, appointment.person_id)
        assert person is not None
        messages.appointment_reminder(session=session, appointment=appointment, person=person)
        appointment.reminder_sent_at = now
        session.add(appointment)
        sent += 1
    session.commit()
    return sent
