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

from sqlalchemy import update
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


def _take_seat(session: Session, o: slots.Offer, start: datetime) -> None:
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
        select(Appointment.id).where(
            Appointment.person_id == person_id,
            Appointment.service_code == service,
            Appointment.status == AppointmentStatus.booked,
        )
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
    with one_writer(session):
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
            try:
                _take_seat(session, o, start)
                session.add(appointment)
                session.flush()
            except DomainError:
                session.rollback()
                raise
            except IntegrityError as exc:
                session.rollback()
                if _has_active(session, person.id, service):
                    raise DomainError("already_booked") from exc
                continue  # the reference was taken: draw another
            audit.record(
                session=session, action="appointment.book", actor_account_id=actor.id,
                subject_person_id=person.id, reference=appointment.reference,
            )
            messages.appointment_booked(
                session=session, appointment=appointment, person=person, actor=actor,
                center=o.center, lang=lang,
            )
            session.commit()
            return appointment
    raise RuntimeError("could not draw a free reference")


def _changeable(appointment: Appointment, now: datetime) -> None:
    settings = get_settings()
    if appointment.status != AppointmentStatus.booked:
        raise DomainError("not_active")
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
    """Move an appointment to another slot (same service); the old seat is free at once."""
    now = now or utcnow()
    _changeable(appointment, now)
    limit = get_settings().max_reschedules
    if appointment.reschedules >= limit:
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
               reschedules=appointment.reschedules + 1, reminder_sent_at=None)
        try:
            _take_seat(session, o, start)
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
    with one_writer(session):
        _claim(session, appointment, status=AppointmentStatus.cancelled, cancelled_at=now)
        _release_seat(session, appointment.service_code, appointment.center_id,
                      appointment.start)
        session.refresh(appointment)
        audit.record(
            session=session, action="appointment.cancel", actor_account_id=actor.id,
            subject_person_id=appointment.person_id, reference=appointment.reference,
        )
        messages.appointment_cancelled(session=session, appointment=appointment,
                                       person=person, lang=lang)
        session.commit()
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
