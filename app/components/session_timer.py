"""The session's time limit: a warning before it ends, with "Stay signed in".

The server ends a session after some minutes without activity (30 by default). People who
read slowly or use a screen reader need longer: two minutes before the end, every screen
shows (and screen readers announce) when it will end, with one button to extend it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import flet as ft

from app import theme
from app.components.controls import primary_button
from app.state.context import use_state_ctx
from app.state.session import AppState

CHECK_EVERY_SECONDS = 5.0


def check_now(page: ft.Page, state: AppState, now: datetime) -> str:
    """One look at the clock: the warning shows or goes; at the end, the sign-in screen."""
    outcome = state.check_session(now)
    if outcome == "ended":
        page.navigate("/signin")
    return outcome


async def watch_session(page: ft.Page, state: AppState) -> None:
    """Runs for the life of a browser session: warns, and signs out at the end."""
    while True:
        check_now(page, state, datetime.now(UTC))
        await asyncio.sleep(CHECK_EVERY_SECONDS)


@ft.component
def SessionExpiryWarning() -> ft.Control:
    """The warning itself (nothing while the session is not about to end)."""
    state = use_state_ctx()
    _ = state.tr
    if state.session_warning is None:
        return ft.Container()
    at = _.time(state.session_warning)
    if state.session_final:
        text = _("For your safety, you will be signed out at %(time)s. This cannot be "
                 "extended: finish what you are doing, then sign in again.", time=at)
    else:
        text = _("For your safety, you will be signed out at %(time)s because nothing has "
                 "been done for a while.", time=at)

    async def stay() -> None:
        await state.stay_signed_in(datetime.now(UTC))

    controls: list[ft.Control] = [
        ft.Row(
            [ft.Icon(ft.Icons.TIMER_OUTLINED, color=theme.WARNING, size=28),
             ft.Text(text, color=theme.TEXT, size=theme.size("body_medium"), expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ]
    if not state.session_final:
        controls.append(primary_button(_("Stay signed in"), stay, icon=ft.Icons.TIMER,
                                       key="stay-signed-in"))
    return ft.Semantics(
        live_region=True,
        container=True,
        identifier="session-warning",
        content=ft.Container(
            content=ft.Column(controls, spacing=12),
            padding=16,
            bgcolor=theme.CAUTION_TINT,
            border=ft.Border.only(bottom=ft.BorderSide(3, theme.WARNING)),
        ),
    )
