"""Check-in at a center (the window, wrong center, wrong day, unknown references), queue
numbers (per-service prefix, unique per center and day, also under concurrency), calling the
next number, served and no-show. Real database, real concurrency."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from backend.errors import DomainError
from backend.models import (
    Account,
    Appointment,
    AppointmentStatus,
    Center,
    CenterService,
    Person,
    ServiceCode,
)
from backend.services import booking, queue
from tests.backend.barrier import run_at_once
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    RES,
    TOMORROW,
    ident,
    local,
    make_account,
    make_center,
    make_people,
)

START = local(TOMORROW, 9)  # Thursday 17 September 2026, 09:00 in Shanghai
EARLIER = NOW - timedelta(hours=2)  # a cancellation well before the 24-hour cut-off


def refused(code: str) -> AbstractContextManager[pytest.ExceptionInfo[DomainError]]:
    return pytest.raises(DomainError, match=f"^{code}$")


class Day:
    """A center (and a second one), people and an account that booked for them."""

    def __init__(self, session: Session, people: int = 4) -> None:
        self.session = session
        self.center = make_center(session)
        self.other = make_center(session, name="Other center")
        self.people = make_people(session, people)
        self.actor = make_account(session)
        self.staff = make_account(session, email="staff@example.com", full_name="Staff")

    def book(self, i: int = 0, start: datetime = START, service: ServiceCode = EXT,
             center: int | None = None) -> Appointment:
        return booking.book(session=self.session, actor=self.actor, person=self.people[i],
                            service=service, center_id=center or ident(self.center),
                            start=start, now=NOW)

    def check_in(self, reference: str, now: datetime, center: int | None = None,
                 **kwargs: object) -> Appointment:
        appointment, _already = queue.check_in(
            session=self.session, center_id=center or ident(self.center), reference=reference,
            now=now, **kwargs)  # type: ignore[arg-type]
        return appointment


@pytest.fixture
def day(session: Session) -> Day:
    return Day(session)


def test_window_opens_30_minutes_before(day: Day) -> None:
    a = day.book()
    with refused("checkin_too_early") as exc:
        day.check_in(a.reference, START - timedelta(minutes=30, seconds=1))
    assert exc.value.params == {"minutes": 30, "time": "08:30"}
    checked = day.check_in(a.reference, START - timedelta(minutes=30))
    assert checked.status == AppointmentStatus.checked_in
    assert checked.queue_number == "A001" and checked.checked_in_at is not None


def test_window_closes_15_minutes_after(day: Day) -> None:
    late, on_time = day.book(0), day.book(1)
    with refused("checkin_too_late") as exc:
        day.check_in(late.reference, START + timedelta(minutes=15, seconds=1))
    assert exc.value.params == {"minutes": 15}
    assert day.check_in(on_time.reference, START + timedelta(minutes=15)).queue_number == "A001"
    day.session.refresh(late)
    assert late.status == AppointmentStatus.booked and late.queue_number is None


def test_staff_at_the_desk_check_in_outside_the_window_but_only_that_day(day: Day) -> None:
    a = day.book()
    early = local(TOMORROW, 7)
    assert day.check_in(a.reference, early, at_desk=True).queue_number == "A001"
    b = day.book(1)
    with refused("checkin_wrong_day"):
        day.check_in(b.reference, NOW, at_desk=True)


def test_wrong_center_names_the_right_one(day: Day) -> None:
    a = day.book()
    with refused("checkin_wrong_center") as exc:
        day.check_in(a.reference, START, center=ident(day.other))
    assert exc.value.params["center"] == "Test center"
    assert "09:00" in exc.value.params["when"] and "September 17" in exc.value.params["when"]
    with refused("checkin_wrong_center") as exc:
        queue.check_in(session=day.session, center_id=ident(day.other), reference=a.reference,
                       now=START, lang="zh")
    assert exc.value.params["center"] == "Test center（测试）"
    assert "9月17日" in exc.value.params["when"]


def test_wrong_day_says_which_day(day: Day) -> None:
    a = day.book()
    for now in (NOW, START + timedelta(days=1)):
        with refused("checkin_wrong_day") as exc:
            day.check_in(a.reference, now)
        assert "Thursday, September 17, 2026" in exc.value.params["when"]
    # Just after midnight of its day it is the right day, but far too early.
    with refused("checkin_too_early"):
        day.check_in(a.reference, local(TOMORROW, 0, 1))


@pytest.mark.parametrize("typed", ["", "hello", "K7QM-2XA8", "DROP TABLE appointment"])
def test_unknown_or_malformed_reference(day: Day, typed: str) -> None:
    day.book()
    with refused("checkin_unknown"):
        day.check_in(typed, START)


def test_reference_as_typed_or_scanned(day: Day) -> None:
    a = day.book()
    shown = f"{a.reference[:4]}-{a.reference[4:]}".lower()
    assert day.check_in(f"  {shown} ", START).queue_number == "A001"
    b = day.book(1)
    assert day.check_in(f"ref:{b.reference}", START).queue_number == "A002"


def test_cancelled_or_finished_appointments_are_not_checked_in(day: Day) -> None:
    a = day.book()
    booking.cancel(session=day.session, actor=day.actor, appointment=a, now=EARLIER)
    with refused("checkin_not_active"):
        day.check_in(a.reference, START)


def test_checking_in_twice_shows_the_same_number(day: Day) -> None:
    a = day.book()
    first, already = queue.check_in(session=day.session, center_id=ident(day.center),
                                    reference=a.reference, now=START)
    assert not already
    again, already = queue.check_in(session=day.session, center_id=ident(day.center),
                                    reference=a.reference, now=START + timedelta(minutes=5))
    assert already and again.queue_number == first.queue_number == "A001"


def test_numbers_have_a_letter_per_service_and_restart_each_day(day: Day) -> None:
    ext1, ext2, res = day.book(0), day.book(1), day.book(2, service=RES)
    assert day.check_in(ext1.reference, START).queue_number == "A001"
    assert day.check_in(res.reference, START).queue_number == "E001"
    assert day.check_in(ext2.reference, START).queue_number == "A002"
    next_day = TOMORROW + timedelta(days=1)
    d = day.book(3, start=local(next_day, 9))
    assert day.check_in(d.reference, local(next_day, 9)).queue_number == "A001"
    assert d.queue_day == next_day


def test_the_database_refuses_a_duplicate_number(day: Day, engine: Engine) -> None:
    a, b = day.book(0), day.book(1)
    day.check_in(a.reference, START)
    with Session(engine) as s:
        other = s.exec(select(Appointment).where(Appointment.reference == b.reference)).one()
        other.queue_day, other.queue_number = TOMORROW, "A001"
        s.add(other)
        with pytest.raises(IntegrityError):
            s.commit()


def _setup_crowd(session: Session, people: int) -> tuple[int, list[str], list[str]]:
    """`people` appointments at 09:00 tomorrow: half visa extension, half residence permit."""
    center = make_center(session, counters=people)
    cid = ident(center)
    for code in (EXT, RES):
        link = session.get(CenterService, (cid, code))
        assert link is not None
        link.capacity = people
        session.add(link)
    session.commit()
    persons = make_people(session, people)
    actor = make_account(session)
    refs: dict[ServiceCode, list[str]] = {EXT: [], RES: []}
    for i, p in enumerate(persons):
        service = EXT if i % 2 == 0 else RES
        a = booking.book(session=session, actor=actor, person=p, service=service, center_id=cid,
                         start=START, now=NOW)
        refs[service].append(a.reference)
    return cid, refs[EXT], refs[RES]


def _check_in_job(engine: Engine, cid: int, reference: str) -> Callable[[], str]:
    def job() -> str:
        with Session(engine, expire_on_commit=False) as s:
            a, _already = queue.check_in(session=s, center_id=cid, reference=reference,
                                         now=START)
            assert a.queue_number is not None
            return a.queue_number
    return job


def test_numbers_are_unique_when_everyone_checks_in_at_once(
    session: Session, engine: Engine
) -> None:
    cid, ext, res = _setup_crowd(session, 30)
    outcomes = run_at_once([_check_in_job(engine, cid, r) for r in ext + res])
    assert sorted(outcomes) == sorted(
        [f"A{n:03d}" for n in range(1, 16)] + [f"E{n:03d}" for n in range(1, 16)])
    assert set(outcomes.values()) == {1}  # no number given twice


def test_one_reference_at_two_kiosks_at_once_gets_one_number(
    session: Session, engine: Engine
) -> None:
    cid, ext, _res = _setup_crowd(session, 2)
    for _round in range(3):
        outcomes = run_at_once([_check_in_job(engine, cid, ext[0]) for _ in range(4)])
        assert outcomes == {"A001": 4}


# ---------------------------------------------------------------- the counter's side


def test_call_next_takes_who_waited_longest(day: Day) -> None:
    a, b, c = day.book(0), day.book(1, service=RES), day.book(2)
    day.check_in(b.reference, START - timedelta(minutes=20))
    day.check_in(a.reference, START - timedelta(minutes=10))
    day.check_in(c.reference, START - timedelta(minutes=5))
    called = queue.call_next(session=day.session, staff=day.staff, center=day.center, now=START)
    assert (called.reference, called.status, called.queue_number) == (
        b.reference, AppointmentStatus.called, "E001")
    only_ext = queue.call_next(session=day.session, staff=day.staff, center=day.center,
                               service=EXT, now=START)
    assert only_ext.reference == a.reference
    assert queue.call_next(session=day.session, staff=day.staff, center=day.center,
                           now=START).reference == c.reference
    with refused("queue_empty"):
        queue.call_next(session=day.session, staff=day.staff, center=day.center, now=START)


def test_two_counters_calling_at_once_never_call_the_same_person(
    session: Session, engine: Engine
) -> None:
    cid, ext, res = _setup_crowd(session, 6)
    for r in ext + res:
        _check_in_job(engine, cid, r)()
    staff = ident(make_account(session, email="staff@example.com"))

    def call() -> str:
        with Session(engine, expire_on_commit=False) as s:
            center, account = s.get(Center, cid), s.get(Account, staff)
            assert center is not None and account is not None
            return queue.call_next(session=s, staff=account, center=center, now=START).reference

    outcomes = run_at_once([call for _ in range(8)])
    assert outcomes["queue_empty"] == 2
    called = [r for r in outcomes if r != "queue_empty"]
    assert sorted(called) == sorted(ext + res) and all(outcomes[r] == 1 for r in called)


def test_served_and_no_show(day: Day) -> None:
    a, b, c = day.book(0), day.book(1), day.book(2)
    day.check_in(a.reference, START)
    with refused("wrong_state") as exc:
        queue.mark_served(session=day.session, staff=day.staff, center=day.center,
                          reference=b.reference, now=START)
    assert exc.value.params == {"status": "booked"}
    queue.call_next(session=day.session, staff=day.staff, center=day.center, now=START)
    served = queue.mark_served(session=day.session, staff=day.staff, center=day.center,
                               reference=a.reference, now=START + timedelta(minutes=20))
    assert served.status == AppointmentStatus.served and served.done_at is not None
    with refused("wrong_state"):
        queue.mark_no_show(session=day.session, staff=day.staff, center=day.center,
                           reference=a.reference, now=START + timedelta(minutes=30))
    # Not yet a no-show while the person may still check in.
    with refused("no_show_too_early") as exc:
        queue.mark_no_show(session=day.session, staff=day.staff, center=day.center,
                           reference=b.reference, now=START + timedelta(minutes=15))
    assert exc.value.params == {"time": "09:15"}
    missed = queue.mark_no_show(session=day.session, staff=day.staff, center=day.center,
                                reference=b.reference, now=START + timedelta(minutes=16))
    assert missed.status == AppointmentStatus.no_show
    with refused("checkin_not_active"):
        day.check_in(b.reference, START + timedelta(minutes=10))
    # An appointment of another center is unknown here.
    other = day.book(3, center=ident(day.other))
    with refused("not_found"):
        queue.mark_served(session=day.session, staff=day.staff, center=day.center,
                          reference=other.reference, now=START)
    assert c.status == AppointmentStatus.booked


def test_day_list_is_by_time_without_cancelled(day: Day) -> None:
    late, early, gone = day.book(0, start=local(TOMORROW, 15)), day.book(1), day.book(2)
    booking.cancel(session=day.session, actor=day.actor, appointment=gone, now=EARLIER)
    day.book(3, start=local(TOMORROW + timedelta(days=1), 9))
    listed = queue.day_list(session=day.session, center=day.center, day=TOMORROW)
    assert [a.reference for a in listed] == [early.reference, late.reference]


def test_people_waiting_before(day: Day, session: Session) -> None:
    a, b, c = day.book(0), day.book(1), day.book(2, service=RES)
    for ref, minutes in ((a.reference, 20), (c.reference, 15), (b.reference, 10)):
        day.check_in(ref, START - timedelta(minutes=minutes))
    session.expire_all()
    got = {p.reference: queue.waiting_before(session=session, appointment=p)
           for p in session.exec(select(Appointment)).all()}
    assert got == {a.reference: 0, b.reference: 1, c.reference: 0}
    assert session.get(Person, a.person_id) is not None


def test_checked_in_here_is_still_at_another_center_elsewhere(day: Day) -> None:
    a = day.book()
    day.check_in(a.reference, START)
    with refused("checkin_wrong_center"):
        day.check_in(a.reference, START, center=ident(day.other))
