"""Booking an appointment in five steps, the confirmation, and My appointments."""

from __future__ import annotations

from app.pages.booking.appointments import CancelPage, MyAppointmentsPage
from app.pages.booking.center import CenterStepPage
from app.pages.booking.done import BookedPage
from app.pages.booking.schedule import DayStepPage, ReviewStepPage, TimeStepPage
from app.pages.booking.service import ServiceStepPage

__all__ = [
    "BookedPage", "CancelPage", "CenterStepPage", "DayStepPage", "MyAppointmentsPage",
    "ReviewStepPage", "ServiceStepPage", "TimeStepPage",
]
