"""Booking an appointment, and changing or cancelling one: the actions behind those screens.

The rules (capacity, one active appointment per service, the cut-off, the number of changes)
live on the server. These actions only ask the API and hand back what it said, as a
FormResult whose `data` the screens show.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from app.api_client import ApiError
from app.state.session import AppState, BookingDraft, FormResult

CENTERS_SHOWN = 10  # centers listed before asking to narrow the search
TIME_TAKEN = ("slot_full", "slot_not_found")


def parse_time(value: str) -> datetime:
    """A time from the API (ISO 8601 with its offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _not_verified(state: AppState) -> FormResult | None:
    if state.applicant_id is None:
        _ = state.tr
        return FormResult(message=_("Please verify your identity first. Then you can book and "
                                    "see your documents."))
    return None


async def load_services(state: AppState) -> FormResult:
    """The five services, named in the user's language."""
    try:
        return FormResult(data=await state.api.services())
    except ApiError as error:
        return state.failed(error)


def choose_service(state: AppState, service: dict[str, Any]) -> None:
    """Start a new booking for `service` (any earlier choices are dropped, except a center
    chosen first in the directory when it handles this service)."""
    draft = state.booking
    center = draft.center if draft.from_directory and draft.center else None
    if center is not None and service["code"] in center.get("services", []):
        state.booking = BookingDraft(service={"code": service["code"], "name": service["name"]},
                                     center=center, from_directory=True)
        return
    state.booking = BookingDraft(service={"code": service["code"], "name": service["name"]})


async def search_centers(state: AppState, *, q: str = "") -> FormResult:
    """Centers offering the chosen service that match `q`; the API gives each its next
    free day (`next_available`). data: {"centers": [CenterPublic], "total": n}
    """
    service = state.booking.service
    if service is None:
        return FormResult(message=None, data={"centers": [], "total": 0})
    try:
        found = await state.api.centers(q.strip() or None, service["code"])
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"centers": found[:CENTERS_SHOWN], "total": len(found)})


def choose_center(state: AppState, center: dict[str, Any]) -> None:
    state.booking = replace(state.booking, center=center, day=None, slot=None, problem=None)


async def load_days(state: AppState) -> FormResult:
    """The days of the booking window that still have free places (data: [DayPublic])."""
    draft = state.booking
    if draft.service is None or draft.center is None:
        return FormResult(data=[])
    try:
        days = await state.api.center_days(draft.center["id"], service=draft.service["code"])
    except ApiError as error:
        return state.failed(error)
    return FormResult(data=[d for d in days if d["available"] > 0])


def choose_day(state: AppState, day: str) -> None:
    state.booking = replace(state.booking, day=day, slot=None, problem=None)


async def load_slots(state: AppState) -> FormResult:
    """The times of the chosen day with free places (full ones are not offered).

    When changing an appointment its own time is left out: the server would refuse it.
    """
    draft = state.booking
    if draft.service is None or draft.center is None or draft.day is None:
        return FormResult(data=[])
    try:
        slots = await state.api.center_slots(
            draft.center["id"], service=draft.service["code"], day=draft.day
        )
    except ApiError as error:
        return state.failed(error)
    current = parse_time(draft.changing["start"]) if draft.changing else None
    return FormResult(data=[
        s for s in slots if s["available"] > 0 and parse_time(s["start"]) != current
    ])


def choose_slot(state: AppState, slot: dict[str, Any]) -> None:
    state.booking = replace(state.booking, slot=slot, problem=None)


async def confirm(state: AppState) -> FormResult:
    """Book the chosen time, or move the appointment being changed to it.

    When the time was taken meanwhile, the draft keeps the day, forgets the time and
    remembers why, and the result's data is "choose_time": the screen goes back to step 4.
    """
    draft = state.booking
    if draft.service is None or draft.center is None or draft.slot is None:
        _ = state.tr
        return FormResult(message=_("Please choose a time first."))
    refused = _not_verified(state)
    if refused:
        return refused
    applicant_id = state.applicant_id
    assert applicant_id is not None
    try:
        if draft.changing:
            appointment = await state.api.reschedule(
                draft.changing["reference"], start=draft.slot["start"]
            )
        else:
            appointment = await state.api.book(
                applicant_id, service=draft.service["code"], center_id=draft.center["id"],
                start=draft.slot["start"],
            )
    except ApiError as error:
        if error.code in TIME_TAKEN:
            state.booking = replace(draft, slot=None, problem=error.message)
            return FormResult(message=error.message, data="choose_time")
        return state.failed(error)
    state.booking = BookingDraft(confirmed=appointment)
    return FormResult(data=appointment)


async def load_appointments(state: AppState) -> FormResult:
    """The applicant's appointments: data {"upcoming": [...], "past": [...]}.

    Upcoming: booked and not yet begun, soonest first. Past: the others, latest first.
    """
    refused = _not_verified(state)
    if refused:
        return refused
    assert state.applicant_id is not None
    try:
        items = await state.api.appointments(state.applicant_id)
    except ApiError as error:
        return state.failed(error)
    now = datetime.now(UTC)
    # One hit by a closure stays upcoming until it is moved, even once its time has passed.
    upcoming = [a for a in items if a["status"] == "booked" and (
        parse_time(a["start"]) > now or a.get("center_closed"))]
    past = [a for a in items if a not in upcoming]
    upcoming.sort(key=lambda a: parse_time(a["start"]))
    past.sort(key=lambda a: parse_time(a["start"]), reverse=True)
    return FormResult(data={"upcoming": upcoming, "past": past})


async def load_appointment(state: AppState, reference: str) -> FormResult:
    try:
        return FormResult(data=await state.api.appointment(reference))
    except ApiError as error:
        return state.failed(error)


def start_change(state: AppState, appointment: dict[str, Any]) -> None:
    """Begin choosing a new time for `appointment`, at its center and for its service."""
    state.booking = BookingDraft(
        service={"code": appointment["service"], "name": appointment["service_name"]},
        center={"id": appointment["center_id"], "name": appointment["center_name"],
                "address": appointment["center_address"]},
        changing=appointment,
    )


async def cancel(state: AppState, reference: str) -> FormResult:
    try:
        return FormResult(data=await state.api.cancel(reference))
    except ApiError as error:
        return state.failed(error)


async def calendar_file(state: AppState, reference: str) -> FormResult:
    """The appointment's .ics file (data: bytes)."""
    try:
        return FormResult(data=await state.api.calendar_ics(reference))
    except ApiError as error:
        return state.failed(error)
