"""Opening calendar and slots: breaks, holidays, make-up days, closures, window, capacity."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.errors import DomainError
from backend.models import CalendarDay, CenterService, Closure, ServiceCode
from backend.services import booking, slots
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    RES,
    SHANGHAI,
    TOMORROW,
    ident,
    load_calendar,
    local,
    make_account,
    make_center,
    make_people,
)


def _local_times(found: list[slots.Slot]) -> list[str]:
    return [s.start.astimezone(SHANGHAI).strftime("%H:%M") for s in found]


def _day(session: Session, center_id: int, day: date, service: ServiceCode = EXT,
         now: datetime = NOW) -> list[slots.Slot]:
    o = slots.offer(session=session, center_id=center_id, service=service)
    return slots.day_slots(session=session, o=o, day=day, now=now)


def _code(exc: pytest.ExceptionInfo[DomainError]) -> str:
    return exc.value.code


MORNING = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
AFTERNOON = ["13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]


def test_lunch_break_has_no_slot(session: Session) -> None:
    """Two periods a day: slots in each, none starting or running into the break."""
    cid = ident(make_center(session))
    found = _day(session, cid, TOMORROW)
    assert _local_times(found) == MORNING + AFTERNOON
    for s in found:
        start, end = s.start.astimezone(SHANGHAI).time(), s.end.astimezone(SHANGHAI).time()
        assert not (time(12) < end <= time(13, 30) or time(12) <= start < time(13, 30))
        assert s.end - s.start == timedelta(minutes=30)


def test_slot_must_fit_wholly_in_a_period(session: Session) -> None:
    """A period that does not end on a slot boundary loses its last partial slot."""
    cid = ident(make_center(session, hours=[(time(9), time(10, 45)), (time(14), time(14, 20))]))
    found = _day(session, cid, TOMORROW)
    assert _local_times(found) == ["09:00", "09:30", "10:00"]  # 10:30 would end at 11:00


def test_public_holiday_has_no_slots(session: Session) -> None:
    load_calendar(session)
    cid = ident(make_center(session))
    assert _day(session, cid, date(2026, 10, 1)) == []
    assert _day(session, cid, date(2026, 9, 30)) != []
    o = slots.offer(session=session, center_id=cid, service=EXT)
    with pytest.raises(DomainError) as exc:
        slots.check_slot(o=o, start=local(date(2026, 10, 1), 9), now=NOW)
    assert _code(exc) == "slot_not_found"


def test_make_up_working_saturday_has_weekday_slots(session: Session) -> None:
    """10 October 2026 is a Saturday worked instead of a holiday: ordinary weekday hours."""
    load_calendar(session)
    cid = ident(make_center(session))
    saturday = date(2026, 10, 10)
    assert saturday.weekday() == 5
    assert _local_times(_day(session, cid, saturday)) == MORNING + AFTERNOON
    assert _day(session, cid, date(2026, 10, 17)) == []
    assert _day(session, cid, date(2026, 9, 19)) == []


def test_make_up_day_inserted_by_hand(session: Session, engine: Engine) -> None:
    """Calendar rows decide, not the data file: a made-up working Sunday opens."""
    cid = ident(make_center(session))
    sunday = date(2026, 9, 20)
    assert _day(session, cid, sunday) == []
    session.add(CalendarDay(day=sunday, is_holiday=False))
    session.commit()
    with Session(engine) as fresh:  # calendar days are read once per session
        assert _local_times(_day(fresh, cid, sunday)) == MORNING + AFTERNOON


def test_closure_days_have_no_slots(session: Session) -> None:
    cid = ident(make_center(session))
    other = ident(make_center(session, name="Other center"))
    session.add(Closure(center_id=cid, date_from=date(2026, 9, 22),
                        date_to=date(2026, 9, 23), reason="Maintenance"))
    session.commit()
    assert _day(session, cid, date(2026, 9, 21)) != []
    assert _day(session, cid, date(2026, 9, 22)) == []
    assert _day(session, cid, date(2026, 9, 23)) == []
    assert _day(session, cid, date(2026, 9, 24)) != []
    assert _day(session, other, date(2026, 9, 22)) != []


def test_booking_window_from_tomorrow_to_thirty_days(session: Session) -> None:
    """Today and day 31 are refused, tomorrow and day 30 are bookable."""
    cid = ident(make_center(session, weekdays=tuple(range(7))))
    o = slots.offer(session=session, center_id=cid, service=EXT)
    today = NOW.date()
    assert o.window(NOW) == (today + timedelta(days=1), today + timedelta(days=30))
    for day in (today, today + timedelta(days=31), today - timedelta(days=1)):
        assert slots.day_slots(session=session, o=o, day=day, now=NOW) == []
        with pytest.raises(DomainError) as exc:
            slots.check_slot(o=o, start=local(day, 14), now=NOW)
        assert _code(exc) == "outside_window"
        assert exc.value.params == {"days": 30}
    for day in (today + timedelta(days=1), today + timedelta(days=30)):
        assert slots.day_slots(session=session, o=o, day=day, now=NOW) != []
        assert slots.check_slot(o=o, start=local(day, 14), now=NOW) == local(day, 14, 30)


def test_window_follows_the_local_date_not_utc(session: Session) -> None:
    """At 01:00 in Shanghai it is still yesterday in UTC; 'today' is the local day."""
    cid = ident(make_center(session, weekdays=tuple(range(7))))
    o = slots.offer(session=session, center_id=cid, service=EXT)
    early = local(date(2026, 9, 16), 1)
    assert early.astimezone(UTC).date() == date(2026, 9, 15)
    assert slots.day_slots(session=session, o=o, day=date(2026, 9, 16), now=early) == []
    assert slots.day_slots(session=session, o=o, day=date(2026, 9, 17), now=early) != []


@pytest.mark.parametrize("hour,minute", [(9, 15), (12, 0), (13, 0), (16, 45), (17, 0), (8, 30)])
def test_start_not_on_a_slot_is_refused(session: Session, hour: int, minute: int) -> None:
    cid = ident(make_center(session))
    o = slots.offer(session=session, center_id=cid, service=EXT)
    with pytest.raises(DomainError) as exc:
        slots.check_slot(o=o, start=local(TOMORROW, hour, minute), now=NOW)
    assert _code(exc) == "slot_not_found"


def test_start_off_by_seconds_is_refused(session: Session) -> None:
    cid = ident(make_center(session))
    o = slots.offer(session=session, center_id=cid, service=EXT)
    with pytest.raises(DomainError) as exc:
        slots.check_slot(o=o, start=local(TOMORROW, 9) + timedelta(seconds=1), now=NOW)
    assert _code(exc) == "slot_not_found"


def test_service_not_offered_and_unknown_center(session: Session) -> None:
    cid = ident(make_center(session, services=(EXT,)))
    with pytest.raises(DomainError) as exc:
        slots.offer(session=session, center_id=cid, service=RES)
    assert _code(exc) == "service_not_offered"
    with pytest.raises(DomainError) as exc:
        slots.offer(session=session, center_id=9999, service=EXT)
    assert _code(exc) == "not_found"


def test_center_service_overrides_capacity_and_slot_length(session: Session) -> None:
    """A service's own capacity and slot length win over the center's counters and length."""
    cid = ident(make_center(session, counters=3, slot_minutes=30))
    link = session.get(CenterService, (cid, RES))
    assert link is not None
    link.capacity, link.slot_minutes = 1, 45
    session.add(link)
    session.commit()
    ext = _day(session, cid, TOMORROW, EXT)
    res = _day(session, cid, TOMORROW, RES)
    assert {s.capacity for s in ext} == {3} and len(ext) == 13
    assert {s.capacity for s in res} == {1}
    assert _local_times(res) == [
        "09:00", "09:45", "10:30", "11:15", "13:30", "14:15", "15:00", "15:45"
    ]
    assert all(s.end - s.start == timedelta(minutes=45) for s in res)
    # The override also decides what can be booked, and how many.
    people = make_people(session, 2)
    actor = make_account(session)
    booking.book(session=session, actor=actor, person=people[0], service=RES,
                 center_id=cid, start=local(TOMORROW, 9, 45), now=NOW)
    with pytest.raises(DomainError) as exc:
        booking.book(session=session, actor=actor, person=people[1], service=RES,
                     center_id=cid, start=local(TOMORROW, 9, 45), now=NOW)
    assert _code(exc) == "slot_full"
    with pytest.raises(DomainError) as exc:
        booking.book(session=session, actor=actor, person=people[1], service=RES,
                     center_id=cid, start=local(TOMORROW, 9, 30), now=NOW)
    assert _code(exc) == "slot_not_found"


def test_availability_counts_seats_left(session: Session) -> None:
    load_calendar(session)
    cid = ident(make_center(session))
    people = make_people(session, 2)
    actor = make_account(session)
    for p in people:
        booking.book(session=session, actor=actor, person=p, service=EXT, center_id=cid,
                     start=local(TOMORROW, 9), now=NOW)
    o = slots.offer(session=session, center_id=cid, service=EXT)
    days = slots.availability(session=session, o=o, now=NOW)
    by_day = {d.day: d for d in days}
    assert by_day[TOMORROW].slots == 13
    assert by_day[TOMORROW].available == 13 * 3 - 2
    assert by_day[date(2026, 9, 18)].available == 13 * 3
    # Only open days of the window: no weekend, no holiday, the make-up Saturday included.
    assert date(2026, 9, 19) not in by_day and date(2026, 10, 1) not in by_day
    assert date(2026, 10, 10) in by_day
    assert min(by_day) == TOMORROW and max(by_day) == date(2026, 10, 16)
    nine = _day(session, cid, TOMORROW)[0]
    assert (nine.capacity, nine.available) == (3, 1)
    assert slots.next_available(session=session, o=o, now=NOW) == TOMORROW


def test_next_available_skips_full_days(session: Session) -> None:
    cid = ident(make_center(session, counters=1, hours=[(time(9), time(9, 30))]))
    people = make_people(session, 1)
    actor = make_account(session)
    booking.book(session=session, actor=actor, person=people[0], service=EXT,
                 center_id=cid, start=local(TOMORROW, 9), now=NOW)
    o = slots.offer(session=session, center_id=cid, service=EXT)
    assert slots.next_available(session=session, o=o, now=NOW) == date(2026, 9, 18)


def test_times_are_utc_in_storage_and_local_in_slots(session: Session, engine: Engine) -> None:
    """09:00 in Shanghai is 01:00 UTC: slot starts are UTC, and the database holds UTC."""
    cid = ident(make_center(session))
    first = _day(session, cid, TOMORROW)[0]
    assert first.start == datetime(2026, 9, 17, 1, 0, tzinfo=UTC)
    assert first.start.utcoffset() == timedelta(0)
    assert first.start.astimezone(SHANGHAI).hour == 9
    people = make_people(session, 1)
    actor = make_account(session)
    booking.book(session=session, actor=actor, person=people[0], service=EXT,
                 center_id=cid, start=local(TOMORROW, 9), now=NOW)
    with engine.connect() as conn:
        raw_start = conn.execute(text("SELECT start FROM appointment")).scalar_one()
        raw_counter = conn.execute(text("SELECT start FROM slotcounter")).scalar_one()
    for raw in (raw_start, raw_counter):
        assert str(raw).startswith("2026-09-17 01:00:00")
