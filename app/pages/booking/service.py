"""Step 1 of booking: which service."""

from __future__ import annotations

from typing import Any

import flet as ft

from app.components.controls import choice_button, link_button, loading, step_label
from app.components.shell import Screen
from app.pages.booking.common import Flow, error_banner, gate, question, use_loaded
from app.state import booking
from app.state.context import use_state_ctx

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

    def pick(service: dict[str, Any]):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            booking.choose_service(state, service)
            page.navigate(flow.route("center"))

        return handler

    body: list[ft.Control] = [
        step_label(flow.step_text(_, "service")),
        question(_("Which service do you need?")),
        *error_banner(services),
    ]
    if services is None:
        body.append(loading(_("Loading…")))
    elif services.ok:
        body += [
            choice_button(s["name"], pick(s), icon=SERVICE_ICONS.get(s["code"]),
                          key=f"service-{s['code']}")
            for s in services.data
        ]
    body.append(link_button(_("My appointments"), lambda: page.navigate("/appointments"),
                            key="to-appointments"))
    return Screen(flow.title(_), body, back="/")


@ft.component
def ServiceStepPage() -> ft.Control:
    state = use_state_ctx()
    return gate(state, Flow().title(state.tr)) or ServiceStep()
