"""Open now, closing soon, or closed and when it opens: computed in Asia/Shanghai across
lunch breaks, closures, public holidays and make-up working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from backend.data.sample import load_reference_data
from backend.models import CalendarDay, Center, Closure
from backend.services import calendar, centers
from backend.services.calendar import CenterCalendar, Period

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKDAY = [Period(time(9), time(12)), Period(time(13, 30), time(17))]


def make_calendar(**overrides: object) -> CenterCalendar:
    """Mon–Fri 09:00–12:00 and 13:30–17:00; National Day 2026 (1–7 Oct) off, Saturday
    10 Oct a make-up working day; closed for a staff day on Wednesday 11 Nov 2026."""
    values: dict[str, object] = {
        "center_id": 1,
        "timezone": "Asia/Shanghai",
        "weekly": {day: list(WORKDAY) for day in range(5)},
        "holidays": {date(2026, 10, 1) + timedelta(days=i) for i in range(7)},
        "workdays": {date(2026, 10, 10)},
        "closures": [(date(2026, 11, 11), date(2026, 11, 11))],
    }
    values.update(overrides)
    return CenterCalendar(**values)  # type: ignore[arg-type]


def at(day: str, clock: str) -> datetime:
    """A moment in Shanghai time."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=SHANGHAI)


def status(cal: CenterCalendar, moment: datetime) -> tuple[str, str | None, str | None]:
    s = centers.status_at(cal, moment)

    def local(v: datetime | None) -> str | None:
        return v.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if v else None

    return s.state, local(s.until), local(s.opens_at)


# Monday 16 Nov 2026: an ordinary working day.
@pytest.mark.parametrize(("clock", "expected"), [
    ("08:59", ("closed", None, "2026-11-16 09:00")),
    ("09:00", ("open", "2026-11-16 12:00", "2026-11-16 13:30")),
    ("11:29", ("open", "2026-11-16 12:00", "2026-11-16 13:30")),
    # Within 30 minutes of the lunch break: closes soon, and opens again after it.
    ("11:30", ("closes_soon", "2026-11-16 12:00", "2026-11-16 13:30")),
    ("11:59", ("closes_soon", "2026-11-16 12:00", "2026-11-16 13:30")),
    # The break itself.
    ("12:00", ("closed", None, "2026-11-16 13:30")),
    ("13:29", ("closed", None, "2026-11-16 13:30")),
    ("13:30", ("open", "2026-11-16 17:00", "2026-11-17 09:00")),
    ("16:45", ("closes_soon", "2026-11-16 17:00", "2026-11-17 09:00")),
    ("17:00", ("closed", None, "2026-11-17 09:00")),
    ("23:59", ("closed", None, "2026-11-17 09:00")),
])
def test_a_working_day_with_a_lunch_break(clock: str, expected: tuple[str, ...]) -> None:
    assert status(make_calendar(), at("2026-11-16", clock)) == expected


def test_the_time_zone_is_shanghai_whatever_the_moment_is_given_in() -> None:
    cal = make_calendar()
    # 02:00 UTC is 10:00 in Shanghai; 09:30 UTC on Monday is 17:30 there (closed).
    assert status(cal, datetime(2026, 11, 16, 2, 0, tzinfo=UTC))[0] == "open"
    assert status(cal, datetime(2026, 11, 16, 9, 30, tzinfo=UTC)) == (
        "closed", None, "2026-11-17 09:00")
    # Sunday 23:30 UTC is already Monday 07:30 in Shanghai: opens at 09:00 the same day.
    assert status(cal, datetime(2026, 11, 15, 23, 30, tzinfo=UTC)) == (
        "closed", None, "2026-11-16 09:00")


def test_the_weekend_opens_on_monday() -> None:
    assert status(make_calendar(), at("2026-11-20", "17:30")) == (
        "closed", None, "2026-11-23 09:00")
    assert status(make_calendar(), at("2026-11-21", "10:00")) == (
        "closed", None, "2026-11-23 09:00")


