"""Bookable slots of a center and service: which times exist, how many seats are left."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.errors import DomainError
from backend.models import Center, CenterService, ServiceCode, SlotCounter
from backend.services import calendar


@dataclass(frozen=True)
class Slot:
    """One bookable time: start and end in UTC, seats in all and seats left."""

    start: datetime
    end: datetime
    capacity: int
    available: int


@dataclass(frozen=True)
class DayAvailability:
    """A bookable day and the seats left on it."""

    day: date
    available: int
    slots: int


@dataclass(frozen=True)  # shared from memory between requests: never changed in place
class Offer:
    """How `center` offers `service`: its calendar, slot length, capacity and window."""

    center: Center
    service: ServiceCode
    cal: calendar.CenterCalendar
    slot_minutes: int
    capacity: int

    def window(self, now: datetime) -> tuple[date, date]:
        """First and last bookable day: from tomorrow up to the window, in local time."""
        today = self.cal.today(now)
        return today + timedelta(days=1), today + timedelta(days=get_settings().booking_window_days)

    def in_window(self, day: date, now: datetime) -> bool:
        first, last = self.window(now)
        return first <= day <= last

    def starts(self, day: date) -> list[datetime]:
        """Start times (UTC) of the slots of `day` that fit wholly in an opening period."""
        length = timedelta(minutes=self.slot_minutes)
        result = []
        for period in self.cal.periods(day):
            start = self.cal.local(day, period.opens)
            end_of_period = self.cal.local(day, period.closes)
            while start + length <= end_of_period:
                result.append(start.astimezone(UTC))
                start += length
        return result


# Offers read in the last minute, kept until any center rule changes (calendar.version).
_offers: dict[tuple[int, ServiceCode], tuple[int, float, Offer]] = {}


def offer(*, session: Session, center_id: int, service: ServiceCode) -> Offer:
    """How a center offers a service; refuses an unknown center or a service it lacks.

    Every booking and slot query starts here, so offers come from memory while fresh.
    """
    cached = _offers.get((center_id, service))
    if (cached and cached[0] == calendar.version()
            and time.monotonic() - cached[1] < calendar.MAX_AGE_SECONDS):
        return cached[2]
    version = calendar.version()
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    link = session.get(CenterService, (center_id, service))
    if link is None:
        raise DomainError("service_not_offered")
    result = Offer(
        # A copy of its own, outside any session: it outlives this one, and the session's
        # object stays the caller's to change.
        center=Center.model_validate(center.model_dump()),
        service=service,
        cal=calendar.load(session=session, center=center),
        slot_minutes=link.slot_minutes or center.slot_minutes,
        capacity=link.capacity or center.counters,
    )
    _offers[(center_id, service)] = (version, time.monotonic(), result)
    return result


def _booked(
    session: Session, o: Offer, first: datetime, last: datetime
) -> dict[datetime, tuple[int, int]]:
    """Seats taken and capacity per slot start between two instants, from the counters."""
    rows = session.exec(
        select(SlotCounter).where(
            SlotCounter.center_id == o.center.id,
            SlotCounter.service_code == o.service,
            col(SlotCounter.start) >= first,
            col(SlotCounter.start) <= last,
        )
    ).all()
    return {r.start: (r.booked, r.capacity) for r in rows}


def _slots(session: Session, o: Offer, days: list[date]) -> dict[date, list[Slot]]:
    starts = {day: o.starts(day) for day in days}
    every = [s for day_starts in starts.values() for s in day_starts]
    if not every:
        return {day: [] for day in days}
    taken = _booked(session, o, min(every), max(every))
    length = timedelta(minutes=o.slot_minutes)
    result: dict[date, list[Slot]] = {}
    for day, day_starts in starts.items():
        result[day] = []
        for start in day_starts:
            booked, capacity = taken.get(start, (0, o.capacity))
            result[day].append(Slot(start, start + length, capacity, max(0, capacity - booked)))
    return result


def day_slots(*, session: Session, o: Offer, day: date, now: datetime) -> list[Slot]:
    """The slots of one day; none outside the booking window."""
    if not o.in_window(day, now):
        return []
    return _slots(session, o, [day])[day]


def availability(*, session: Session, o: Offer, now: datetime) -> list[DayAvailability]:
    """Every open day of the booking window with the seats left on it."""
    first, last = o.window(now)
    by_day = _slots(session, o, list(calendar.days_between(first, last)))
    return [
        DayAvailability(day, sum(s.available for s in slots), len(slots))
        for day, slots in by_day.items()
        if slots
    ]


def next_available(*, session: Session, o: Offer, now: datetime) -> date | None:
    """The first day of the window with a free seat."""
    return next((d.day for d in availability(session=session, o=o, now=now) if d.available), None)


def check_slot(*, o: Offer, start: datetime, now: datetime) -> datetime:
    """`start` if it is a slot of this offer inside the window; the end of that slot."""
    day = start.astimezone(o.cal.tz).date()
    if not o.in_window(day, now):
        raise DomainError("outside_window", days=get_settings().booking_window_days)
    if start.astimezone(UTC) not in o.starts(day):
        raise DomainError("slot_not_found")
    return start + timedelta(minutes=o.slot_minutes)
