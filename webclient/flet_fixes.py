"""A fix to flet_web's websocket sender, installed once at start (written against flet 1.0.5).

`FletApp.send_message` logs every outgoing message with an f-string at debug level: the
string is built whatever the log level, and building it means `repr` of the message, with
every control a screen change adds, field by field. That was a sixth of the server's time
while phones changed screens, on the path of every tap. The fix sends the same bytes
without the log line.
"""

from __future__ import annotations

from typing import Any

import msgpack
from flet.controls.base_control import BaseControl
from flet.messaging.protocol import configure_encode_object_for_msgpack
from flet_web.fastapi.flet_app import FletApp

_encode_control = configure_encode_object_for_msgpack(BaseControl)
# flet_web's own, kept to compare against in tests.
upstream_send_message = FletApp.send_message


def _send_message(self: FletApp, message: Any) -> None:
    """flet_web's `FletApp.send_message` without its eager debug line: one packet per
    message, `[0x00][msgpack of action and body]`, queued for the websocket."""
    body = msgpack.packb([message.action, message.body], default=_encode_control)
    self._FletApp__send_queue.put_nowait(b"\x00" + body)  # type: ignore[attr-defined]


def install() -> None:
    """Put the fixed sender in place (idempotent)."""
    FletApp.send_message = _send_message  # type: ignore[method-assign]
