"""Capacity and one-active-appointment hold under real concurrency, on SQLite and PostgreSQL.

Every thread has its own Session and waits at a Barrier, so the bookings really overlap.
Any exception other than a DomainError (e.g. "database is locked") fails the test with its
traceback.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.models import Account, Appointment, AppointmentStatus, CenterService, Person
from backend.services import booking
from tests.backend.barrier import run_at_once
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    active_in_slot,
    counter,
    ident,
    local,
    make_account,
    make_center,
    make_people,
)

DAY = date(2026, 9, 21)
SLOT = local(DAY, 9)


def _book_job(engine: Engine, actor_id: int, person_id: int, cid: int,
              start: datetime) -> Callable[[], str]:
    def job() -> str:
        with Session(engine, expire_on_commit=False) as s:
            actor, person = s.get(Account, actor_id), s.get(Person, person_id)
            assert actor is not None and person is not None
            booking.book(session=s, actor=actor, person=person, service=EXT, center_id=cid,
                         start=start, now=NOW)
            return "ok"
    return job


def _setup(session: Session, people: int, capacity: int) -> tuple[int, int, list[int]]:
    cid = ident(make_center(session))
    link = session.get(CenterService, (cid, EXT))
    assert link is not None
    link.capacity = capacity
    session.add(link)
    session.commit()
    persons = [ident(p) for p in make_people(session, people)]
    actor = ident(make_account(session))
    return cid, actor, persons


def _active(engine: Engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(Appointment.id).where(
            Appointment.status == AppointmentStatus.booked)).all())


def test_fifty_people_rush_a_three_seat_slot(session: Session, engine: Engine) -> None:
    cid, actor, persons = _setup(session, 50, 3)
    outcomes = run_at_once([_book_job(engine, actor, p, cid, SLOT) for p in persons])
    assert outcomes == Counter({"ok": 3, "slot_full": 47})
    assert counter(engine, cid, EXT, SLOT) == 3
    assert active_in_slot(engine, cid, EXT, SLOT) == 3
    with Session(engine) as s:
        assert len(s.exec(select(Appointment)).all()) == 3


def test_same_person_books_twice_at_once(session: Session, engine: Engine) -> None:
    """Two slots, one person, one service, at the same instant: one wins, one is refused."""
    cid, actor, [person] = _setup(session, 1, 3)
    slots = [local(DAY, 9), local(DAY, 10)]
    for _round in range(5):
        outcomes = run_at_once([_book_job(engine, actor, person, cid, s) for s in slots])
        assert outcomes == Counter({"ok": 1, "already_booked": 1})
        assert [counter(engine, cid, EXT, s) for s in slots] in ([1, 0], [0, 1])
        with Session(engine, expire_on_commit=False) as s:
            [won] = s.exec(select(Appointment).where(
                Appointment.status == AppointmentStatus.booked)).all()
            account = s.get(Account, actor)
            assert account is not None
            booking.cancel(session=s, actor=account, appointment=won, now=NOW)
        assert [counter(engine, cid, EXT, s) for s in slots] == [0, 0]


def test_cancel_while_others_book_keeps_the_counter_true(
    session: Session, engine: Engine
) -> None:
    """One holder cancels while eight people try the full slot: the counter stays exact."""
    rounds = 4
    cid, actor, persons = _setup(session, 3 + 8 * rounds + rounds, 3)
    holders, waiting, spares = persons[:3], persons[3:3 + 8 * rounds], persons[3 + 8 * rounds:]
    for p in holders:
        _book_job(engine, actor, p, cid, SLOT)()
    for rnd in range(rounds):
        with Session(engine, expire_on_commit=False) as s:
            leaving = s.exec(select(Appointment).where(
                Appointment.status == AppointmentStatus.booked)).first()
            assert leaving is not None
            leaving_id = leaving.id

        def cancel_job(appointment_id: int | None = leaving_id) -> str:
            with Session(engine, expire_on_commit=False) as s:
                a, account = s.get(Appointment, appointment_id), s.get(Account, actor)
                assert a is not None and account is not None
                booking.cancel(session=s, actor=account, appointment=a, now=NOW)
                return "cancelled"

        batch = waiting[rnd * 8:(rnd + 1) * 8]
        outcomes = run_at_once(
            [cancel_job] + [_book_job(engine, actor, p, cid, SLOT) for p in batch])
        assert sum(outcomes.values()) == 9, outcomes
        assert outcomes["cancelled"] == 1
        assert outcomes["ok"] in (0, 1) and outcomes["ok"] + outcomes["slot_full"] == 8
        booked = active_in_slot(engine, cid, EXT, SLOT)
        assert counter(engine, cid, EXT, SLOT) == booked == 2 + outcomes["ok"]
        # Refill to three so the next round starts full again.
        if booked < 3:
            assert _book_job(engine, actor, spares[rnd], cid, SLOT)() == "ok"
        assert counter(engine, cid, EXT, SLOT) == active_in_slot(engine, cid, EXT, SLOT) == 3


def _change_job(engine: Engine, actor_id: int, appointment_id: int, kind: str,
                start: datetime) -> Callable[[], str]:
    """Load the appointment now (as a request handler would), change it when released."""
    s = Session(engine, expire_on_commit=False)
    appointment, account = s.get(Appointment, appointment_id), s.get(Account, actor_id)
    s.commit()  # ends the read; the objects stay loaded
    assert appointment is not None and account is not None

    def job() -> str:
        with s:
            if kind == "cancel":
                booking.cancel(session=s, actor=account, appointment=appointment, now=NOW)
            else:
                booking.reschedule(session=s, actor=account, appointment=appointment,
                                   start=start, now=NOW)
            return kind
    return job


@pytest.mark.parametrize("kinds", [("cancel", "cancel"), ("cancel", "reschedule"),
                                   ("reschedule", "reschedule")])
def test_concurrent_changes_of_one_appointment(
    session: Session, engine: Engine, kinds: tuple[str, str]
) -> None:
    """A double tap on Cancel (or Cancel and Change at once): one wins, counters stay exact."""
    cid, actor, persons = _setup(session, 2, 3)
    for p in persons:
        _book_job(engine, actor, p, cid, SLOT)()
    with Session(engine) as s:
        target = ident(s.exec(select(Appointment).where(Appointment.person_id == persons[0])).one())
    targets = [local(DAY, 10), local(DAY, 11)]
    outcomes = run_at_once([_change_job(engine, actor, target, k, t)
                     for k, t in zip(kinds, targets, strict=True)])
    assert sum(outcomes.values()) == 2
    if kinds == ("cancel", "cancel"):
        assert outcomes == Counter({"cancel": 1, "not_active": 1})
    with Session(engine) as s:
        final = s.get(Appointment, target)
        assert final is not None
        assert final.reschedules == outcomes["reschedule"]  # no lost update
    for start in [SLOT, *targets]:
        assert counter(engine, cid, EXT, start) == active_in_slot(engine, cid, EXT, start)
