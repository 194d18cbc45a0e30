"""The actions of a kiosk tablet: entering kiosk mode, check-in by reference, and the reset
that leaves nothing of one person for the next."""

from __future__ import annotations

import contextlib
import re

from app.api_client import ApiError
from app.state.kiosk_mode import KioskMode
from app.state.session import AppState, FormResult

KIOSK_PATH = re.compile(r"^/kiosk/(\d+)(?:/|$)")


def kiosk_center(route: str | None) -> int | None:
    """The center id of a kiosk address (/kiosk/12, /kiosk/12/check-in), else None."""
    found = KIOSK_PATH.match((route or "/").split("?")[0])
    return int(found.group(1)) if found else None


def enter(state: AppState, center_id: int) -> None:
    """Make this session the kiosk of `center_id` (from now on until the browser closes)."""
    if state.kiosk is None or state.kiosk.center_id != center_id:
        state.kiosk = KioskMode(center_id=center_id, default_lang=state.lang)


def begin(state: AppState, lang: str) -> str:
    """The next person chose their language: the kiosk's menu opens; returns its route."""
    kiosk = state.kiosk
    assert kiosk is not None
    state.set_language(lang)
    kiosk.fresh = False
    kiosk.touch()
    return kiosk.menu_route


def armed(state: AppState) -> bool:
    """Whether idle time counts: anywhere but the start screen, or while signed in."""
    kiosk = state.kiosk
    return kiosk is not None and (state.signed_in or kiosk.location != kiosk.start_route)


async def load_info(state: AppState) -> FormResult:
    """The kiosk's center name and idle times from the server (data: KioskInfo)."""
    kiosk = state.kiosk
    if kiosk is None:
        return FormResult()
    try:
        info = await state.api.kiosk_info(kiosk.center_id)
    except ApiError as error:
        return state.failed(error)
    kiosk.center_name = info["center_name"]
    kiosk.warn_seconds = float(info["warn_seconds"])
    kiosk.idle_seconds = float(info["idle_seconds"])
    return FormResult(data=info)


async def check_in(state: AppState, reference: str) -> FormResult:
    """Check in by the reference as typed or scanned (data: CheckInOut with the number)."""
    _ = state.tr
    kiosk = state.kiosk
    if not reference.strip():
        return FormResult(fields={"reference": _(
            "Type the reference of your appointment, for example K7QM-2XA9.")})
    if kiosk is None:
        return FormResult(message=_("This screen works on a service center's kiosk only."))
    try:
        return FormResult(data=await state.api.kiosk_check_in(kiosk.center_id,
                                                                reference=reference.strip()))
    except ApiError as error:
        if error.code in ("checkin_unknown", "invalid_input"):
            return FormResult(fields={"reference": error.message if not error.fields else _(
                "Type the reference of your appointment, for example K7QM-2XA9.")})
        return state.failed(error)


async def finish(state: AppState, *, idle: bool = False) -> str:
    """End the person's session on the server and forget everything here; returns the start
    route. Nothing is kept in the browser, so there is nothing to clear there."""
    with contextlib.suppress(ApiError):  # forgotten here whatever the server said
        await state.api.logout()
    state.clear_for_next_person()
    kiosk = state.kiosk
    if kiosk is None:
        return "/"
    kiosk.fresh = True
    kiosk.warning_left = None
    kiosk.touch()
    _ = state.tr
    state.flash(_("The screen was cleared because nobody used it for a while.") if idle else
                _("Thank you. Everything you did on this screen has been cleared."),
                kiosk.start_route)
    return kiosk.start_route
