"""My appointments (upcoming, then past), and cancelling one after a clear question."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    detail_row,
    heading,
    link_button,
    loading,
    primary_button,
    secondary_button,
)
from app.components.shell import Screen
from app.i18n import Translator
from app.pages.booking.common import error_banner, gate, note, status_line, use_loaded
from app.state import booking
from app.state.context import use_state_ctx
from app.state.session import FormResult


def _when(_: Translator, appointment: dict[str, Any]) -> str:
    start = booking.parse_time(appointment["start"])
    return f"{_.date(start.date(), 'full')} {_.time(start)}"


def _change_notes(_: Translator, appointment: dict[str, Any]) -> tuple[bool, bool, list[str]]:
    """Whether the appointment can be changed and cancelled, and the words that say so.

    These only mirror the fields the API sent; the server decides when asked.
    """
    if appointment.get("center_closed"):
        # The center closed at its time: a new time is chosen whenever, without using a change.
        reason = appointment.get("closure_reason")
        words = (_("The service center is closed at this time (%(reason)s).", reason=reason)
                 if reason else _("The service center is closed at this time."))
        return True, True, [words + " " + _("Please choose another time. This change does not "
                                            "count against your changes.")]
    until = booking.parse_time(appointment["changeable_until"])
    until_text = _.day_time(until)
    if datetime.now(UTC) >= until:
        return False, False, [_("It is too late to change or cancel online: that was possible "
                                "until %(when)s. Please call the service center.",
                                when=until_text)]
    left = appointment["reschedules_left"]
    if left <= 0:
        return False, True, [
            _("The time has already been changed %(times)s times, so it cannot be changed "
              "again. You can still cancel until %(when)s.",
              times=_.number(appointment["reschedules"]), when=until_text)]
    return True, True, [
        _("You can change or cancel until %(when)s.", when=until_text),
        _("Changes of time left: %(n)s", n=_.number(left)),
    ]


@ft.component
def AppointmentCard(appointment: dict[str, Any], upcoming: bool) -> ft.Control:
    """One appointment: what, when, where, its reference and status, and what can be done."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    ref = appointment["reference"]

    async def change() -> None:
        booking.start_change(state, appointment)
        page.navigate(f"/appointments/{ref}/day")

    rows: list[ft.Control] = [
        ft.Text(appointment["service_name"], size=theme.size("title_medium"),
                weight=ft.FontWeight.W_600, color=theme.TEXT),
        status_line(_, "center_closed" if appointment.get("center_closed")
                    else appointment["status"]),
        detail_row(_("Date and time"), _when(_, appointment)),
        detail_row(_("Service center"), appointment["center_name"]),
        detail_row(_("Reference"), appointment["reference_display"]),
    ]
    if appointment["person_name"] != state.applicant_name:
        rows.append(detail_row(_("Applicant"), appointment["person_name"]))
    if upcoming:
        can_change, can_cancel, notes = _change_notes(_, appointment)
        closed = bool(appointment.get("center_closed"))
        if closed:
            rows += [banner(text, kind="warning", key=f"closed-{ref}") for text in notes]
        else:
            rows += [note(text) for text in notes]
        if can_change:
            rows.append(primary_button(_("Choose another time") if closed else _("Change time"),
                                       change, icon=ft.Icons.EDIT_CALENDAR, key=f"change-{ref}"))
        if can_cancel:
            rows.append(secondary_button(
                _("Cancel appointment"), lambda: page.navigate(f"/appointments/{ref}/cancel"),
                icon=ft.Icons.EVENT_BUSY, key=f"cancel-{ref}"))
    return ft.Semantics(
        identifier=f"appointment-{ref}",
        container=True,
        content=ft.Container(
            content=ft.Column(rows, spacing=12,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            padding=16,
            border=ft.Border.all(2, theme.PRIMARY if upcoming else theme.INACTIVE),
            border_radius=12,
        ),
    )


@ft.component
def AppointmentsList() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    loaded, _reload = use_loaded(lambda: booking.load_appointments(state), [state.lang])
    body: list[ft.Control] = [*error_banner(loaded)]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        upcoming, past = loaded.data["upcoming"], loaded.data["past"]
        body.append(heading(_("Upcoming"), level=2, key="upcoming"))
        if upcoming:
            body += [AppointmentCard(a, True) for a in upcoming]
        else:
            body.append(note(_("You have no upcoming appointments."), key="no-upcoming"))
        body.append(primary_button(_("Book an appointment"), lambda: page.navigate("/book"),
                                   icon=ft.Icons.EVENT_AVAILABLE, key="to-book"))
        if past:
            body.append(heading(_("Past and cancelled"), level=2, key="past"))
            body += [AppointmentCard(a, False) for a in past]
    return Screen(_("My appointments"), body, back="/")


@ft.component
def MyAppointmentsPage() -> ft.Control:
    state = use_state_ctx()
    return gate(state, state.tr("My appointments")) or AppointmentsList()


@ft.component
def CancelQuestion(ref: str) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    loaded, _reload = use_loaded(lambda: booking.load_appointment(state, ref), [state.lang, ref])
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def yes() -> None:
        set_busy(True)
        outcome = await booking.cancel(state, ref)
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            state.flash(_("Your appointment is cancelled. The place is free for others."),
                        "/appointments")
            page.navigate("/appointments")

    body: list[ft.Control] = [*error_banner(loaded), *error_banner(result)]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        appointment = loaded.data
        body += [
            heading(_("Cancel this appointment?"), level=2, key="question"),
            detail_row(_("Service"), appointment["service_name"]),
            detail_row(_("Date and time"), _when(_, appointment)),
            detail_row(_("Service center"), appointment["center_name"]),
            detail_row(_("Reference"), appointment["reference_display"]),
            banner(_("If you cancel, the place goes to someone else at once."), kind="warning"),
            primary_button(_("Cancelling…") if busy else _("Yes, cancel"), yes,
                           icon=ft.Icons.EVENT_BUSY, key="confirm-cancel", disabled=busy),
            secondary_button(_("No, keep it"), lambda: page.navigate("/appointments"),
                             icon=ft.Icons.UNDO, key="keep"),
        ]
    else:
        body.append(link_button(_("My appointments"), lambda: page.navigate("/appointments"),
                                key="to-appointments"))
    return Screen(_("Cancel appointment"), body, back="/appointments")


@ft.component
def CancelPage() -> ft.Control:
    state = use_state_ctx()
    ref = ft.use_route_params().get("ref", "")
    return gate(state, state.tr("Cancel appointment"), back="/appointments") or CancelQuestion(ref)
