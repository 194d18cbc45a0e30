"""Kiosk mode for the shared tablets of a service center (/kiosk/<center_id>).

The start screen asks for the language in large type; the menu offers check-in and the
public functions (guides, this center, progress inquiry, document verification) and sign-in.
Around every screen, the kiosk frame keeps a "Finish" button and watches for inactivity:
a warning with "I need more time", then a full reset (server session ended, state cleared,
the start screen back, and going back shows only the start screen). Nothing is ever written
to the browser's storage.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from typing import Any
from urllib.parse import urlparse

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from app import theme
from app.components.controls import (
    banner,
    detail_row,
    heading,
    paragraph,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.scanner import ScanInput
from app.components.shell import Screen, not_found_screen
from app.i18n import LANGUAGES, N_, Translator
from app.pages.home import Function, FunctionTile
from app.state import booking
from app.state import kiosk as actions
from app.state.context import use_state_ctx
from app.state.session import FormResult, translator

QUEUE_NUMBER_SIZE = 140  # read from across the waiting room


@ft.component
def AppLayout() -> ft.Control:
    """The frame of every route: the screen alone, or on a kiosk, the kiosk frame around it."""
    state = use_state_ctx()
    outlet = ft.use_route_outlet()
    if state.kiosk is None:
        return outlet
    return KioskFrame(outlet)


@ft.component
def KioskFrame(content: ft.Control) -> ft.Control:
    """A strip naming the kiosk with its Finish button, the screen, and the idle warning."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    kiosk = state.kiosk
    assert kiosk is not None
    location = urlparse(ft.use_route_location()).path or "/"
    kiosk.location = location
    warning, set_warning = ft.use_state(kiosk.warning_left)
    center_name, set_center_name = ft.use_state(kiosk.center_name)

    async def load_info() -> None:
        # The center's name, and the idle times the server is configured with.
        loaded = await actions.load_info(state)
        if loaded.ok and loaded.data:
            set_center_name(loaded.data["center_name"])

    ft.use_effect(load_info, dependencies=[kiosk.center_id, state.lang])

    def follow_route() -> None:
        kiosk.touch()  # a new screen is activity
        if kiosk.fresh and location != kiosk.start_route:
            # Just reset: whatever address the browser goes back to, only the start shows.
            page.navigate(kiosk.start_route)
        elif location == "/":
            page.navigate(kiosk.menu_route)

    ft.use_effect(follow_route, dependencies=[location])

    def show(left: int | None) -> None:
        if kiosk.warning_left != left:
            kiosk.warning_left = left
            set_warning(left)

    async def reset(idle: bool = False) -> None:
        show(None)
        page.navigate(await actions.finish(state, idle=idle))

    async def watch() -> None:
        """Once a fraction of the warning time: warn, count down, or reset."""
        while not kiosk.closed and state.kiosk is kiosk:
            await asyncio.sleep(max(0.1, min(1.0, kiosk.warn_seconds / 10)))
            if not actions.armed(state):
                show(None)
                continue
            idle = kiosk.idle_for()
            if idle >= kiosk.idle_seconds:
                await reset(idle=True)
            elif idle >= kiosk.warn_seconds:
                show(max(1, math.ceil(kiosk.idle_seconds - idle)))
            else:
                show(None)

    def watch_keys() -> None:
        # Typing (and a QR scanner, which types) is activity on any screen. The kiosk is
        # looked up at each key: a reload at another center's address makes a new one.
        async def on_key(e: ft.KeyboardEvent) -> None:
            current = state.kiosk
            if current is None:
                return
            current.touch()
            if current.on_key is not None:
                await current.on_key(e)

        page.on_keyboard_event = on_key

    # Again for a new kiosk: a reload at another center's address makes one in this session.
    ft.use_effect(watch, dependencies=[kiosk], cleanup=lambda: None)
    ft.use_effect(watch_keys, dependencies=[])

    async def more_time() -> None:
        kiosk.touch()
        show(None)

    async def finish_now() -> None:
        await reset()

    armed = actions.armed(state)
    finish = [ft.FilledButton(
        content=ft.Text(_("Finish"), size=theme.size("title_medium")),
        icon=ft.Icons.LOGOUT,
        on_click=finish_now,
        key="kiosk-finish",
        height=56,
        style=ft.ButtonStyle(bgcolor="#FFFFFF", color=theme.PRIMARY,
                             padding=ft.Padding.symmetric(horizontal=24)),
    )] if armed else []
    # Wraps rather than clips: on a narrow screen or at large text the center's name and
    # the Finish button go to lines of their own.
    strip = ft.Container(
        content=ft.ResponsiveRow(
            [
                ft.Row(
                    [ft.Icon(ft.Icons.TABLET_ANDROID, color="#FFFFFF", size=32),
                     ft.Text(_("Self-service kiosk"), size=theme.size("title_medium"),
                             color="#FFFFFF", weight=ft.FontWeight.W_600, expand=True)],
                    col={"xs": 12, "md": 4}, spacing=12,
                ),
                ft.Text(center_name, size=theme.size("body_medium"), color="#FFFFFF",
                        col={"xs": 12, "md": 5 if armed else 8}, max_lines=2,
                        overflow=ft.TextOverflow.ELLIPSIS),
                *[ft.Container(content=b, col={"xs": 12, "md": 3},
                               alignment=ft.Alignment.CENTER_RIGHT) for b in finish],
            ],
            spacing=12,
            run_spacing=4,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        bgcolor=theme.PRIMARY,
        padding=ft.Padding.symmetric(horizontal=16, vertical=8),
    )
    layers: list[ft.Control] = [
        ft.Column([strip, ft.Container(content=content, expand=True)], spacing=0, expand=True)
    ]
    if warning is not None and armed:
        layers.append(IdleWarning(warning, more_time, finish_now))
    return ft.Stack(layers, expand=True)


@ft.component
def IdleWarning(seconds_left: int, more_time: Any, finish: Any) -> ft.Control:
    """"Are you still there?" over the screen, with the time left and a way to extend it."""
    _ = use_state_ctx().tr
    card = ft.Container(
        content=ft.Column(
            [
                heading(_("Are you still there?"), level=2, key="idle-warning"),
                ft.Semantics(
                    live_region=True,
                    identifier="idle-countdown",
                    content=ft.Text(
                        _("For your privacy, this screen will be cleared in %(n)s seconds.",
                          n=seconds_left),
                        size=theme.size("title_medium"),
                    ),
                ),
                primary_button(_("I need more time"), more_time, icon=ft.Icons.TIMER,
                               key="more-time"),
                secondary_button(_("Finish now"), finish, icon=ft.Icons.LOGOUT,
                                 key="finish-now"),
            ],
            spacing=24,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            tight=True,
        ),
        bgcolor="#FFFFFF",
        padding=32,
        border_radius=16,
        width=620,
    )
    return ft.Container(
        content=card,
        alignment=ft.Alignment.CENTER,
        bgcolor="#B3000000",  # the screen behind is dimmed, and cannot be tapped
        expand=True,
    )


def _center_param() -> int | None:
    value = ft.use_route_params().get("center", "")
    return int(value) if value.isdigit() else None


def use_kiosk(center_id: int | None) -> None:
    """Make the session this center's kiosk when a kiosk screen opens (the app does it at
    once when it is opened at a kiosk address; this covers going there from inside)."""
    state = use_state_ctx()

    def enter() -> None:
        if center_id is not None:
            actions.enter(state, center_id)

    ft.use_effect(enter, dependencies=[center_id])


WELCOME = N_("Welcome. Please choose your language.")


@ft.component
def KioskStartPage() -> ft.Control:
    """The start screen: the language choice in large type, each language in its own words."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    center_id = _center_param()
    use_kiosk(center_id)
    if center_id is None:
        return not_found_screen(_)

    def choose(code: str):  # noqa: ANN202 - an async click handler for one language
        async def handler() -> None:
            if state.kiosk is None:
                actions.enter(state, center_id)
            page.navigate(actions.begin(state, code))

        return handler

    greetings: list[ft.Control] = [
        ft.Text(translator(code)(WELCOME), size=theme.size("headline_small"),
                weight=ft.FontWeight.W_600, text_align=ft.TextAlign.CENTER)
        for code in LANGUAGES
    ]
    buttons: list[ft.Control] = [
        ft.Container(
            col={"xs": 12, "sm": 6},
            # Named for browser tests whatever the language: "English" is also the menu's.
            content=ft.Semantics(identifier=f"start-{code}", content=ft.FilledButton(
                content=ft.Text(name, size=40, weight=ft.FontWeight.W_600,
                                text_align=ft.TextAlign.CENTER),
                on_click=choose(code),
                key=f"lang-{code}",
                height=120,
                width=float("inf"),
                style=ft.ButtonStyle(shape=ft.RoundedRectangleBorder(radius=16)),
            )),
        )
        for code, name in LANGUAGES.items()
    ]
    body: list[ft.Control] = [
        ft.Semantics(content=ft.Column(greetings, spacing=8,
                                       horizontal_alignment=ft.CrossAxisAlignment.CENTER),
                     container=True, identifier="welcome"),
        ft.ResponsiveRow(buttons, spacing=24, run_spacing=24),
        paragraph(_("This is a shared screen. Tap Finish when you are done: everything you "
                    "did is then cleared."), role="body_medium", color=theme.MUTED),
    ]
    return Screen(_("Welcome"), body)


def _menu(center_id: int, signed_in: bool) -> list[Function]:
    public = [
        Function("kiosk-guides", ft.Icons.MENU_BOOK, N_("Guides"),
                 N_("Materials, requirements, procedure and fees"), route="/guides"),
        Function("kiosk-center", ft.Icons.PLACE, N_("This service center"),
                 N_("Opening hours, address and phone"), route=f"/centers/{center_id}"),
        Function("kiosk-inquiry", ft.Icons.TIMELINE, N_("Application progress"),
                 N_("With your application number and passport, no account needed"),
                 route="/inquiry"),
        Function("kiosk-verify", ft.Icons.VERIFIED, N_("Verify a document"),
                 N_("Check a passport and PR card document by its code"),
                 route="/verify-document"),
    ]
    if not signed_in:
        return [*public, Function("kiosk-signin", ft.Icons.LOGIN, N_("Sign in"),
                                  N_("Your appointments, applications and documents"),
                                  route="/signin")]
    return [
        Function("kiosk-appointments", ft.Icons.EVENT_AVAILABLE, N_("My appointments"),
                 N_("See, change or cancel them"), route="/appointments"),
        Function("kiosk-book", ft.Icons.EDIT_CALENDAR, N_("Book an appointment"),
                 N_("Visa extension, renewal or reissue; stay or residence permit"),
                 route="/book"),
        Function("kiosk-progress", ft.Icons.TIMELINE, N_("Application progress"),
                 N_("Where your application stands, step by step"), route="/applications"),
        Function("kiosk-documents", ft.Icons.BADGE, N_("My visas and permits"),
                 N_("Details of the visas and permits you hold"), route="/documents"),
        *public[:2],
    ]


@ft.component
def KioskMenuPage() -> ft.Control:
    """What the kiosk offers: check-in first, then the public functions and sign-in."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    center_id = _center_param()
    use_kiosk(center_id)
    if center_id is None:
        return not_found_screen(_)
    body: list[ft.Control] = []
    if state.me:
        body.append(paragraph(_("Signed in as %(name)s",
                                name=state.me["account"]["full_name"]), key="signed-in-as"))
    body += [
        ft.FilledButton(
            content=ft.Row(
                [ft.Icon(ft.Icons.HOW_TO_REG, size=48, color="#FFFFFF"),
                 ft.Column([
                     ft.Text(_("Check in for my appointment"), size=theme.size("headline_small"),
                             weight=ft.FontWeight.W_600, color="#FFFFFF"),
                     ft.Text(_("Type your reference or scan its QR code. You get a queue "
                               "number."), size=theme.size("body_medium"), color="#FFFFFF"),
                 ], spacing=4, expand=True)],
                spacing=16,
            ),
            on_click=lambda: page.navigate(f"/kiosk/{center_id}/check-in"),
            key="kiosk-check-in",
            width=float("inf"),
            style=ft.ButtonStyle(shape=ft.RoundedRectangleBorder(radius=16),
                                 padding=ft.Padding.all(24)),
        ),
        ft.ResponsiveRow([FunctionTile(f) for f in _menu(center_id, state.signed_in)],
                         spacing=16, run_spacing=16),
    ]
    return Screen(_("What would you like to do?"), body,
                  back=state.kiosk.start_route if state.kiosk else None)


@ft.component
def KioskCheckInPage() -> ft.Control:
    """Check-in by reference (typed, or read by the QR scanner, which types and presses Enter);
    the queue number in very large type."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    center_id = _center_param()
    use_kiosk(center_id)
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)
    version, set_version = ft.use_state(0)  # a new field (empty, focused) after each answer
    reader_ref: MutableRef[ScanInput] = ft.use_ref(ScanInput)  # type: ignore[arg-type]
    reader = reader_ref.current
    assert reader is not None
    # What the page heard while the field had no focus, shown in the field.
    heard, set_heard = ft.use_state("")
    back = state.kiosk.menu_route if state.kiosk else "/"

    async def check_in(reference: str) -> None:
        state.noticed_activity()
        set_busy(True)
        outcome = await actions.check_in(state, reference)
        set_busy(False)
        set_result(outcome)
        set_heard("")
        set_version(lambda v: v + 1)

    async def submit() -> None:
        await reader.send(check_in)

    async def on_key(e: ft.KeyboardEvent) -> None:
        if e.ctrl or e.alt or e.meta:
            return
        if e.key == "Enter":
            await reader.enter(check_in)
        elif reader.key(e.key) and not reader.in_field:
            set_heard(reader.text)

    def listen() -> None:
        if state.kiosk is not None:
            state.kiosk.on_key = on_key

    def stop_listening() -> None:
        if state.kiosk is not None and state.kiosk.on_key is on_key:
            state.kiosk.on_key = None

    # Again after every render: the handler must see this render's state.
    ft.use_effect(listen, cleanup=stop_listening)

    def on_change(e: ft.Event[ft.TextField]) -> None:
        reader.field_changed(e.control.value or "")

    def on_focus() -> None:
        reader.in_field = True

    def on_blur() -> None:
        reader.in_field = False

    async def again() -> None:
        set_result(FormResult())
        reader.in_field = False
        set_version(lambda v: v + 1)

    async def done() -> None:
        page.navigate(await actions.finish(state))

    if result.ok and result.data:
        return Screen(_("You are checked in"), queue_ticket(_, result.data, again, done),
                      back=back)
    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    field = text_field(
        _("Reference of your appointment"), heard, on_change,
        error=result.fields.get("reference"), hint=_("For example K7QM-2XA9"),
        on_submit=submit, key=f"reference-{version}",
        capitalization=ft.TextCapitalization.CHARACTERS,
        autofocus=True,
        on_focus=on_focus, on_blur=on_blur,
    )
    body += [
        paragraph(_("Type the reference of your appointment, or hold the QR code of your "
                    "confirmation under the scanner."), key="check-in-help"),
        field,
        primary_button(_("Checking in…") if busy else _("Check in"), submit,
                       icon=ft.Icons.HOW_TO_REG, key="check-in", disabled=busy),
        paragraph(_("You can check in from 30 minutes before your appointment until 15 "
                    "minutes after it starts."), role="body_medium", color=theme.MUTED),
    ]
    return Screen(_("Check in"), body, back=back)


def queue_ticket(_: Translator, ticket: dict[str, Any], again: Any, done: Any
                 ) -> list[ft.Control]:
    """The queue number, very large, and what happens next (no personal data)."""
    start = booking.parse_time(ticket["start"])
    waiting = int(ticket["waiting_before"])
    rows: list[ft.Control] = [
        paragraph(_("Your number"), role="title_large", text_align=ft.TextAlign.CENTER),
        ft.Semantics(
            container=True,
            identifier="queue-number",
            # Read out sign by sign ("A 0 0 2"), not as the word "A002".
            content=ft.Text(ticket["queue_number"], size=QUEUE_NUMBER_SIZE,
                            weight=ft.FontWeight.W_700, color=theme.PRIMARY,
                            text_align=ft.TextAlign.CENTER,
                            semantics_label=_("Your number is %(number)s",
                                              number=" ".join(ticket["queue_number"]))),
        ),
    ]
    if ticket.get("already"):
        rows.append(banner(_("You had already checked in. This is your number."), kind="info",
                           key="already"))
    rows += [
        detail_row(_("Service"), ticket["service_name"]),
        detail_row(_("Appointment time"), _.time(start)),
        paragraph(_("Please take a seat. Your number will be called and shown on the "
                    "screens."), key="take-a-seat"),
        paragraph(_("No one is before you.") if waiting == 0 else
                  _("People before you: %(n)s", n=_.number(waiting)), key="waiting"),
        primary_button(_("Done"), done, icon=ft.Icons.CHECK, key="done"),
        secondary_button(_("Check in another appointment"), again, icon=ft.Icons.REPLAY,
                         key="again"),
    ]
    return rows


def close_kiosk(state: Any) -> None:
    """The browser went away: stop the idle watch of this session."""
    with contextlib.suppress(AttributeError):
        if state.kiosk is not None:
            state.kiosk.closed = True
