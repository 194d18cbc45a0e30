"""Counting working days as the statutory time limits do.

The Exit and Entry Administration Regulation counts its time limits (7 working days for
visa and stay-permit matters, 15 for residence permits) in working days, excluding statutory
holidays. Weekends are days off, except the make-up working days (调休上班) China schedules
on some weekends; those are counted as working days (assumed: the rule does not say, see
shared/data/guide-facts.md). A center's own closures do not stop the statutory clock.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from backend.models import CalendarDay, ServiceCode

# Statutory maximum per service, in working days (Regulation Arts 13, 18, 36).
TIME_LIMITS: dict[ServiceCode, int] = {
    ServiceCode.visa_extension: 7,
    ServiceCode.visa_renewal: 7,
    ServiceCode.visa_reissue: 7,
    ServiceCode.stay_permit: 7,
    ServiceCode.residence_permit: 15,
}


@dataclass(frozen=True)
class WorkingCalendar:
    """Public holidays and make-up working days of the national calendar."""

    holidays: Collection[date]
    workdays: Collection[date]

    def is_working_day(self, day: date) -> bool:
        """A weekday that is not a holiday, or a weekend day worked instead of a holiday."""
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.workdays

    def add_working_days(self, start: date, n: int) -> date:
        """The day on which the `n`th working day after `start` ends (`start` not counted).

        From Tuesday 29 September 2026, 7 working days end on Wednesday 14 October: 30 Sep,
        then the National Day holiday (1-7 Oct), 8, 9, Saturday 10 (a make-up day), 12, 13, 14.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def load(*, session: Session) -> WorkingCalendar:
    """The national calendar as recorded (holidays and make-up days)."""
    days = session.exec(select(CalendarDay)).all()
    return WorkingCalendar(
        holidays={d.day for d in days if d.is_holiday},
        workdays={d.day for d in days if not d.is_holiday},
    )
