"""The staff console of a service center (staff accounts): today's appointments by time with
their state, calling the next number, served and no-show, check-in at the desk, closures,
capacity and application timeline steps. Large type and large targets: it is used by touch
on a 1024x768 tablet behind the counter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    detail_row,
    heading,
    loading,
    paragraph,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.forms import use_form
from app.components.shell import Screen, not_found_screen
from app.i18n import CENTER_TZ, N_, Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.pages.progress import timeline
from app.state import staff as actions
from app.state.context import use_state_ctx
from app.state.session import AppState, FormResult

REFRESH_SECONDS = 20  # kiosks check people in meanwhile: the day is read again this often
# Each state in words, an icon and a colour of the palette (read when drawn: it follows the
# session's contrast setting).
STATES: dict[str, tuple[str, ft.IconData, str]] = {
    "booked": (N_("Booked"), ft.Icons.EVENT_AVAILABLE, "MUTED"),
    "checked_in": (N_("Checked in"), ft.Icons.HOW_TO_REG, "SUCCESS"),
    "called": (N_("Called"), ft.Icons.CAMPAIGN, "PRIMARY"),
    "served": (N_("Served"), ft.Icons.TASK_ALT, "MUTED"),
    "no_show": (N_("No-show"), ft.Icons.PERSON_OFF, "ERROR"),
    "center_closed": (N_("Center closed"), ft.Icons.DO_NOT_DISTURB_ON, "ERROR"),
}
STEPS = {
    "submitted": N_("Submitted"),
    "accepted": N_("Accepted"),
    "under_review": N_("Under review"),
    "more_materials": N_("More materials needed"),
    "approved": N_("Approved"),
    "refused": N_("Refused"),
    "ready_for_collection": N_("Ready for collection"),
    "collected": N_("Collected"),
}


def _center_param() -> int | None:
    value = ft.use_route_params().get("center", "")
    return int(value) if value.isdigit() else None


def staff_gate(state: AppState, title: str) -> ft.Control | None:
    """A screen asking to sign in with a staff account, or saying this is for staff only."""
    _ = state.tr
    page = ft.context.page
    if not state.signed_in:
        return Screen(title, [
            banner(_("Please sign in with your staff account."), kind="info",
                   key="signin-needed"),
            primary_button(_("Sign in"), lambda: page.navigate("/signin"), icon=ft.Icons.LOGIN,
                           key="to-signin"),
        ], back="/")
    if not actions.is_staff(state):
        return Screen(title, [banner(_("Only service-center staff can do this."),
                                     kind="warning", key="staff-only")], back="/")
    return None


def staff_center_page(title: str, screen: Callable[[int], ft.Control]) -> ft.Control:
    """The screen of the center in the address, once the gate lets a staff member through."""
    state = use_state_ctx()
    _ = state.tr
    gate = staff_gate(state, title)
    if gate is not None:
        return gate
    center_id = _center_param()
    if center_id is None:
        return not_found_screen(_, back="/staff")
    return screen(center_id)


def state_of(appointment: dict[str, Any]) -> str:
    return "center_closed" if appointment.get("center_closed") else str(appointment["status"])


def state_line(_: Translator, appointment: dict[str, Any]) -> ft.Control:
    """The state in words beside its icon (never colour alone)."""
    words, icon, colour_name = STATES[state_of(appointment)]
    colour = getattr(theme, colour_name)
    return ft.Row([ft.Icon(icon, color=colour, size=28),
                   ft.Text(_(words), size=theme.size("body_large"), color=colour,
                           weight=ft.FontWeight.W_600)], spacing=8, tight=True)


def _clock(_: Translator, value: str) -> str:
    return _.time(datetime.fromisoformat(value))


@ft.component
def StaffHomePage() -> ft.Control:
    """/staff: the console of the account's own center (an admin without one picks a center)."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("center")
    center_id = actions.home_center(state) if actions.is_staff(state) else None

    def go_home() -> None:
        if center_id is not None:
            page.navigate(f"/staff/centers/{center_id}")

    ft.use_effect(go_home, dependencies=[center_id])
    gate = staff_gate(state, _("Staff console"))
    if gate is not None:
        return gate
    if center_id is not None:
        return Screen(_("Staff console"), [loading(_("Loading…"))], back="/")

    async def open_center() -> None:
        value = form["center"].strip()
        if value.isdigit():
            state.staff_center_id = int(value)
            page.navigate(f"/staff/centers/{value}")

    return Screen(_("Staff console"), [
        banner(_("Your account is not tied to a service center. Enter the number of the center "
                 "to work for."), kind="info", key="choose-center"),
        text_field(_("Service center number"), "", form.setter("center"),
                   keyboard=ft.KeyboardType.NUMBER, on_submit=open_center, key="center"),
        primary_button(_("Open"), open_center, icon=ft.Icons.ARROW_FORWARD, key="open-center"),
    ], back="/")


