"""What the booking screens share: the sign-in and verification gate, the flow's steps
(booking: five; changing a time: three), loading data from the API, and words for an
appointment's status and its free places."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import flet as ft

from app import theme
from app.components.controls import banner, paragraph, primary_button
from app.components.gates import access_gate
from app.components.shell import Screen
from app.i18n import Translator
from app.state.session import AppState, FormResult


@dataclass(frozen=True)
class Flow:
    """Booking a new appointment (ref None) or changing the time of appointment `ref`."""

    ref: str | None = None

    @property
    def changing(self) -> bool:
        return self.ref is not None

    @property
    def total(self) -> int:
        return 3 if self.changing else 5

    def number(self, step: str) -> int:
        order = ["day", "time", "review"] if self.changing else [
            "service", "center", "day", "time", "review"]
        return order.index(step) + 1

    def route(self, step: str) -> str:
        if self.ref:
            return f"/appointments/{self.ref}/{step}"
        return "/book" if step == "service" else f"/book/{step}"

    def start(self) -> str:
        """Where to begin again when the choices so far are gone (e.g. after a reload)."""
        return "/appointments" if self.changing else "/book"

    def title(self, _: Translator) -> str:
        return _("Change the time") if self.changing else _("Book an appointment")

    def step_text(self, _: Translator, step: str) -> str:
        return _("Step %(n)s of %(total)s", n=self.number(step), total=self.total)


def gate(state: AppState, title: str, back: str = "/") -> ft.Control | None:
    """A screen asking to sign in or to verify, when the user cannot book yet; else None."""
    _ = state.tr
    return access_gate(state, title, back=back,
                       signed_out_text=_("Please sign in to book and see your appointments."))


def start_again(state: AppState, flow: Flow) -> ft.Control:
    """Shown when a step is opened without the choices before it (a reload, a bookmark)."""
    _ = state.tr
    page = ft.context.page
    return Screen(flow.title(_), [
        banner(_("Your earlier choices are no longer here. Please start again."),
               kind="info", key="start-again"),
        primary_button(_("Start again"), lambda: page.navigate(flow.start()),
                       icon=ft.Icons.RESTART_ALT, key="restart"),
    ], back=flow.start())


def use_loaded(
    load: Callable[[], Awaitable[FormResult]], dependencies: list[Any]
) -> tuple[FormResult | None, Callable[[], Awaitable[None]]]:
    """What `load` returned (None until it has), loaded when the screen opens and again when
    a dependency changes (e.g. the language); the second value loads it again on demand."""
    nothing_yet: FormResult | None = None
    result, set_result = ft.use_state(nothing_yet)

    async def run() -> None:
        set_result(await load())

    ft.use_effect(run, dependencies=dependencies)
    return result, run


def question(text: str) -> ft.Control:
    """The one question a step asks, as a second-level heading."""
    return ft.Semantics(
        content=ft.Text(text, size=theme.size("title_large"), weight=ft.FontWeight.W_600),
        header=True,
        heading_level=2,
        identifier="question",
    )


def places_left(_: Translator, n: int) -> str:
    if n == 1:
        return _("1 place left")
    return _("%(n)s places left", n=_.number(n))


def center_address(center: dict[str, Any], lang: str) -> str:
    """The address in the user's language (a center from /centers, or from an appointment)."""
    if "address" in center:
        return str(center["address"])
    return str(center["address_zh"] if lang == "zh" else center["address_en"])


def iso_day(value: str) -> date:
    return date.fromisoformat(value)


STATUS_ICONS = {
    "booked": ft.Icons.EVENT_AVAILABLE,
    "cancelled": ft.Icons.EVENT_BUSY,
    "checked_in": ft.Icons.HOW_TO_REG,
    "called": ft.Icons.CAMPAIGN,
    "served": ft.Icons.TASK_ALT,
    "no_show": ft.Icons.PERSON_OFF,
    "center_closed": ft.Icons.DO_NOT_DISTURB_ON,
}


def status_words(_: Translator, status: str) -> str:
    words = {
        "booked": _("Booked"),
        "cancelled": _("Cancelled"),
        "checked_in": _("Checked in"),
        "called": _("Called to a counter"),
        "served": _("Visit done"),
        "no_show": _("Missed"),
        "center_closed": _("Center closed"),
    }
    return words.get(status, status)


def status_line(_: Translator, status: str) -> ft.Control:
    """The status in words beside its icon (never colour alone)."""
    colour = {"booked": theme.SUCCESS, "center_closed": theme.ERROR}.get(status, theme.MUTED)
    return ft.Row(
        [ft.Icon(STATUS_ICONS.get(status, ft.Icons.INFO_OUTLINE), color=colour, size=26),
         ft.Text(status_words(_, status), size=theme.size("body_large"), color=colour,
                 weight=ft.FontWeight.W_600)],
        spacing=8,
    )


def error_banner(result: FormResult | None) -> list[ft.Control]:
    if result is not None and result.message:
        return [banner(result.message, kind="error", key="form-error")]
    return []


def note(text: str, *, key: str | None = None) -> ft.Control:
    return paragraph(text, role="body_medium", key=key, color=theme.MUTED)
