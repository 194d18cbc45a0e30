"""A TCP proxy of the test's own between the app and PostgreSQL, to take the database away
and give it back without touching the shared PostgreSQL server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from concurrent.futures import Future
from typing import Any


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target`; `cut()` drops every connection and refuses new
    ones (the server is down), `blackhole()` accepts and never answers (a network that
    swallows packets), `restore()` forwards again on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.mode = "forward"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.connections = 0  # accepted so far (the app reconnected when this grows)
        self._call(self._listen())

    def _call(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port,
                                                  reuse_address=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        if self.mode == "blackhole":
            with contextlib.suppress(Exception):
                await reader.read()  # hold the connection, answer nothing
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.add(up_writer)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(Exception):
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def _drop_all(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for w in list(self._writers):
            with contextlib.suppress(Exception):
                w.transport.abort()  # a reset, as when the server process dies
        self._writers.clear()

    def cut(self) -> None:
        """The database is gone: open connections reset, new ones refused."""
        self.mode = "down"
        self._call(self._drop_all())

    def blackhole(self) -> None:
        """Connections are accepted and then nothing comes back."""
        self._call(self._drop_all())
        self.mode = "blackhole"
        self._call(self._listen())

    def restore(self) -> None:
        """The database is back on the same address."""
        self._call(self._drop_all())
        self.mode = "forward"
        self._call(self._listen())

    def close(self) -> None:
        self._call(self._drop_all())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
