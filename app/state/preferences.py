"""Display preferences (text size, high contrast) remembered on this device.

They are kept in the device's SharedPreferences (localStorage in a browser). That storage is
shared by everyone using the device, which is fine here: a text size says nothing about a
person. Tokens and personal data never go there (see app/state/session.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from typing import Any

import flet as ft

from app import theme
from app.state.session import AppState

TEXT_SCALE_KEY = "display.text_scale"
HIGH_CONTRAST_KEY = "display.high_contrast"
# A device that does not answer (an old client) must not keep the app from starting.
LOAD_TIMEOUT_SECONDS = 3.0

log = logging.getLogger(__name__)
# One SharedPreferences service per browser session (each new one registers with the page).
_services: weakref.WeakKeyDictionary[Any, ft.SharedPreferences] = weakref.WeakKeyDictionary()


def shared_preferences() -> ft.SharedPreferences:
    """The session's SharedPreferences service (the device's language is kept there too)."""
    session = ft.context.page.session
    if session not in _services:
        _services[session] = ft.SharedPreferences()
    return _services[session]


async def load_display() -> theme.Display:
    """The display preferences stored on this device, or the defaults."""
    prefs = shared_preferences()
    try:
        scale, contrast = await asyncio.wait_for(
            asyncio.gather(prefs.get(TEXT_SCALE_KEY), prefs.get(HIGH_CONTRAST_KEY)),
            LOAD_TIMEOUT_SECONDS,
        )
    except (TimeoutError, RuntimeError) as exc:
        log.info("display preferences not read: %s", exc)
        return theme.Display()
    return theme.Display(
        scale=theme.clamp_scale(scale if scale is not None else 1.0),
        high_contrast=contrast is True or str(contrast).lower() == "true",
    )


async def save_display(display: theme.Display) -> None:
    """Remember the display preferences on this device."""
    prefs = shared_preferences()
    # Not being able to remember (private browsing) leaves the setting working for now.
    with contextlib.suppress(RuntimeError, TimeoutError):
        await prefs.set(TEXT_SCALE_KEY, float(display.scale))
        await prefs.set(HIGH_CONTRAST_KEY, bool(display.high_contrast))


def show(page: ft.Page, state: AppState, display: theme.Display) -> None:
    """Show the app in `display` now (sizes, colours and the page theme)."""
    state.text_scale = display.scale
    state.high_contrast = display.high_contrast
    theme.apply(page, display)
    page.update()


async def choose_display(
    state: AppState, *, scale: float | None = None, high_contrast: bool | None = None
) -> None:
    """The user changed the text size or contrast: show it at once and remember it."""
    current = state.display
    display = theme.Display(
        scale=current.scale if scale is None else theme.clamp_scale(scale),
        high_contrast=current.high_contrast if high_contrast is None else high_contrast,
    )
    show(ft.context.page, state, display)
    await save_display(display)
