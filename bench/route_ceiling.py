"""What the booking rush's 0.4 ratio leaves room for: a refusal that does nothing else.

    python bench/route_ceiling.py [--clients 100] [--seconds 5]

The booking rush's target compares bookings per second with `GET /health`, a route that
does no I/O at all. This bench measures the most that ratio can be for a booking-shaped
request, with nothing of the app's in it: a bare FastAPI app (served by uvicorn as main.py
serves the app) with three routes, loaded in turn by the same clients as booking_rush.py
(bench/http1.py, one keep-alive connection each):

  - GET /health: async, no I/O (the yardstick, as in the app);
  - POST /refuse-in-thread: a bearer-token dependency, a JSON body read into a model, one
    indexed SQLite read, then 409 `slot_full`; a plain `def`, so FastAPI runs it in a worker
    thread, as the app's routes that touch the database run;
  - POST /refuse-on-loop: the same on the event loop.

It prints requests per second of each and their ratio to /health. A booking does much more
than this refusal (the signed-in check, the access check, the seat counter, an audit record,
a translated answer, and in about one request in seven a booking or a cancellation that
writes), so the refusal's ratio bounds the booking's from above.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Annotated

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http1 import Connection  # noqa: E402
from tools.live_server import free_port  # noqa: E402

BODY = {"service": "visa_extension", "center_id": 1, "start": "2027-01-05T09:00:00+08:00"}


def serve(port: int, database: str) -> None:
    """The bare app, on 127.0.0.1:`port` (run in a child process)."""
    import uvicorn
    from fastapi import Depends, FastAPI, Header
    from fastapi.responses import JSONResponse
    from pydantic import BaseModel

    setup = sqlite3.connect(database)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS seat (id INTEGER PRIMARY KEY, token TEXT, "
                  "capacity INT, booked INT)")
    setup.execute("INSERT OR REPLACE INTO seat VALUES (1, ?, 6, 6)",
                  (hashlib.sha256(b"token").hexdigest(),))
    setup.commit()
    setup.close()
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if getattr(local, "db", None) is None:
            local.db = sqlite3.connect(database, check_same_thread=False)
        db: sqlite3.Connection = local.db
        return db

    class Booking(BaseModel):
        service: str
        center_id: int
        start: datetime

    async def bearer(authorization: Annotated[str | None, Header()] = None) -> str:
        return (authorization or "")[7:]

    def refuse(token: str) -> JSONResponse:
        digest = hashlib.sha256(token.encode()).hexdigest()
        connection().execute("SELECT capacity - booked FROM seat WHERE id = 1 AND token = ?",
                             (digest,)).fetchone()
        return JSONResponse({"code": "slot_full", "message": "That time is full."}, 409)

    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/refuse-in-thread")
    def refuse_in_thread(data: Booking, token: Annotated[str, Depends(bearer)]) -> JSONResponse:
        return refuse(token)

    @app.post("/refuse-on-loop")
    async def refuse_on_loop(data: Booking,
                             token: Annotated[str, Depends(bearer)]) -> JSONResponse:
        return refuse(token)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


async def rate(url: str, method: str, path: str, *, clients: int, seconds: float) -> float:
    """Requests per second that `clients` sending back to back get through."""
    done = 0
    stop = time.monotonic() + seconds

    async def client() -> None:
        nonlocal done
        connection = Connection(url)
        body = BODY if method == "POST" else None
        while time.monotonic() < stop:
            await connection.request(method, path, json_body=body,
                                     headers={"Authorization": "Bearer token"})
            done += 1
        await connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return done / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1])
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port),
                                   str(Path(tmp) / "seats.db")])
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{url}/health", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            figures = {
                path: asyncio.run(rate(url, method, path, clients=args.clients,
                                       seconds=args.seconds))
                for method, path in (("GET", "/health"), ("POST", "/refuse-in-thread"),
                                     ("POST", "/refuse-on-loop"))
            }
        finally:
            server.terminate()
            server.wait(10)
    health = figures["/health"]
    print(f"{args.clients} clients, {args.seconds:g} s per route, a bare FastAPI app")
    print(f"{'route':28} {'req/s':>8}  {'/ health':>8}")
    for path, per_second in figures.items():
        print(f"{path:28} {per_second:8.0f}  {per_second / health:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
