"""A reference typed into a field or by a QR scanner that acts as a keyboard.

Flutter's web engine does not reliably give a text field the focus with the accessibility
tree on: autofocus is not honoured, and a field can lose the keys in the middle of a scan
while it still shows as focused. The page hears every key press of a keyboard or scanner as
well (but none from an on-screen keyboard), so both are kept apart and the fuller one is
sent; Enter sends it once whichever of the two heard it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

# How long Enter heard by the page waits for the field's own submit before sending itself.
FIELD_GRACE_SECONDS = 0.3

# Keys a reference is made of (the check symbol and the dash included).
_KEEP = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


@dataclass
class ScanInput:
    """The text of one reference field, from its changes and from the page's key presses."""

    typed: str = ""  # from the keys the page heard
    field: str = ""  # the field's own text
    in_field: bool = False  # the field says it has the focus (it may still miss keys)
    sent: int = 0  # how many times the text was sent
    sending: bool = False

    @property
    def text(self) -> str:
        """The fuller of the two: a field that missed keys of a scan holds a part of what the
        page heard, and the page hears nothing from an on-screen keyboard. The two arrive in
        no fixed order, so neither is merged into the other."""
        return self.field if len(self.field) >= len(self.typed) else self.typed

    def field_changed(self, value: str) -> None:
        self.field = value

    def key(self, key: str) -> bool:
        """A key the page heard; returns whether the text changed."""
        if key == "Backspace":
            if not self.typed:
                return False
            self.typed = self.typed[:-1]
            return True
        if len(key) == 1 and key.upper() in _KEEP:
            self.typed += key.upper()
            return True
        return False

    async def send(self, action: Callable[[str], Awaitable[None]]) -> None:
        """Send the text once (a second Enter while it is on its way does nothing)."""
        if self.sending:
            return
        self.sending = True
        self.sent += 1
        try:
            await action(self.text)
        finally:
            self.sending = False
            self.typed = self.field = ""
            self.in_field = False  # a new, empty field follows; a removed field sends no blur

    async def enter(self, action: Callable[[str], Awaitable[None]]) -> None:
        """Enter heard by the page: the field sends it itself when it has the keys."""
        sent = self.sent
        if self.in_field:
            await asyncio.sleep(FIELD_GRACE_SECONDS)
        if self.sent == sent and self.text:
            await self.send(action)
