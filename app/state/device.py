"""What this device remembers between visits: the language only.

It lives in the browser's storage (SharedPreferences is localStorage on the web), which a
kiosk shares with the next person: so never a token, a name or anything personal here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import flet as ft

LANGUAGE_KEY = "nia.language"
# The device answers at once; a client that never answers must not hold the screen.
TIMEOUT = 5.0
log = logging.getLogger(__name__)


class DevicePreferences:
    """The device's remembered language, read and written through Flet's SharedPreferences."""

    def __init__(self, prefs: ft.SharedPreferences | None) -> None:
        self._prefs = prefs

    async def language(self) -> str | None:
        """The language chosen on this device before, if any."""
        if self._prefs is None:
            return None
        try:
            value = await asyncio.wait_for(self._prefs.get(LANGUAGE_KEY), TIMEOUT)
        except (TimeoutError, RuntimeError) as error:  # a device without storage: no memory
            log.info("device storage not readable: %s", error)
            return None
        return value if isinstance(value, str) and value else None

    async def remember_language(self, lang: str) -> None:
        if self._prefs is None:
            return
        # A device without storage forgets; no harm done.
        with contextlib.suppress(TimeoutError, RuntimeError):
            await asyncio.wait_for(self._prefs.set(LANGUAGE_KEY, lang), TIMEOUT)
