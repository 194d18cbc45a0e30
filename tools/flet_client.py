"""A Flet session without a browser: the websocket protocol the Flutter client speaks, for
benchmarks that need many connected sessions (a browser tab each would need gigabytes).

It registers as the web client does (route, size, platform), so the server creates a real
session and runs the app's `main` for it, renders the screen and sends it; it answers every
method the server calls on the client (with no result, as a client without that service),
and follows `push_route` as Flutter does (a page patch with the route, then the
`route_change` event). It keeps no control tree: it cannot tap buttons, only change route.
Written against flet 1.0.5 (flet/messaging/protocol.py, flet_web/fastapi/flet_app.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import msgpack
import websockets

REGISTER_CLIENT, PATCH_CONTROL, CONTROL_EVENT, UPDATE_CONTROL_PROPS, INVOKE_METHOD = 1, 2, 3, 4, 5


def _frame(action: int, body: dict[str, Any]) -> bytes:
    return b"\x00" + msgpack.packb([action, body])


class RawSession:
    """One connected Flet session driven over its websocket."""

    def __init__(self, base_url: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/ws"
        self.page_id: int | None = None
        self.session_id: str | None = None
        self.bytes_received = 0
        self.messages_received = 0
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._patched = asyncio.Event()

    async def open(self, route: str = "/", width: int = 390, height: int = 844) -> None:
        """Connects and registers; returns once the server has sent the first screen."""
        self._ws = await websockets.connect(self.ws_url, max_size=None, compression=None)
        page = {"route": route, "web": True, "pwa": False, "debug": False, "wasm": True,
                "platform": "android", "platform_brightness": "light",
                "width": width, "height": height}
        await self._ws.send(_frame(REGISTER_CLIENT, {"session_id": "", "page_name": "",
                                                    "page": page}))
        first = await self._receive()
        assert first[0] == REGISTER_CLIENT, first
        body = first[1]
        if body.get("error"):
            raise RuntimeError(f"the server refused the session: {body['error']}")
        self.session_id = body["session_id"]
        self.page_id = body["page_patch"]["_i"]
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._patched.wait(), 60)

    async def navigate(self, route: str) -> float:
        """Changes route as the client does; seconds until the server's screen update."""
        assert self._ws is not None and self.page_id is not None
        self._patched.clear()
        started = time.perf_counter()
        await self._ws.send(_frame(UPDATE_CONTROL_PROPS, {"id": self.page_id,
                                                         "props": {"route": route}}))
        await self._ws.send(_frame(CONTROL_EVENT, {"target": self.page_id,
                                                  "name": "route_change",
                                                  "data": {"route": route}}))
        await asyncio.wait_for(self._patched.wait(), 60)
        return time.perf_counter() - started

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    async def _receive(self) -> list[Any]:
        data = await self._ws.recv()
        self.bytes_received += len(data)
        self.messages_received += 1
        message: list[Any] = msgpack.unpackb(data[1:], raw=False, strict_map_key=False)
        return message

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                action, body = await self._receive()
                if action == PATCH_CONTROL:
                    self._patched.set()
                elif action == INVOKE_METHOD:
                    await self._ws.send(_frame(INVOKE_METHOD, {
                        "control_id": body["control_id"], "call_id": body["call_id"],
                        "result": None, "error": ""}))
                    if body.get("name") == "push_route":
                        route = body["args"]["route"]
                        await self._ws.send(_frame(UPDATE_CONTROL_PROPS, {
                            "id": self.page_id, "props": {"route": route}}))
                        await self._ws.send(_frame(CONTROL_EVENT, {
                            "target": self.page_id, "name": "route_change",
                            "data": {"route": route}}))
