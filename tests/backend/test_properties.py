"""Property tests (hypothesis): slots, working days and booking references hold their
rules for any schedule, calendar and input, not only the examples of the other tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backend.errors import DomainError
from backend.models import Center, ServiceCode
from backend.services import references, slots
from backend.services.calendar import CenterCalendar, Period
from backend.services.workdays import WorkingCalendar

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
SHANGHAI = ZoneInfo("Asia/Shanghai")
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


# ---------------------------------------------------------------- slots

@st.composite
def day_periods(draw: st.DrawFn) -> list[Period]:
    """Up to three opening periods of a day, in order and not overlapping (whole minutes)."""
    cuts = sorted(draw(st.sets(st.integers(6 * 60, 21 * 60), max_size=6)))
    cuts = cuts[: len(cuts) - len(cuts) % 2]
    periods = []
    for opens, closes in zip(cuts[::2], cuts[1::2], strict=True):
        periods.append(Period(time(opens // 60, opens % 60), time(closes // 60, closes % 60)))
    return periods


@st.composite
def offers(draw: st.DrawFn) -> slots.Offer:
    weekly = {wd: draw(day_periods()) for wd in range(7) if draw(st.booleans())}
    holidays = draw(st.sets(days, max_size=20))
    workdays = draw(st.sets(days, max_size=10)) - holidays
    closure_start = draw(days)
    cal = CenterCalendar(
        center_id=1, timezone=draw(st.sampled_from(["Asia/Shanghai", "Asia/Urumqi", "UTC"])),
        weekly=weekly, holidays=holidays, workdays=workdays,
        closures=[(closure_start, closure_start + timedelta(days=draw(st.integers(0, 10))))],
    )
    center = Center(id=1, name_en="C", name_zh="C", province="P", city_en="C", city_zh="C",
                    address_en="A", address_zh="A")
    return slots.Offer(center=center, service=ServiceCode.visa_extension, cal=cal,
                       slot_minutes=draw(st.sampled_from([10, 15, 20, 30, 45, 60])),
                       capacity=draw(st.integers(1, 10)))


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@SETTINGS
@given(o=offers(), day=days)
def test_slots_fit_wholly_in_an_opening_period_in_order(o: slots.Offer, day: date) -> None:
    starts = o.starts(day)
    length = timedelta(minutes=o.slot_minutes)
    periods = o.cal.periods(day)
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for start in starts:
        local_start, local_end = start.astimezone(o.cal.tz), (start + length).astimezone(o.cal.tz)
        assert local_start.date() == day and start.tzinfo == UTC
        assert any(p.opens <= local_start.time() and local_end.time() <= p.closes
                   and local_end.date() == day for p in periods)
    # As many slots as whole slot lengths fit in the periods; none on a closed day.
    fit = sum((minutes(p.closes) - minutes(p.opens)) // o.slot_minutes for p in periods)
    assert len(starts) == fit
    if o.cal.is_closed(day):
        assert starts == []


@SETTINGS
@given(o=offers(), day=days)
def test_a_make_up_working_day_has_the_slots_of_an_ordinary_weekday(
    o: slots.Offer, day: date
) -> None:
    assume(day.weekday() >= 5 and not o.cal.is_closed(day))
    o.cal.workdays = {day}
    ordinary = o.cal.weekly.get(next((wd for wd in range(5) if o.cal.weekly.get(wd)), 0), [])
    assert [p for p in o.cal.periods(day)] == ordinary


@SETTINGS
@given(o=offers(), data=st.data())
def test_a_time_is_bookable_exactly_when_it_is_a_listed_slot_in_the_window(
    o: slots.Offer, data: st.DataObject
) -> None:
    now = datetime(2026, 9, 16, 10, 0, tzinfo=SHANGHAI)
    first, last = o.window(now)
    day = data.draw(st.dates(min_value=first - timedelta(days=3),
                             max_value=last + timedelta(days=3)))
    listed = o.starts(day)
    minute = data.draw(st.integers(0, 24 * 60 - 1))
    moment = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=o.cal.tz)
    candidate = data.draw(st.sampled_from(listed)) if listed and data.draw(st.booleans()) \
        else moment.astimezone(UTC)
    if not first <= candidate.astimezone(o.cal.tz).date() <= last:
        with pytest.raises(DomainError) as refused:
            slots.check_slot(o=o, start=candidate, now=now)
        assert refused.value.code == "outside_window"
    elif candidate in o.starts(candidate.astimezone(o.cal.tz).date()):
        end = slots.check_slot(o=o, start=candidate, now=now)
        assert end - candidate == timedelta(minutes=o.slot_minutes)
    else:
        with pytest.raises(DomainError) as refused:
            slots.check_slot(o=o, start=candidate, now=now)
        assert refused.value.code == "slot_not_found"


# ---------------------------------------------------------------- working days

@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    holidays = draw(st.sets(days, max_size=40))
    weekends = draw(st.sets(days.filter(lambda d: d.weekday() >= 5), max_size=10))
    return WorkingCalendar(holidays=holidays, workdays=weekends - holidays)


@SETTINGS
@given(cal=calendars(), start=days, n=st.integers(0, 60))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n == 0:
        assert end == start
    else:
        assert end > start and cal.is_working_day(end)
        assert cal.add_working_days(start, n - 1) < end
    # Never more than n working days plus every day off in between.
    days_off = sum(1 for i in range(1, (end - start).days + 1)
                   if not cal.is_working_day(start + timedelta(days=i)))
    assert (end - start).days == n + days_off


@SETTINGS
@given(cal=calendars(), a=days, b=days, c=days)
def test_working_days_between_add_up(cal: WorkingCalendar, a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    assume((c - a).days <= 400)
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == (
        cal.working_days_between(a, c))
    assert cal.working_days_between(c, a) == 0


@SETTINGS
@given(cal=calendars(), day=days)
def test_holidays_are_never_and_plain_weekends_only_when_made_up_working_days(
    cal: WorkingCalendar, day: date
) -> None:
    if day in cal.holidays:
        assert not cal.is_working_day(day)
    elif day.weekday() >= 5:
        assert cal.is_working_day(day) == (day in cal.workdays)
    else:
        assert cal.is_working_day(day)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(holidays=set(), workdays=set()).add_working_days(date(2026, 1, 5), -1)


# ---------------------------------------------------------------- references

alphabet = st.sampled_from(references.ALPHABET)
bodies = st.text(alphabet, min_size=references.BODY_LENGTH, max_size=references.BODY_LENGTH)


def with_check(body: str) -> str:
    return body + references._check_char(body)


@SETTINGS
@given(st.integers(0, 10_000))
def test_new_references_are_valid_and_readable(_: int) -> None:
    ref = references.new_reference()
    assert len(ref) == 8 and set(ref) <= set(references.ALPHABET)
    assert not set(ref) & set("01IO")
    assert references.is_valid(ref)
    assert references.normalise(references.display(ref).lower()) == ref
    assert references.is_valid(" " + references.display(ref).lower() + " ")


@SETTINGS
@given(body=bodies, position=st.integers(0, 7), symbol=alphabet)
def test_any_single_wrong_symbol_is_caught(body: str, position: int, symbol: str) -> None:
    ref = with_check(body)
    assume(ref[position] != symbol)
    assert not references.is_valid(ref[:position] + symbol + ref[position + 1:])


@SETTINGS
@given(body=bodies, position=st.integers(0, references.BODY_LENGTH - 2))
def test_swapped_neighbours_are_caught_unless_16_apart(body: str, position: int) -> None:
    """Weights 2i+1 and 2i+3 differ by 2: a swap shifts the sum by 2x(difference), which
    is 0 modulo 32 only when the two symbols are 16 places apart in the alphabet."""
    a, b = body[position], body[position + 1]
    assume(a != b)
    swapped = body[:position] + b + a + body[position + 2:]
    caught = not references.is_valid(swapped + references._check_char(body))
    distance = abs(references.ALPHABET.index(a) - references.ALPHABET.index(b))
    assert caught == (distance != 16)


@SETTINGS
@given(st.text(max_size=40))
def test_any_text_is_judged_without_error(text: str) -> None:
    assert isinstance(references.is_valid(text), bool)
