"""Working days as the statutory time limits count them: holidays off, make-up days worked."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from backend.data.sample import load_reference_data
from backend.models import Application, ApplicationEvent, ApplicationStatus, ServiceCode
from backend.services import workdays
from backend.services.applications import expected_by

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _calendar(session: Session) -> workdays.WorkingCalendar:
    load_reference_data(session)
    return workdays.load(session=session)


def test_across_national_day_with_a_make_up_saturday(session: Session) -> None:
    cal = _calendar(session)
    start = date(2026, 9, 29)  # Tuesday before the National Day holiday (1-7 October)
    assert not cal.is_working_day(date(2026, 10, 1))
    assert cal.is_working_day(date(2026, 10, 10))  # Saturday, a make-up working day
    assert not cal.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    # 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct (4), 12 (5), 13 (6), 14 (7).
    assert cal.add_working_days(start, 4) == date(2026, 10, 10)
    assert cal.add_working_days(start, 5) == date(2026, 10, 12)
    assert cal.add_working_days(start, 7) == date(2026, 10, 14)
    assert cal.add_working_days(start, 15) == date(2026, 10, 26)
    assert cal.working_days_between(start, date(2026, 10, 14)) == 7
    assert cal.add_working_days(start, 0) == start


def test_mid_autumn_holiday_and_a_make_up_sunday(session: Session) -> None:
    cal = _calendar(session)
    # Thursday 24 Sep; Fri 25 to Sun 27 are the Mid-Autumn holiday.
    assert cal.add_working_days(date(2026, 9, 24), 1) == date(2026, 9, 28)
    assert cal.add_working_days(date(2026, 9, 24), 3) == date(2026, 9, 30)
    assert cal.is_working_day(date(2026, 9, 20))  # a Sunday worked instead


def test_without_holidays_only_weekends_are_off() -> None:
    cal = workdays.WorkingCalendar(holidays=set(), workdays=set())
    assert cal.add_working_days(date(2026, 9, 29), 7) == date(2026, 10, 8)


def test_expected_date_of_an_application_counts_from_acceptance(session: Session) -> None:
    cal = _calendar(session)

    def at(day: int, month: int = 9) -> datetime:
        return datetime(2026, month, day, 2, tzinfo=UTC)  # 10:00 in China

    application = Application(application_no="BJ2026-000001", person_id=1, center_id=1,
                              service_code=ServiceCode.visa_extension,
                              status=ApplicationStatus.under_review, submitted_at=at(28))
    events = [ApplicationEvent(application_id=1, status=ApplicationStatus.submitted, at=at(28)),
              ApplicationEvent(application_id=1, status=ApplicationStatus.accepted, at=at(29)),
              ApplicationEvent(application_id=1, status=ApplicationStatus.under_review, at=at(30))]
    assert expected_by(application=application, events=events, calendar=cal,
                       tz=SHANGHAI) == date(2026, 10, 14)
    application.service_code = ServiceCode.residence_permit
    assert expected_by(application=application, events=events, calendar=cal,
                       tz=SHANGHAI) == date(2026, 10, 26)
    # Materials missing: no date; received on 12 October: 15 working days from then.
    events += [ApplicationEvent(application_id=1, status=ApplicationStatus.more_materials,
                                at=at(9, 10)),
               ApplicationEvent(application_id=1, status=ApplicationStatus.under_review,
                                at=at(12, 10))]
    application.status = ApplicationStatus.more_materials
    assert expected_by(application=application, events=events[:-1], calendar=cal,
                       tz=SHANGHAI) is None
    application.status = ApplicationStatus.under_review
    assert expected_by(application=application, events=events, calendar=cal,
                       tz=SHANGHAI) == date(2026, 11, 2)
    application.status = ApplicationStatus.approved
    assert expected_by(application=application, events=events, calendar=cal,
                       tz=SHANGHAI) is None
