"""When a center is open: weekly hours with breaks, public holidays, make-up working days,
and closures. Every answer is in the center's local time; callers convert to UTC.

Every booking and slot query needs these rules, and they rarely change, so they are kept
in memory: any flush that adds, changes or deletes a center, its hours, a closure or a
calendar day drops the copy at once, and a copy older than a minute is read again (for
changes made by another process).
"""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from backend.models import CalendarDay, Center, CenterService, Closure, OpeningHours


@dataclass(frozen=True)
class Period:
    """One opening period of a day, in the center's local time."""

    opens: time
    closes: time


@dataclass
class CenterCalendar:
    """A center's rules for opening, loaded once and then asked day by day."""

    center_id: int
    timezone: str
    weekly: dict[int, list[Period]]
    holidays: set[date]
    workdays: set[date]
    closures: list[tuple[date, date]]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed(self, day: date) -> bool:
        """Closed for a holiday or a closure (regardless of the weekly hours)."""
        return day in self.holidays or any(a <= day <= b for a, b in self.closures)

    def periods(self, day: date) -> list[Period]:
        """The opening periods of `day`; none on holidays, closures and days off."""
        if self.is_closed(day):
            return []
        if day in self.workdays:
            # A make-up working day (a weekend day worked instead of a holiday) keeps the
            # hours of an ordinary weekday.
            return self.weekly.get(self._ordinary_weekday(), [])
        return self.weekly.get(day.weekday(), [])

    def _ordinary_weekday(self) -> int:
        return next((wd for wd in range(5) if self.weekly.get(wd)), 0)

    def is_open_at(self, moment: datetime) -> bool:
        """Whether the center is open at `moment` (any time zone)."""
        local = moment.astimezone(self.tz)
        return any(p.opens <= local.time() < p.closes for p in self.periods(local.date()))

    def local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.tz)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()


MAX_AGE_SECONDS = 60.0
_cache: dict[int, tuple[float, CenterCalendar]] = {}
_lock = threading.Lock()
_RULE_TABLES = (Center, CenterService, CalendarDay, Closure, OpeningHours)
_version = 0


def invalidate() -> None:
    """Forget every center's rules (they are read again when next needed)."""
    global _version
    with _lock:
        _cache.clear()
        _version += 1


def version() -> int:
    """A number that changes whenever the rules are forgotten (for caches built on them)."""
    return _version


@event.listens_for(OrmSession, "after_flush")
def _on_flush(session: OrmSession, _context: Any) -> None:
    if any(isinstance(o, _RULE_TABLES) for o in chain(session.new, session.dirty, session.deleted)):
        invalidate()


def load(*, session: Session, center: Center) -> CenterCalendar:
    """Everything that decides when `center` is open (from memory when fresh)."""
    assert center.id is not None
    with _lock:
        cached = _cache.get(center.id)
    if cached and clock.monotonic() - cached[0] < MAX_AGE_SECONDS:
        return cached[1]
    cal = _read(session, center)
    with _lock:
        _cache[center.id] = (clock.monotonic(), cal)
    return cal


def _read(session: Session, center: Center) -> CenterCalendar:
    weekly: dict[int, list[Period]] = {}
    hours = session.exec(
        select(OpeningHours)
        .where(OpeningHours.center_id == center.id)
        .order_by(col(OpeningHours.weekday), col(OpeningHours.opens))
    ).all()
    for h in hours:
        weekly.setdefault(h.weekday, []).append(Period(h.opens, h.closes))
    days = session.exec(select(CalendarDay)).all()
    closures = session.exec(select(Closure).where(Closure.center_id == center.id)).all()
    return CenterCalendar(
        center_id=center.id,  # type: ignore[arg-type]
        timezone=center.timezone,
        weekly=weekly,
        holidays={d.day for d in days if d.is_holiday},
        workdays={d.day for d in days if not d.is_holiday},
        closures=[(c.date_from, c.date_to) for c in closures],
    )


def days_between(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
