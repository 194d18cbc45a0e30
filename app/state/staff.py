"""The staff console's actions: the day at the center, the queue, closures, capacity and
application steps. The server decides (and refuses another center's staff); these ask."""

from __future__ import annotations

from typing import Any

from app.api_client import ApiError
from app.state.session import AppState, FormResult, parse_date

STAFF_ROLES = ("officer", "admin")


def is_staff(state: AppState) -> bool:
    return bool(state.me and state.me["account"]["role"] in STAFF_ROLES)


def home_center(state: AppState) -> int | None:
    """The center the console opens on: the account's own (officers always have one)."""
    if not state.me:
        return None
    own = state.me["account"].get("center_id")
    return int(own) if own is not None else state.staff_center_id


async def _ask(state: AppState, call: Any) -> FormResult:
    try:
        return FormResult(data=await call)
    except ApiError as error:
        return state.failed(error)


async def load_day(state: AppState, center_id: int) -> FormResult:
    """Today's appointments at the center (data: [StaffAppointmentPublic]) and its name."""
    try:
        day = await state.api.staff_day(center_id)
        info = await state.api.kiosk_info(center_id)
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"appointments": day, "center_name": info["center_name"]})


async def call_next(state: AppState, center_id: int) -> FormResult:
    return await _ask(state, state.api.staff_call_next(center_id))


async def mark(state: AppState, center_id: int, reference: str, outcome: str) -> FormResult:
    """`outcome`: "served" or "no-show"."""
    return await _ask(state, state.api.staff_mark(center_id, reference, outcome))


async def desk_check_in(state: AppState, center_id: int, reference: str) -> FormResult:
    if not reference.strip():
        _ = state.tr
        return FormResult(fields={"reference": _(
            "Type the reference of your appointment, for example K7QM-2XA9.")})
    result = await _ask(state, state.api.staff_check_in(center_id, reference=reference))
    if result.message and not result.fields:
        return FormResult(fields={"reference": result.message})
    return result


async def load_closures(state: AppState, center_id: int) -> FormResult:
    return await _ask(state, state.api.staff_closures(center_id))


async def add_closure(
    state: AppState, center_id: int, *, first: str, last: str, reason: str
) -> FormResult:
    """Close the center from `first` to `last` (dates as typed; the last may be left empty)."""
    _ = state.tr
    result = FormResult()
    date_from = parse_date(first)
    date_to = parse_date(last) if last.strip() else date_from
    if date_from is None:
        result.fields["first"] = _("Enter the date as year-month-day, e.g. 1990-05-17.")
    if last.strip() and date_to is None:
        result.fields["last"] = _("Enter the date as year-month-day, e.g. 1990-05-17.")
    if not result.ok:
        return result
    assert date_from is not None and date_to is not None
    try:
        data = await state.api.staff_add_closure(center_id, date_from=date_from,
                                                 date_to=date_to, reason=reason.strip())
    except ApiError as error:
        if error.code in ("closure_dates", "closure_too_long"):
            return FormResult(fields={"last": error.message})
        if error.code == "closure_in_past":
            return FormResult(fields={"first": error.message})
        return state.failed(error)
    return FormResult(data=data)


async def load_capacity(state: AppState, center_id: int) -> FormResult:
    return await _ask(state, state.api.staff_capacity(center_id))


async def set_capacity(state: AppState, center_id: int, service: str,
                       capacity: int) -> FormResult:
    return await _ask(state, state.api.staff_set_capacity(center_id, service, capacity))


async def load_application(state: AppState, number: str) -> FormResult:
    _ = state.tr
    cleaned = number.strip().upper()
    if not cleaned:
        return FormResult(fields={"number": _(
            "Enter the application number as on your receipt, for example CD2026-507821.")})
    try:
        return FormResult(data=await state.api.staff_application(cleaned))
    except ApiError as error:
        if error.code == "not_found":
            return FormResult(fields={"number": _("No application has this number.")})
        return state.failed(error)


async def add_step(state: AppState, number: str, *, status: str, note: str) -> FormResult:
    _ = state.tr
    if not status:
        return FormResult(fields={"status": _("Choose the step to add.")})
    try:
        return FormResult(data=await state.api.staff_add_event(number, status=status,
                                                               note=note.strip()))
    except ApiError as error:
        if error.code == "note_required":
            return FormResult(fields={"note": error.message})
        if error.code == "status_not_allowed":
            return FormResult(fields={"status": error.message})
        return state.failed(error)
