"""After booking: the reference (large, and as a QR code), the calendar file, the center's
address and phone, and what to bring."""

from __future__ import annotations

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    detail_row,
    heading,
    link_button,
    paragraph,
    primary_button,
    secondary_button,
)
from app.components.qr import qr_image
from app.components.shell import Screen
from app.pages.booking.common import Flow, gate, start_again
from app.state import booking
from app.state.context import use_state_ctx
from app.state.session import FormResult


@ft.component
def BookedPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    result, set_result = ft.use_state(FormResult())
    blocked = gate(state, _("Appointment booked"))
    if blocked:
        return blocked
    appointment = state.booking.confirmed
    if appointment is None:
        return start_again(state, Flow())
    reference = appointment["reference"]
    start = booking.parse_time(appointment["start"])

    async def add_to_calendar() -> None:
        # The file goes to the browser over this session's own connection: no link to it
        # exists, so no token or reference travels in a URL.
        outcome = await booking.calendar_file(state, reference)
        set_result(outcome)
        if outcome.ok:
            await ft.FilePicker().save_file(
                dialog_title=_("Add to calendar"), file_name=f"{reference}.ics",
                src_bytes=outcome.data,
            )

    async def call() -> None:
        await ft.UrlLauncher().launch_url(f"tel:{appointment['center_phone']}")

    body: list[ft.Control] = [
        banner(_("Your appointment is booked. We also sent the details to you."),
               kind="success", key="booked"),
        paragraph(_("Your reference"), role="body_medium", color=theme.MUTED),
        ft.Semantics(
            identifier="reference",
            container=True,
            # Read letter by letter: "A B C D - E F G H".
            content=ft.Text(appointment["reference_display"], size=40,
                            weight=ft.FontWeight.W_700, color=theme.TEXT, selectable=True,
                            semantics_label=_("Reference %(reference)s", reference=" ".join(
                                appointment["reference_display"]))),
        ),
        ft.Row([qr_image(reference, label=_("QR code of the reference %(reference)s",
                                            reference=appointment["reference_display"]),
                         key="qr")],
               alignment=ft.MainAxisAlignment.CENTER),
        paragraph(_("Show the reference or the QR code at the service center."),
                  role="body_medium"),
        detail_row(_("Service"), appointment["service_name"]),
        detail_row(_("Date and time"), f"{_.date(start.date(), 'full')} {_.time(start)}",
                   key="done-when"),
        detail_row(_("Applicant"), appointment["person_name"]),
        *([detail_row(_("Booked by"), _("%(helper)s, for %(applicant)s",
                                          helper=appointment["booked_by"],
                                          applicant=appointment["person_name"]),
                      key="done-booked-by")]
          if state.applicant and state.applicant["relation"] != "self" else []),
        detail_row(_("Service center"), appointment["center_name"]),
        detail_row(_("Address"), appointment["center_address"], key="done-address"),
    ]
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body.append(primary_button(_("Add to calendar"), add_to_calendar,
                               icon=ft.Icons.EVENT, key="add-to-calendar"))
    if appointment.get("center_phone"):
        body.append(secondary_button(_("Call the center: %(phone)s",
                                       phone=appointment["center_phone"]), call,
                                     icon=ft.Icons.PHONE, key="call"))
    body += [
        heading(_("What to bring"), level=2),
        paragraph(_("Your passport, and the materials the guide for this service lists. "
                    "Please come 10 minutes before your time."), key="what-to-bring"),
        secondary_button(_("What do I need to bring?"),
                         lambda: page.navigate(f"/guides/{appointment['service']}?back=done"),
                         icon=ft.Icons.CHECKLIST, key="to-guide"),
        paragraph(_("You can change the time or cancel until %(when)s in My appointments.",
                    when=_.day_time(booking.parse_time(appointment["changeable_until"]))),
                  role="body_medium"),
        secondary_button(_("My appointments"), lambda: page.navigate("/appointments"),
                         icon=ft.Icons.LIST_ALT, key="to-appointments"),
        link_button(_("Go to the home screen"), lambda: page.navigate("/"), key="to-home"),
    ]
    return Screen(_("Appointment booked"), body, back="/")
