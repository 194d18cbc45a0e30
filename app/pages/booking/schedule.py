"""Steps 3 to 5 of booking (day, time, review), shared with changing an appointment's time.

The route says which flow it is: /book/<step> books a new appointment, and
/appointments/<ref>/<step> moves appointment <ref> at its own center and for its service.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    choice_button,
    detail_row,
    link_button,
    loading,
    primary_button,
    secondary_button,
    step_label,
    tagged,
)
from app.components.shell import Screen
from app.pages.booking.common import (
    Flow,
    center_address,
    error_banner,
    gate,
    iso_day,
    note,
    places_left,
    question,
    start_again,
    use_loaded,
)
from app.state import booking
from app.state.context import use_state_ctx
from app.state.session import AppState, FormResult


def use_flow() -> Flow:
    return Flow(ref=ft.use_route_params().get("ref") or None)


def _ready(state: AppState, flow: Flow, step: str) -> bool:
    """Whether the choices this step needs are there (a reload or a bookmark loses them)."""
    draft = state.booking
    if flow.changing and (draft.changing or {}).get("reference") != flow.ref:
        return False
    chosen: list[Any] = [draft.service, draft.center, draft.day, draft.slot]
    needed = {"day": 2, "time": 3, "review": 4}[step]  # day needs service and center, ...
    return all(x is not None for x in chosen[:needed])


def _summary(state: AppState, *, with_time: bool) -> list[ft.Control]:
    """What is chosen so far, above the question."""
    _ = state.tr
    draft = state.booking
    lines = [draft.service["name"] if draft.service else "",
             draft.center["name"] if draft.center else ""]
    if draft.day and with_time:
        lines.append(_.weekday_date(iso_day(draft.day)))
    return [note(" · ".join(x for x in lines if x), key="chosen")]


@ft.component
def DayStep(flow: Flow) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    days, _reload = use_loaded(lambda: booking.load_days(state), [state.lang])

    def pick(day: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            booking.choose_day(state, day)
            page.navigate(flow.route("time"))

        return handler

    body: list[ft.Control] = [
        step_label(flow.step_text(_, "day")),
        question(_("Which day?")),
        *_summary(state, with_time=False),
        *error_banner(days),
    ]
    if flow.changing and state.booking.changing:
        current = booking.parse_time(state.booking.changing["start"])
        body.append(note(_("Current appointment: %(when)s", when=_.day_time(current)),
                         key="current-time"))
    if days is None:
        body.append(loading(_("Loading…")))
    elif days.ok and not days.data:
        body.append(banner(_("There are no free places at this center in the booking period. "
                             "Please choose another center."), kind="warning", key="no-days"))
    elif days.ok:
        body += [
            choice_button(_.weekday_date(iso_day(d["date"])), pick(d["date"]),
                          lines=[places_left(_, d["available"])], icon=ft.Icons.CALENDAR_TODAY,
                          key=f"day-{d['date']}")
            for d in days.data
        ]
    back = flow.start() if flow.changing else flow.route("center")
    return Screen(flow.title(_), body, back=back)


def _slot_button(state: AppState, slot: dict[str, Any], on_click: Any) -> ft.Control:
    _ = state.tr
    start = booking.parse_time(slot["start"])
    key = f"slot-{start.strftime('%H%M')}"
    # Two times a row on a phone; one when the text is so big that "09:00" needs the width.
    big = theme.current().scale >= 1.5
    return ft.Container(
        col={"xs": 12 if big else 6, "sm": 6 if big else 4},
        content=tagged(ft.OutlinedButton(
            key=key,
            on_click=on_click,
            width=float("inf"),
            style=ft.ButtonStyle(
                shape=ft.RoundedRectangleBorder(radius=12),
                padding=ft.Padding.symmetric(horizontal=8, vertical=12),
                side=theme.focus_side(ft.BorderSide(2, theme.PRIMARY)),
            ),
            content=ft.Column(
                [ft.Text(_.time(start), size=theme.size("headline_small"),
                         weight=ft.FontWeight.W_600, color=theme.TEXT),
                 ft.Text(places_left(_, slot["available"]), size=theme.size("body_small"),
                         color=theme.MUTED, text_align=ft.TextAlign.CENTER)],
                spacing=2,
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            ),
        ), key),
    )


@ft.component
def TimeStep(flow: Flow) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    slots, _reload = use_loaded(lambda: booking.load_slots(state),
                                [state.lang, state.booking.day])

    def pick(slot: dict[str, Any]):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            booking.choose_slot(state, slot)
            page.navigate(flow.route("review"))

        return handler

    body: list[ft.Control] = [
        step_label(flow.step_text(_, "time")),
        question(_("What time?")),
        *_summary(state, with_time=True),
    ]
    if state.booking.problem:
        body.append(banner(state.booking.problem, kind="error", key="slot-problem"))
    body += error_banner(slots)
    if slots is None:
        body.append(loading(_("Loading…")))
    elif slots.ok and not slots.data:
        body += [
            banner(_("This day is full now. Please choose another day."), kind="warning",
                   key="no-slots"),
            secondary_button(_("Choose another day"), lambda: page.navigate(flow.route("day")),
                             icon=ft.Icons.CALENDAR_MONTH, key="other-day"),
        ]
    elif slots.ok:
        body.append(ft.ResponsiveRow([_slot_button(state, s, pick(s)) for s in slots.data],
                                     spacing=12, run_spacing=12))
    return Screen(flow.title(_), body, back=flow.route("day"))


@ft.component
def ReviewStep(flow: Flow) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)
    draft = state.booking

    async def confirm() -> None:
        set_busy(True)
        outcome = await booking.confirm(state)
        set_busy(False)
        if outcome.data == "choose_time":
            page.navigate(flow.route("time"))
            return
        set_result(outcome)
        if outcome.ok and flow.changing:
            moved = outcome.data
            start = booking.parse_time(moved["start"])
            state.flash(_("Your appointment is now on %(day)s at %(time)s.",
                          day=_.weekday_date(start.date()), time=_.time(start)),
                        "/appointments")
            page.navigate("/appointments")
        elif outcome.ok:
            page.navigate("/book/done")

    if not (draft.service and draft.center and draft.day and draft.slot):
        # Just booked: the draft is spent and the confirmation screen is opening.
        return Screen(flow.title(_), [loading(_("Loading…"))], back=flow.start())
    start = booking.parse_time(draft.slot["start"])
    body: list[ft.Control] = [
        step_label(flow.step_text(_, "review")),
        question(_("Please check, then confirm the new time") if flow.changing
                 else _("Please check, then book")),
        *error_banner(result),
    ]
    body += [
        detail_row(_("Service"), draft.service["name"], key="review-service"),
        detail_row(_("Service center"), draft.center["name"], key="review-center"),
        detail_row(_("Address"), center_address(draft.center, state.lang), key="review-address"),
        detail_row(_("Date"), _.date(start.date(), "full"), key="review-date"),
        detail_row(_("Time"), _.time(start), key="review-time"),
        detail_row(_("Applicant"), state.applicant_name, key="review-applicant"),
    ]
    if flow.changing:
        body.append(primary_button(_("Saving…") if busy else _("Confirm the new time"), confirm,
                                   icon=ft.Icons.CHECK, key="confirm-change", disabled=busy))
    else:
        body.append(primary_button(_("Booking…") if busy else _("Book"), confirm,
                                   icon=ft.Icons.EVENT_AVAILABLE, key="book", disabled=busy))
    body.append(link_button(_("Choose another time"), lambda: page.navigate(flow.route("time")),
                            key="other-time"))
    if not flow.changing:
        guide = f"/guides/{draft.service['code']}?back=review"
        body.append(link_button(_("What do I need to bring?"), lambda: page.navigate(guide),
                                key="to-guide"))
    if result.message:
        body.append(link_button(_("My appointments"), lambda: page.navigate("/appointments"),
                                key="to-appointments"))
    return Screen(flow.title(_), body, back=flow.route("time"))


@ft.component
def ChangeLoader(flow: Flow) -> ft.Control:
    """Loads the appointment whose time is being changed, then starts the change."""
    state = use_state_ctx()
    _ = state.tr

    async def load() -> FormResult:
        assert flow.ref is not None
        result = await booking.load_appointment(state, flow.ref)
        if result.ok:
            booking.start_change(state, result.data)
        return result

    result, _reload = use_loaded(load, [flow.ref])
    body = error_banner(result) or [loading(_("Loading…"))]
    return Screen(flow.title(_), body, back=flow.start())


def _step_page(step: str) -> ft.Control:
    state = use_state_ctx()
    flow = use_flow()
    blocked = gate(state, flow.title(state.tr), back=flow.start())
    if blocked:
        return blocked
    if not _ready(state, flow, step):
        if flow.changing and step == "day":
            return ChangeLoader(flow)
        return start_again(state, flow)
    component = {"day": DayStep, "time": TimeStep, "review": ReviewStep}[step]
    return component(flow)


@ft.component
def DayStepPage() -> ft.Control:
    return _step_page("day")


@ft.component
def TimeStepPage() -> ft.Control:
    return _step_page("time")


@ft.component
def ReviewStepPage() -> ft.Control:
    return _step_page("review")
