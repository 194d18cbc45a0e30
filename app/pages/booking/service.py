"""Step 1 of booking: which service."""

from __future__ import annotations

from typing import Any

import flet as ft

from app.components.controls import choice_button, link_button, loading, step_label
from app.components.shell import Screen
from app.pages.booking.common import Flow, error_banner, gate, note, question, use_loaded
from app.state import booking
from app.state.context import use_state_ctx
from app.state.session import BookingDraft

SERVICE_ICONS = {
    "visa_extension": ft.Icons.MORE_TIME,
    "visa_renewal": ft.Icons.AUTORENEW,
    "visa_reissue": ft.Icons.FIBER_NEW,
    "stay_permit": ft.Icons.HOTEL,
    "residence_permit": ft.Icons.HOME_WORK,
}


@ft.component
def ServiceStep() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    flow = Flow()
    services, _reload = use_loaded(lambda: booking.load_services(state), [state.lang])

    # A center chosen first in the directory ("Book here"): only its services can be booked.
    preset = state.booking.center if state.booking.from_directory else None

    def pick(service: dict[str, Any]):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            booking.choose_service(state, service)
            page.navigate(flow.route("day" if state.booking.center else "center"))

        return handler

    async def any_center() -> None:
        state.booking = BookingDraft()

    body: list[ft.Control] = [
        step_label(flow.step_text(_, "service")),
        question(_("Which service do you need?")),
        *error_banner(services),
    ]
    if preset is not None:
        body += [
            note(_("At: %(center)s", center=preset["name"]), key="preset-center"),
            link_button(_("Choose another service center"), any_center, key="any-center"),
        ]
    if services is None:
        body.append(loading(_("Loading…")))
    elif services.ok:
        for s in services.data:
            handled = preset is None or s["code"] in preset.get("services", [])
            body.append(choice_button(
                s["name"], pick(s), icon=SERVICE_ICONS.get(s["code"]),
                key=f"service-{s['code']}", disabled=not handled,
                lines=None if handled else [_("Not handled at this center")],
            ))
    body += [
        link_button(_("What do I need to bring?"), lambda: page.navigate("/guides?back=book"),
                    key="to-guides"),
        link_button(_("My appointments"), lambda: page.navigate("/appointments"),
                    key="to-appointments"),
    ]
    return Screen(flow.title(_), body, back="/")


@ft.component
def ServiceStepPage() -> ft.Control:
    state = use_state_ctx()
    return gate(state, Flow().title(state.tr)) or ServiceStep()