@ft.component
def StaffDayPage() -> ft.Control:
    _ = use_state_ctx().tr
    return staff_center_page(_("Today at the center"), StaffDay)


@ft.component
def StaffDay(center_id: int) -> ft.Control:
    """Today's appointments by time with their state; the queue at the top."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    loaded, reload = use_loaded(lambda: actions.load_day(state, center_id),
                                [state.lang, center_id])
    outcome, set_outcome = ft.use_state(FormResult())
    form = use_form("reference")
    version, set_version = ft.use_state(0)

    async def refresh_now_and_then() -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            await reload()

    ft.use_effect(refresh_now_and_then, dependencies=[center_id], cleanup=lambda: None)

    async def act(result: FormResult) -> None:
        set_outcome(result)
        await reload()

    async def call_next() -> None:
        await act(await actions.call_next(state, center_id))

    def mark(reference: str, outcome_name: str):  # noqa: ANN202 - an async click handler
        async def handler() -> None:
            await act(await actions.mark(state, center_id, reference, outcome_name))
        return handler

    def check_in(reference: str):  # noqa: ANN202 - an async click handler
        async def handler() -> None:
            await act(await actions.desk_check_in(state, center_id, reference))
        return handler

    async def desk_check_in() -> None:
        result = await actions.desk_check_in(state, center_id, form["reference"])
        if result.ok:
            form["reference"] = ""
            set_version(version + 1)
        await act(result)

    title = _("Today at the center")
    if loaded is None:
        return Screen(title, [loading(_("Loading…"))], back="/", wide=True)
    if not loaded.ok:
        return Screen(title, error_banner(loaded), back="/", wide=True)
    appointments: list[dict[str, Any]] = loaded.data["appointments"]
    called = [a for a in appointments if a["status"] == "called"]
    waiting = [a for a in appointments if a["status"] == "checked_in"]
    today = datetime.now(CENTER_TZ).date()
    body: list[ft.Control] = [
        paragraph(f"{loaded.data['center_name']} · {_.date(today, 'full')}",
                  role="title_medium", key="center-and-day"),
    ]
    if outcome.message:
        body.append(banner(outcome.message, kind="error", key="form-error"))
    body.append(ft.ResponsiveRow([
        ft.Container(col={"xs": 12, "md": 6}, content=NowServing(called, mark)),
        ft.Container(col={"xs": 12, "md": 6}, content=ft.Column([
            ft.FilledButton(
                content=ft.Text(_("Call next number"), size=theme.size("headline_small")),
                icon=ft.Icons.CAMPAIGN, on_click=call_next, key="call-next", height=88,
                width=float("inf"),
                disabled=not waiting,
            ),
            paragraph(_("Waiting: %(n)s", n=_.number(len(waiting))), key="waiting",
                      role="title_medium"),
        ], spacing=12)),
    ], spacing=16, run_spacing=16))
    body += [
        ft.ResponsiveRow([
            ft.Container(col={"xs": 12, "md": 8}, content=text_field(
                _("Reference to check in at the desk"), "", form.setter("reference"),
                error=outcome.fields.get("reference"), on_submit=desk_check_in,
                key=f"desk-reference-{version}",
                capitalization=ft.TextCapitalization.CHARACTERS)),
            ft.Container(col={"xs": 12, "md": 4}, content=secondary_button(
                _("Check in"), desk_check_in, icon=ft.Icons.HOW_TO_REG, key="desk-check-in")),
        ], spacing=16, vertical_alignment=ft.CrossAxisAlignment.START),
        ft.ResponsiveRow([
            ft.Container(col={"xs": 12, "sm": 4}, content=secondary_button(
                _("Closures"), lambda: page.navigate(f"/staff/centers/{center_id}/closures"),
                icon=ft.Icons.EVENT_BUSY, key="to-closures")),
            ft.Container(col={"xs": 12, "sm": 4}, content=secondary_button(
                _("Capacity"), lambda: page.navigate(f"/staff/centers/{center_id}/capacity"),
                icon=ft.Icons.GROUPS, key="to-capacity")),
            ft.Container(col={"xs": 12, "sm": 4}, content=secondary_button(
                _("Application steps"), lambda: page.navigate("/staff/applications"),
                icon=ft.Icons.TIMELINE, key="to-applications")),
        ], spacing=16, run_spacing=12),
        heading(_("Appointments today"), level=2, key="day-heading"),
    ]
    if not appointments:
        body.append(note(_("No appointments today."), key="no-appointments"))
    body += [DayRow(a, mark, check_in) for a in appointments]
    return Screen(title, body, back="/", wide=True)


@ft.component
def NowServing(called: list[dict[str, Any]], mark: Any) -> ft.Control:
    """The numbers called to a counter and not yet finished, with Served and No-show."""
    _ = use_state_ctx().tr
    if not called:
        return ft.Container(
            content=paragraph(_("No number is called now."), role="title_medium",
                              key="none-called"),
            padding=16, border=ft.Border.all(2, theme.MUTED), border_radius=12,
        )
    rows: list[ft.Control] = []
    for a in sorted(called, key=lambda a: a.get("called_at") or "", reverse=True):
        ref = a["reference"]
        rows.append(ft.Column([
            ft.Semantics(container=True, identifier=f"called-{ref}", content=ft.Row([
                ft.Text(a["queue_number"] or "", size=56, weight=ft.FontWeight.W_700,
                        color=theme.PRIMARY),
                ft.Column([ft.Text(a["person_name"], size=theme.size("title_medium"),
                                   weight=ft.FontWeight.W_600),
                           ft.Text(a["service_name"], size=theme.size("body_medium"))],
                          spacing=2, expand=True),
            ], spacing=16)),
            ft.Row([
                ft.FilledButton(content=ft.Text(_("Served"), size=theme.size("title_medium")),
                                icon=ft.Icons.TASK_ALT, on_click=mark(ref, "served"),
                                key=f"now-served-{ref}", height=64, expand=True),
                ft.OutlinedButton(content=ft.Text(_("No-show"),
                                                  size=theme.size("title_medium")),
                                  icon=ft.Icons.PERSON_OFF, on_click=mark(ref, "no-show"),
                                  key=f"now-no-show-{ref}", height=64, expand=True),
            ], spacing=12),
        ], spacing=8))
    return ft.Container(
        content=ft.Column([paragraph(_("Now serving"), role="body_medium", color=theme.MUTED),
                           *rows], spacing=12),
        padding=16, border=ft.Border.all(3, theme.PRIMARY), border_radius=12,
    )


@ft.component
def DayRow(appointment: dict[str, Any], mark: Any, check_in: Any) -> ft.Control:
    """One appointment of the day: time, number, person, service, state and what can be done."""
    state = use_state_ctx()
    _ = state.tr
    ref = appointment["reference"]
    status = appointment["status"]
    actions_row: list[ft.Control] = []
    if appointment.get("center_closed"):
        pass  # the applicant chooses another time; nothing to do at the counter
    elif status == "booked":
        actions_row.append(ft.OutlinedButton(
            content=ft.Text(_("Check in"), size=theme.size("label_large")),
            icon=ft.Icons.HOW_TO_REG, on_click=check_in(ref), key=f"check-in-{ref}", height=56))
        actions_row.append(ft.OutlinedButton(
            content=ft.Text(_("No-show"), size=theme.size("label_large")),
            icon=ft.Icons.PERSON_OFF, on_click=mark(ref, "no-show"), key=f"no-show-{ref}",
            height=56))
    elif status in ("checked_in", "called"):
        actions_row.append(ft.FilledButton(
            content=ft.Text(_("Served"), size=theme.size("label_large")),
            icon=ft.Icons.TASK_ALT, on_click=mark(ref, "served"), key=f"served-{ref}",
            height=56))
    return ft.Semantics(
        identifier=f"day-{ref}",
        container=True,
        content=ft.Container(
            content=ft.ResponsiveRow([
                ft.Column([
                    ft.Text(_clock(_, appointment["start"]), size=theme.size("headline_small"),
                            weight=ft.FontWeight.W_700),
                    ft.Text(appointment["queue_number"] or "—", size=theme.size("title_large"),
                            color=theme.PRIMARY, weight=ft.FontWeight.W_700),
                ], col={"xs": 3, "md": 2}, spacing=2),
                ft.Column([
                    ft.Text(appointment["person_name"], size=theme.size("title_medium"),
                            weight=ft.FontWeight.W_600),
                    ft.Text(f"{appointment['service_name']} · {appointment['reference_display']}",
                            size=theme.size("body_medium"), color=theme.MUTED),
                    state_line(_, appointment),
                ], col={"xs": 9, "md": 6}, spacing=4),
                ft.Row(actions_row, col={"xs": 12, "md": 4}, spacing=8, wrap=True,
                       alignment=ft.MainAxisAlignment.END),
            ], vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=12),
            padding=ft.Padding.symmetric(horizontal=16, vertical=12),
            border=ft.Border.all(2, theme.PRIMARY if status in ("checked_in", "called")
                                 else "#9E9E9E"),
            border_radius=12,
        ),
    )


# ---------------------------------------------------------------- closures


@ft.component
def StaffClosuresPage() -> ft.Control:
    _ = use_state_ctx().tr
    return staff_center_page(_("Closures"), Closures)


@ft.component
def Closures(center_id: int) -> ft.Control:
    """The center's coming closures, and a form to close it for a day or a period."""
    state = use_state_ctx()
    _ = state.tr
    loaded, reload = use_loaded(lambda: actions.load_closures(state, center_id),
                                [state.lang, center_id])
    form = use_form("first", "last", "reason")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)
    version, set_version = ft.use_state(0)

    def pick(day: date):  # noqa: ANN202 - fills both dates with one tap
        async def handler() -> None:
            form["first"] = form["last"] = day.isoformat()
            set_version(version + 1)
        return handler

    async def submit() -> None:
        set_busy(True)
        outcome = await actions.add_closure(state, center_id, first=form["first"],
                                            last=form["last"], reason=form["reason"])
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            for name in ("first", "last", "reason"):
                form[name] = ""
            set_version(version + 1)
            await reload()

    back = f"/staff/centers/{center_id}"
    # The form only once the server has said this center is the officer's own.
    if loaded is None:
        return Screen(_("Closures"), [loading(_("Loading…"))], back=back)
    if not loaded.ok:  # e.g. another center's: nothing to show
        return Screen(_("Closures"), error_banner(loaded), back=back)
    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    if result.ok and result.data:
        body.append(banner(_("The center is closed on those days. Appointments marked: %(n)s. "
                             "Their applicants were sent a message to choose another time.",
                             n=_.number(result.data["affected"])),
                           kind="success", key="closure-done"))
    body.append(heading(_("Coming closures"), level=2, key="closures-heading"))
    if not loaded.data:
        body.append(note(_("No closures are planned."), key="no-closures"))
    for c in loaded.data:
        first, last = date.fromisoformat(c["date_from"]), date.fromisoformat(c["date_to"])
        days = _.date(first, "full") if first == last else _(
            "%(first)s to %(last)s", first=_.date(first, "full"), last=_.date(last, "full"))
        lines = [c["reason"]] if c["reason"] else []
        lines.append(_("Appointments marked: %(n)s", n=_.number(c["affected"])))
        body.append(ft.Semantics(container=True, identifier=f"closure-{c['id']}",
                                 content=ft.Container(
                                     content=ft.Column(
                                         [ft.Text(days, size=theme.size("title_medium"),
                                                  weight=ft.FontWeight.W_600),
                                          *(ft.Text(line, size=theme.size("body_medium"))
                                            for line in lines)], spacing=4),
                                     padding=16, border=ft.Border.all(1, theme.MUTED),
                                     border_radius=12)))
    today = datetime.now(CENTER_TZ).date()
    body += [
        heading(_("Close the center"), level=2, key="close-heading"),
        paragraph(_("Booked appointments in the closure are marked \"center closed\"; their "
                    "applicants get a message and choose another time without using up one of "
                    "their changes."), role="body_medium", color=theme.MUTED),
        ft.Row([
            ft.Container(content=secondary_button(_("Today"), pick(today), key="pick-today"),
                         expand=True),
            ft.Container(content=secondary_button(_("Tomorrow"), pick(today + timedelta(days=1)),
                                                  key="pick-tomorrow"), expand=True),
        ], spacing=12),
        text_field(_("First day closed"), form["first"], form.setter("first"),
                   error=result.fields.get("first"), hint=_("Year-month-day, e.g. 2026-10-09"),
                   keyboard=ft.KeyboardType.DATETIME, key=f"first-{version}"),
        text_field(_("Last day closed (empty: the first day only)"), form["last"],
                   form.setter("last"), error=result.fields.get("last"),
                   hint=_("Year-month-day, e.g. 2026-10-09"), keyboard=ft.KeyboardType.DATETIME,
                   key=f"last-{version}"),
        text_field(_("Reason (shown to the applicants)"), form["reason"], form.setter("reason"),
                   key=f"reason-{version}"),
        primary_button(_("Closing…") if busy else _("Close the center on these days"), submit,
                       icon=ft.Icons.EVENT_BUSY, key="add-closure", disabled=busy),
    ]
    return Screen(_("Closures"), body, back=back)


