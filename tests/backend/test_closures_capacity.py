"""Closures of a day or a period (affected appointments marked, people messaged, rebooking
without using up a change, seats shut even against racing bookings) and capacity changes
that never fall below what is already booked."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.errors import DomainError
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Center,
    CenterService,
    ClosureCreate,
    Person,
    SlotCounter,
)
from backend.services import booking, closures, slots
from tests.backend.barrier import run_at_once
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    RES,
    TOMORROW,
    active_in_slot,
    counter,
    ident,
    local,
    make_account,
    make_center,
    make_people,
)
from tests.conftest import read_outbox

MONDAY = date(2026, 9, 21)
TUESDAY = date(2026, 9, 22)


def refused(code: str) -> AbstractContextManager[pytest.ExceptionInfo[DomainError]]:
    return pytest.raises(DomainError, match=f"^{code}$")


class World:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.center = make_center(session)
        self.people = make_people(session, 6)
        self.actor = make_account(session, full_name="Booker")
        self.staff = make_account(session, email="staff@example.com", full_name="Staff")

    def book(self, i: int, start: datetime, service=EXT) -> Appointment:  # noqa: ANN001
        return booking.book(session=self.session, actor=self.actor, person=self.people[i],
                            service=service, center_id=ident(self.center), start=start, now=NOW)

    def close(self, first: date, last: date | None = None, reason: str = "",
              now: datetime = NOW) -> int:
        _closure, affected = closures.add(
            session=self.session, staff=self.staff, center=self.center,
            data=ClosureCreate(date_from=first, date_to=last or first, reason=reason), now=now)
        return affected


@pytest.fixture
def w(session: Session) -> World:
    return World(session)


def test_closure_of_a_day_marks_its_booked_appointments_and_messages_them(w: World) -> None:
    hit1, hit2 = w.book(0, local(MONDAY, 9)), w.book(1, local(MONDAY, 15), RES)
    spared = w.book(2, local(TUESDAY, 9))
    before = len(read_outbox())
    assert w.close(MONDAY, reason="Power cut") == 2
    for a in (hit1, hit2, spared):
        w.session.refresh(a)
    assert hit1.closure_id is not None and hit2.closure_id == hit1.closure_id
    assert spared.closure_id is None
    assert hit1.status == AppointmentStatus.booked  # still theirs, to be moved
    sent = read_outbox()[before:]
    phones = {m["to"] for m in sent if m["channel"] == "sms"}
    assert phones == {w.people[0].phone, w.people[1].phone}
    assert [m["to"] for m in sent if m["channel"] == "email"] == ["booker@example.com"] * 2
    sms = next(m for m in sent if m["to"] == w.people[0].phone)
    assert "Power cut" in sms["body"] and hit1.reference[:4] in sms["body"]
    assert "does not count against your changes" in sms["body"]
    assert "。" in sms["body"]  # no account of their own: English and Chinese


def test_a_period_closure_and_the_days_offer_nothing(w: World) -> None:
    w.book(0, local(MONDAY, 9))
    w.book(1, local(TUESDAY, 16))
    w.book(2, local(date(2026, 9, 23), 9))
    assert w.close(MONDAY, TUESDAY) == 2
    o = slots.offer(session=w.session, center_id=ident(w.center), service=EXT)
    assert slots.day_slots(session=w.session, o=o, day=MONDAY, now=NOW) == []
    with refused("slot_not_found"):
        w.book(3, local(TUESDAY, 10))
    # The seats of the closed days are shut in the database, too.
    assert counter(w.session.get_bind(), ident(w.center), EXT, local(MONDAY, 10)) == 0  # type: ignore[arg-type]
    rows = w.session.exec(select(SlotCounter).where(
        SlotCounter.center_id == ident(w.center), SlotCounter.start == local(TUESDAY, 10))).all()
    assert rows and all(r.capacity == 0 for r in rows)


def test_closure_dates_are_checked(w: World) -> None:
    with refused("closure_dates"):
        w.close(TUESDAY, MONDAY)
    with refused("closure_in_past"):
        w.close(NOW.date() - timedelta(days=1))
    with refused("closure_too_long") as exc:
        w.close(MONDAY, MONDAY + timedelta(days=92))
    assert exc.value.params == {"days": 92}
    assert w.close(NOW.date()) == 0  # today may be closed (an emergency)
    assert w.close(MONDAY, MONDAY + timedelta(days=91)) == 0


def test_rebooking_after_a_closure_keeps_the_changes_allowance(w: World) -> None:
    a = w.book(0, local(MONDAY, 9))
    for start in (local(MONDAY, 10), local(MONDAY, 11)):
        a = booking.reschedule(session=w.session, actor=w.actor, appointment=a, start=start,
                               now=NOW)
    assert a.reschedules == 2  # no change left
    # The closure comes the evening before: inside the 24-hour cut-off.
    evening = local(MONDAY - timedelta(days=1), 20)
    w.close(MONDAY, now=evening)
    w.session.refresh(a)
    moved = booking.reschedule(session=w.session, actor=w.actor, appointment=a,
                               start=local(TUESDAY, 9), now=evening)
    assert moved.reschedules == 2 and moved.closure_id is None
    assert counter(w.session.get_bind(), ident(w.center), EXT, local(TUESDAY, 9)) == 1  # type: ignore[arg-type]
    # Afterwards the ordinary rules apply again.
    with refused("reschedule_limit"):
        booking.reschedule(session=w.session, actor=w.actor, appointment=moved,
                           start=local(TUESDAY, 10), now=NOW)


def test_closed_appointment_may_be_cancelled_late_and_is_not_reminded(w: World) -> None:
    a, b = w.book(0, local(MONDAY, 9)), w.book(1, local(MONDAY, 10))
    evening = local(MONDAY - timedelta(days=1), 20)
    w.close(MONDAY, now=evening)
    assert booking.send_due_reminders(session=w.session, now=evening) == 0
    w.session.refresh(a)
    cancelled = booking.cancel(session=w.session, actor=w.actor, appointment=a, now=evening)
    assert cancelled.status == AppointmentStatus.cancelled
    w.session.refresh(b)
    assert b.closure_id is not None


def test_a_second_closure_does_not_mark_again(w: World) -> None:
    w.book(0, local(MONDAY, 9))
    assert w.close(MONDAY) == 1
    assert w.close(MONDAY, TUESDAY) == 0
    listed = closures.list_for(session=w.session, center=w.center, now=NOW)
    assert [closures.affected_count(session=w.session, closure=c) for c in listed] == [1, 0]


def _book_job(engine: Engine, actor: int, person: int, cid: int,
              start: datetime) -> Callable[[], str]:
    def job() -> str:
        with Session(engine, expire_on_commit=False) as s:
            a, p = s.get(Account, actor), s.get(Person, person)
            assert a is not None and p is not None
            booking.book(session=s, actor=a, person=p, service=EXT, center_id=cid, start=start,
                         now=NOW)
            return "ok"
    return job


def test_bookings_racing_a_closure_are_marked_or_refused(session: Session, engine: Engine) -> None:
    """Twenty people book the day while staff close it: none ends up unmarked on that day."""
    center = make_center(session, counters=30)
    cid = ident(center)
    people = make_people(session, 20)
    actor = ident(make_account(session))
    staff = ident(make_account(session, email="staff@example.com"))

    def close() -> str:
        with Session(engine, expire_on_commit=False) as s:
            c, a = s.get(Center, cid), s.get(Account, staff)
            assert c is not None and a is not None
            _closure, affected = closures.add(session=s, staff=a, center=c, now=NOW,
                                              data=ClosureCreate(date_from=MONDAY,
                                                                 date_to=MONDAY))
            return f"closed:{affected}"

    starts = [local(MONDAY, 9 + i % 3) for i in range(20)]
    outcomes = run_at_once([close] + [_book_job(engine, actor, ident(p), cid, s)
                                      for p, s in zip(people, starts, strict=True)])
    [closed] = [k for k in outcomes if k.startswith("closed:")]
    with Session(engine) as s:
        on_monday = s.exec(select(Appointment).where(Appointment.center_id == cid)).all()
    assert len(on_monday) == outcomes["ok"]
    assert all(a.closure_id is not None for a in on_monday)  # every one of them is marked
    assert int(closed.split(":")[1]) == outcomes["ok"]
    assert outcomes["ok"] + outcomes["slot_full"] + outcomes["slot_not_found"] == 20


# ---------------------------------------------------------------- capacity


def _capacity(session: Session, center: Center) -> dict[str, tuple[int, int]]:
    return {str(i["service"]): (i["capacity"], i["most_booked"])
            for i in closures.capacity_of(session=session, center=center, now=NOW)}


def test_capacity_never_below_what_is_booked(w: World) -> None:
    slot = local(MONDAY, 9)
    w.book(0, slot)
    w.book(1, slot)
    w.book(2, local(MONDAY, 10))
    assert _capacity(w.session, w.center)["visa_extension"] == (3, 2)
    with refused("capacity_below_booked") as exc:
        closures.set_capacity(session=w.session, staff=w.staff, center=w.center, service=EXT,
                              capacity=1, now=NOW)
    assert exc.value.params == {"booked": 2}
    # Nothing changed.
    w.session.expire_all()
    link = w.session.get(CenterService, (ident(w.center), EXT))
    assert link is not None and link.capacity is None
    assert _capacity(w.session, w.center)["visa_extension"] == (3, 2)
    closures.set_capacity(session=w.session, staff=w.staff, center=w.center, service=EXT,
                          capacity=2, now=NOW)
    o = slots.offer(session=w.session, center_id=ident(w.center), service=EXT)
    day = {s.start: s for s in slots.day_slots(session=w.session, o=o, day=MONDAY, now=NOW)}
    assert (day[slot].capacity, day[slot].available) == (2, 0)
    assert day[local(MONDAY, 10)].available == 1
    with refused("slot_full"):
        w.book(3, slot)
    closures.set_capacity(session=w.session, staff=w.staff, center=w.center, service=EXT,
                          capacity=5, now=NOW)
    w.book(3, slot)
    assert _capacity(w.session, w.center)["visa_extension"] == (5, 3)
    assert _capacity(w.session, w.center)["residence_permit"] == (3, 0)


def test_capacity_change_keeps_closed_days_closed(w: World) -> None:
    w.close(MONDAY)
    closures.set_capacity(session=w.session, staff=w.staff, center=w.center, service=EXT,
                          capacity=6, now=NOW)
    o = slots.offer(session=w.session, center_id=ident(w.center), service=EXT)
    assert slots.day_slots(session=w.session, o=o, day=MONDAY, now=NOW) == []
    rows = w.session.exec(select(SlotCounter).where(SlotCounter.start == local(MONDAY, 9))).all()
    assert rows and all(r.capacity == 0 for r in rows)
    tuesday = slots.day_slots(session=w.session, o=o, day=TUESDAY, now=NOW)
    assert tuesday and all(s.capacity == 6 for s in tuesday)


def test_capacity_lowered_while_people_book(session: Session, engine: Engine) -> None:
    """Bookings racing a lower capacity: no slot ends up with more booked than its capacity."""
    center = make_center(session, counters=5)
    cid = ident(center)
    people = make_people(session, 12)
    actor = ident(make_account(session))
    staff = ident(make_account(session, email="staff@example.com"))
    slot = local(TOMORROW, 9)

    def lower() -> str:
        with Session(engine, expire_on_commit=False) as s:
            c, a = s.get(Center, cid), s.get(Account, staff)
            assert c is not None and a is not None
            closures.set_capacity(session=s, staff=a, center=c, service=EXT, capacity=2, now=NOW)
            return "lowered"

    outcomes = run_at_once([lower] + [_book_job(engine, actor, ident(p), cid, slot)
                                      for p in people])
    booked = active_in_slot(engine, cid, EXT, slot)
    assert booked == outcomes["ok"] == counter(engine, cid, EXT, slot)
    with Session(engine) as s:
        row = s.exec(select(SlotCounter).where(SlotCounter.start == slot)).one()
    if outcomes["lowered"]:
        assert row.capacity == 2 and booked <= 2
    else:
        assert outcomes["capacity_below_booked"] == 1 and booked > 2 and row.capacity == 5