def test_public_holidays_are_closed_and_skipped() -> None:
    cal = make_calendar()
    # The evening before National Day: next opening after the seven days off.
    assert status(cal, at("2026-09-30", "17:30")) == ("closed", None, "2026-10-08 09:00")
    # A holiday on a weekday, during what would be opening hours.
    assert status(cal, at("2026-10-02", "10:00")) == ("closed", None, "2026-10-08 09:00")


def test_a_make_up_saturday_is_a_working_day() -> None:
    cal = make_calendar()
    # Friday evening: the next opening is the make-up Saturday, not Monday.
    assert status(cal, at("2026-10-09", "17:30")) == ("closed", None, "2026-10-10 09:00")
    assert status(cal, at("2026-10-10", "10:00")) == (
        "open", "2026-10-10 12:00", "2026-10-10 13:30")
    assert status(cal, at("2026-10-10", "16:31")) == (
        "closes_soon", "2026-10-10 17:00", "2026-10-12 09:00")
    # An ordinary Saturday stays closed.
    assert status(cal, at("2026-10-17", "10:00"))[0] == "closed"


def test_a_closure_is_closed_and_skipped() -> None:
    cal = make_calendar()
    assert status(cal, at("2026-11-11", "10:00")) == ("closed", None, "2026-11-12 09:00")
    # The day before: after closing, the next opening is the day after the closure.
    assert status(cal, at("2026-11-10", "16:40")) == (
        "closes_soon", "2026-11-10 17:00", "2026-11-12 09:00")


def test_touching_periods_are_one_opening() -> None:
    cal = make_calendar(weekly={0: [Period(time(9), time(12)), Period(time(12), time(17))]})
    # 11:50 is not "closes soon": the center stays open through noon.
    assert status(cal, at("2026-11-16", "11:50")) == ("open", "2026-11-16 17:00",
                                                      "2026-11-23 09:00")


def test_a_center_that_never_opens_has_no_next_opening() -> None:
    assert status(make_calendar(weekly={}), at("2026-11-16", "10:00")) == ("closed", None, None)


def test_open_now_agrees_with_the_calendar() -> None:
    cal = make_calendar()
    start = at("2026-09-28", "00:00")
    for quarter in range(4 * 24 * 21):  # three weeks around National Day, every 15 minutes
        moment = start + timedelta(minutes=15 * quarter)
        assert (centers.status_at(cal, moment).state != "closed") == cal.is_open_at(moment)


def test_holidays_closures_and_make_up_days_ahead(session: Session) -> None:
    load_reference_data(session)
    center = session.exec(select(Center)).first()
    assert center is not None and center.id is not None
    session.add(Closure(center_id=center.id, date_from=date(2026, 9, 29),
                        date_to=date(2026, 9, 30), reason="Moving"))
    session.commit()
    cal = calendar.load(session=session, center=center)
    closed, extra = centers._closed_days(session, cal, "en", date(2026, 9, 15),
                                         date(2026, 10, 12))
    assert [(c.kind, c.date_from.isoformat(), c.date_to.isoformat(), c.name) for c in closed] == [
        ("holiday", "2026-09-25", "2026-09-27", "Mid-Autumn Festival"),
        ("closure", "2026-09-29", "2026-09-30", "Moving"),
        ("holiday", "2026-10-01", "2026-10-07", "National Day"),
    ]
    assert [(d.date.isoformat(), d.name) for d in extra] == [
        ("2026-09-20", "Make-up working day"), ("2026-10-10", "Make-up working day")]
    assert extra[0].hours
    closed_zh, extra_zh = centers._closed_days(session, cal, "zh", date(2026, 9, 15),
                                               date(2026, 10, 12))
    assert closed_zh[2].name == "国庆节" and extra_zh[0].name == "调休上班"
    days = session.exec(select(CalendarDay)).all()
    assert days  # the calendar came from the data file
