"""What makes a session a kiosk tablet's: its center, its idle times and its activity clock.

Kept apart from the observable AppState on purpose: the clock is touched on every key press
and screen change, and touching it must not re-render anything.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

# Before the kiosk's own settings arrive from the API (and if they cannot be read).
DEFAULT_WARN_SECONDS = 60
DEFAULT_IDLE_SECONDS = 90


@dataclass(eq=False)
class KioskMode:
    """A session that runs on the shared tablet of a service center."""

    center_id: int
    default_lang: str = "en"  # the language the next person finds on the start screen
    center_name: str = ""
    warn_seconds: float = DEFAULT_WARN_SECONDS
    idle_seconds: float = DEFAULT_IDLE_SECONDS
    last_activity: float = field(default_factory=time.monotonic)
    location: str = ""  # the route on the screen now (kept by the kiosk frame)
    # Just started or reset: only the start screen is shown (going back shows nothing) until
    # the next person chooses a language.
    fresh: bool = True
    warning_left: int | None = None  # seconds left while "Are you still there?" is shown
    closed: bool = False  # the browser went away: the idle watch stops
    # The screen's own use of key presses (the check-in screen reads a scanner's keys).
    on_key: Callable[[Any], Awaitable[None]] | None = None

    @property
    def start_route(self) -> str:
        return f"/kiosk/{self.center_id}"

    @property
    def menu_route(self) -> str:
        return f"/kiosk/{self.center_id}/menu"

    def touch(self) -> None:
        """Someone is using the kiosk: the idle time starts again."""
        self.last_activity = time.monotonic()

    def idle_for(self) -> float:
        return time.monotonic() - self.last_activity
