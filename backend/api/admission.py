"""ASGI middleware that lets a bounded number of API requests in at once; the rest wait.

A request holds a database connection from its first query to its end, across the worker
threads its blocking parts run on in turn (dependencies, route, refusal audit: up to two
connections). Without a bound, a rush of requests can hold every pooled connection while
waiting for a thread, and the threads then wait for a connection: everything stops until
the pool's timeout. Waiting here, before the first query, holds nothing.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.db import POOL_CONNECTIONS

# Each request in progress may hold two connections (its own and the refusal audit's).
MAX_REQUESTS_IN_PROGRESS = POOL_CONNECTIONS // 2


class AdmissionLimit:
    """At most `limit` HTTP requests in progress in the wrapped app."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUESTS_IN_PROGRESS) -> None:
        self.app = app
        self.limit = limit
        self._gate: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._gate is None:  # made in the event loop that serves the requests
            self._gate = asyncio.Semaphore(self.limit)
        async with self._gate:
            await self.app(scope, receive, send)
