"""The fixed websocket sender: the same bytes as flet_web's, without building a log line."""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass
from typing import Any

import flet as ft
import msgpack
from flet.messaging.protocol import Message, MessageAction
from flet_web.fastapi.flet_app import FletApp

from webclient import flet_fixes


@dataclass
class _Unprintable(Message):
    """A message that fails the test if anything turns it into text."""

    def __repr__(self) -> str:
        raise AssertionError("the message was formatted")


def _sender() -> Any:
    app = FletApp.__new__(FletApp)
    app._FletApp__send_queue = asyncio.Queue()  # type: ignore[attr-defined]
    return app


def _sent(app: Any) -> bytes:
    return bytes(app._FletApp__send_queue.get_nowait())


def test_the_fixed_sender_queues_what_flet_web_would() -> None:
    body = {"id": 1, "patch": [[0], [0, 0, "controls", [ft.Text("Sign in", size=18)]]]}
    upstream, fixed = _sender(), _sender()
    flet_fixes.upstream_send_message(upstream, Message(MessageAction.PATCH_CONTROL, body))
    flet_fixes._send_message(fixed, Message(MessageAction.PATCH_CONTROL, body))
    packet = _sent(fixed)
    assert packet == _sent(upstream)
    assert packet[0] == 0 and msgpack.unpackb(packet[1:])[0] == MessageAction.PATCH_CONTROL.value


def test_the_installed_sender_never_formats_the_message() -> None:
    flet_fixes.install()
    app = _sender()
    app.send_message(_Unprintable(MessageAction.PATCH_CONTROL, {"id": 1}))
    assert msgpack.unpackb(_sent(app)[1:]) == [MessageAction.PATCH_CONTROL.value, {"id": 1}]


def test_flet_web_still_sends_as_the_fix_was_written_for() -> None:
    # The fix copies flet_web's sender: if flet_web changes it, look at the fix again.
    source = inspect.getsource(flet_fixes.upstream_send_message)
    assert 'transport_log.debug(f"send_message: {message}")' in source
    assert 'self.__send_queue.put_nowait(b"\\x00" + body)' in source
