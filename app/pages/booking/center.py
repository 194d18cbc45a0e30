"""Step 2 of booking: which service center (search by name or city, English or Chinese)."""

from __future__ import annotations

from typing import Any

import flet as ft

from app.components.controls import (
    choice_button,
    loading,
    secondary_button,
    step_label,
    text_field,
)
from app.components.forms import use_form
from app.components.shell import Screen
from app.pages.booking.common import (
    Flow,
    error_banner,
    gate,
    iso_day,
    note,
    question,
    start_again,
    use_loaded,
)
from app.state import booking
from app.state.context import use_state_ctx


@ft.component
def CenterStep() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    flow = Flow()
    form = use_form("q")
    found, search = use_loaded(lambda: booking.search_centers(state, q=form["q"]),
                               [state.lang])

    def pick(center: dict[str, Any]):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            booking.choose_center(state, center)
            page.navigate(flow.route("day"))

        return handler

    service = state.booking.service or {}
    body: list[ft.Control] = [
        step_label(flow.step_text(_, "center")),
        question(_("Which service center do you want to go to?")),
        note(_("For: %(service)s", service=service.get("name", ""))),
        text_field(_("City or name of the center"), form["q"], form.setter("q"),
                   hint=_("For example Shanghai or 上海"), on_submit=search, key="q"),
        secondary_button(_("Search"), search, icon=ft.Icons.SEARCH, key="search"),
        *error_banner(found),
    ]
    if found is None:
        body.append(loading(_("Looking for service centers…")))
    elif found.ok:
        centers, total = found.data["centers"], found.data["total"]
        if not centers:
            body.append(note(_("No service center matches. Try the name of a city."),
                             key="no-centers"))
        elif total > len(centers):
            body.append(note(_("Showing %(shown)s of %(total)s centers. Search for a city to "
                               "find others.", shown=len(centers), total=total),
                             key="centers-count"))
        for center in centers:
            next_day = center.get("next_available")
            when = (_("Next free day: %(day)s", day=_.weekday_date(iso_day(next_day)))
                    if next_day else _("No free places in the booking period"))
            body.append(choice_button(
                center["city"], pick(center), lines=[center["name"], when],
                icon=ft.Icons.PLACE, key=f"center-{center['id']}", disabled=next_day is None,
            ))
    return Screen(flow.title(_), body, back=flow.route("service"))


@ft.component
def CenterStepPage() -> ft.Control:
    state = use_state_ctx()
    flow = Flow()
    blocked = gate(state, flow.title(state.tr))
    if blocked:
        return blocked
    if state.booking.service is None:
        return start_again(state, flow)
    return CenterStep()
