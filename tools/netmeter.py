"""A counting TCP relay in front of a local server: the bytes a browser really transfers.

The browser opens the relay's address instead of the server's; every byte of every
connection (page, service worker, web workers, the app's websocket) passes through it and
is counted, headers included, whatever the browser's cache or service worker decides. It
can also cap the downlink (`mbps`, shared by all connections) to look like a slow network.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass


@dataclass
class Counts:
    """Bytes sent each way through the relay since the last reset, and connections opened."""

    down: int = 0  # server -> browser
    up: int = 0  # browser -> server
    connections: int = 0


class NetMeter:
    """Relays 127.0.0.1:<port> to `upstream_port`, counting bytes; runs in its own thread."""

    def __init__(self, upstream_port: int, *, mbps: float = 0.0) -> None:
        self.upstream_port = upstream_port
        self.mbps = mbps
        self.counts = Counts()
        self.port = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.Server | None = None
        self._link_free_at = 0.0  # the shared downlink: when it has sent what it was given
        self._thread = threading.Thread(target=self._run, daemon=True, name="netmeter")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NetMeter:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the counting relay did not start")
        return self

    def stop(self) -> None:
        """Closes the relay and every connection through it."""

        async def shut() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(shut(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def reset(self) -> Counts:
        """The counts so far; counting starts again from zero."""
        with self._lock:
            counts, self.counts = self.counts, Counts()
        return counts

    def snapshot(self) -> Counts:
        with self._lock:
            return Counts(self.counts.down, self.counts.up, self.counts.connections)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def open_server() -> None:
            self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]

        self._loop.run_until_complete(open_server())
        self._ready.set()
        self._loop.run_forever()

    async def _connection(
        self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter
    ) -> None:
        with self._lock:
            self.counts.connections += 1
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(
            self._pipe(client_r, server_w, down=False),
            self._pipe(server_r, client_w, down=True),
            return_exceptions=True,
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, down: bool
    ) -> None:
        try:
            while data := await reader.read(65536):
                if down:
                    await self._throttle(len(data))
                with self._lock:
                    if down:
                        self.counts.down += len(data)
                    else:
                        self.counts.up += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _throttle(self, size: int) -> None:
        """Hold `size` bytes until a link of `mbps` shared by all connections has sent them."""
        if not self.mbps:
            return
        now = time.monotonic()
        self._link_free_at = max(now, self._link_free_at) + size * 8 / (self.mbps * 1e6)
        delay = self._link_free_at - now
        if delay > 0:
            await asyncio.sleep(delay)
