"""A rush of requests larger than the connection pool: every request is answered, in turn.

A request keeps its database connection across the worker threads its parts run on; with
more requests in progress than connections, the threads could all wait for a connection
held by requests that wait for a thread. The API admits at most half the pool's
connections' worth of requests at once (backend/api/admission.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import anyio.to_thread
import httpx
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from backend.api import create_api
from backend.api.admission import MAX_REQUESTS_IN_PROGRESS
from backend.db import POOL_CONNECTIONS


def test_a_rush_larger_than_the_pool_is_answered(
    engine: Engine, client: TestClient, user: dict[str, str]
) -> None:
    requests = POOL_CONNECTIONS + 40

    async def rush() -> Counter[int]:
        # Few threads, as on a small server: each request needs one for its sign-in check,
        # then another for its route, keeping its connection in between.
        anyio.to_thread.current_default_thread_limiter().total_tokens = 2
        transport = httpx.ASGITransport(app=create_api(engine))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            answers = await asyncio.wait_for(
                asyncio.gather(*(http.get("/me", headers=user) for _ in range(requests))),
                timeout=25,  # the pool gives up after 30 s: a stall fails here first
            )
        return Counter(r.status_code for r in answers)

    assert MAX_REQUESTS_IN_PROGRESS * 2 <= POOL_CONNECTIONS
    assert asyncio.run(rush()) == {200: requests}