# ---------------------------------------------------------------- capacity


@ft.component
def StaffCapacityPage() -> ft.Control:
    _ = use_state_ctx().tr
    return staff_center_page(_("Capacity"), Capacity)


@ft.component
def Capacity(center_id: int) -> ft.Control:
    """How many people each service serves at once, changed with large minus and plus."""
    state = use_state_ctx()
    _ = state.tr
    loaded, reload = use_loaded(lambda: actions.load_capacity(state, center_id),
                                [state.lang, center_id])
    body: list[ft.Control] = [
        *error_banner(loaded),
        paragraph(_("The number of people served at once at each time. It cannot be lower "
                    "than the most people already booked at one time."), role="body_medium"),
    ]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        body += [CapacityRow(center_id, item, reload) for item in loaded.data]
    return Screen(_("Capacity"), body, back=f"/staff/centers/{center_id}")


@ft.component
def CapacityRow(center_id: int, item: dict[str, Any], reload: Any) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    service = item["service"]
    wanted, set_wanted = ft.use_state(int(item["capacity"]))
    result, set_result = ft.use_state(FormResult())

    def step(by: int):  # noqa: ANN202 - an async click handler
        async def handler() -> None:
            set_wanted(max(1, min(50, wanted + by)))
            set_result(FormResult())
        return handler

    async def save() -> None:
        outcome = await actions.set_capacity(state, center_id, service, wanted)
        set_result(outcome)
        if outcome.ok:
            await reload()

    round_button = ft.ButtonStyle(shape=ft.CircleBorder(), padding=0)
    rows: list[ft.Control] = [
        ft.Text(item["service_name"], size=theme.size("title_medium"), weight=ft.FontWeight.W_600),
        note(_("Times of %(minutes)s minutes. Most booked at one time: %(n)s.",
               minutes=_.number(item["slot_minutes"]), n=_.number(item["most_booked"]))),
        ft.Row([
            ft.OutlinedButton(content=ft.Icon(ft.Icons.REMOVE, size=32,
                                              semantics_label=_("One fewer")),
                              on_click=step(-1), key=f"less-{service}", width=64, height=64,
                              style=round_button),
            ft.Semantics(container=True, identifier=f"capacity-{service}", content=ft.Text(
                _("%(n)s at once", n=_.number(wanted)), size=theme.size("headline_small"),
                weight=ft.FontWeight.W_700)),
            ft.OutlinedButton(content=ft.Icon(ft.Icons.ADD, size=32,
                                              semantics_label=_("One more")),
                              on_click=step(1), key=f"more-{service}", width=64, height=64,
                              style=round_button),
            ft.FilledButton(content=ft.Text(_("Save"), size=theme.size("label_large")),
                            icon=ft.Icons.SAVE, on_click=save, key=f"save-{service}",
                            height=56, disabled=wanted == item["capacity"]),
        ], spacing=16, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    ]
    if result.message:
        rows.append(banner(result.message, kind="error", key=f"capacity-error-{service}"))
    elif result.ok and result.data:
        rows.append(banner(_("Saved."), kind="success", key=f"capacity-saved-{service}"))
    return ft.Container(content=ft.Column(rows, spacing=12), padding=16,
                        border=ft.Border.all(2, theme.PRIMARY), border_radius=12)


# ---------------------------------------------------------------- application steps


@ft.component
def StaffApplicationsPage() -> ft.Control:
    """Find an application by its number; see its timeline and add the next step."""
    state = use_state_ctx()
    _ = state.tr
    form = use_form("number", "note")
    found, set_found = ft.use_state(FormResult())
    step, set_step = ft.use_state("")
    added, set_added = ft.use_state(FormResult())
    version, set_version = ft.use_state(0)
    gate = staff_gate(state, _("Application steps"))
    if gate is not None:
        return gate
    center_id = actions.home_center(state)
    back = f"/staff/centers/{center_id}" if center_id is not None else "/staff"

    async def find() -> None:
        set_added(FormResult())
        set_step("")
        set_found(await actions.load_application(state, form["number"]))

    def choose(code: str):  # noqa: ANN202 - an async click handler
        async def handler() -> None:
            set_step(code)
        return handler

    async def add() -> None:
        application = found.data
        outcome = await actions.add_step(state, application["application_no"], status=step,
                                         note=form["note"])
        set_added(outcome)
        if outcome.ok:
            set_found(FormResult(data=outcome.data))
            set_step("")
            form["note"] = ""
            set_version(version + 1)

    body: list[ft.Control] = [
        text_field(_("Application number"), form["number"], form.setter("number"),
                   error=found.fields.get("number"), hint=_("For example CD2026-507821"),
                   on_submit=find, key="number",
                   capitalization=ft.TextCapitalization.CHARACTERS),
        primary_button(_("Open the application"), find, icon=ft.Icons.SEARCH, key="find"),
    ]
    if found.message:
        body.append(banner(found.message, kind="error", key="form-error"))
    if found.ok and found.data:
        application = found.data
        if added.ok and added.data:
            body.append(banner(_("The step was added and the applicant was sent a message."),
                               kind="success", key="step-added"))
        if added.message:
            body.append(banner(added.message, kind="error", key="step-error"))
        body += [
            heading(f"{application['application_no']} · {application['service_name']}",
                    level=2, key="application"),
            detail_row(_("Applicant"), application.get("person_name") or ""),
            detail_row(_("Status"), application["status_label"]),
            heading(_("Add a step"), level=2, key="add-step"),
            ft.Row([
                ft.Container(
                    content=(ft.FilledButton if code == step else ft.OutlinedButton)(
                        content=ft.Text(_(label), size=theme.size("label_large")),
                        on_click=choose(code), key=f"step-{code}", height=56,
                    ),
                )
                for code, label in STEPS.items()
            ], wrap=True, spacing=12, run_spacing=12),
        ]
        if added.fields.get("status"):
            body.append(banner(added.fields["status"], kind="error", key="status-error"))
        body += [
            text_field(_("Note for the applicant"), form["note"], form.setter("note"),
                       error=added.fields.get("note"),
                       hint=_("What is missing, the reason, or where and when to collect"),
                       key=f"note-{version}"),
            primary_button(_("Add the step"), add, icon=ft.Icons.ADD_TASK, key="add",
                           disabled=not step),
            heading(_("Timeline"), level=2, key="timeline-heading"),
            timeline(_, application["events"]),
        ]
    return Screen(_("Application steps"), body, back=back)
