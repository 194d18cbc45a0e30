"""Server memory per connected session, for 200 sessions.

    python bench/sessions_memory.py [--sessions 200] [--route /]

Starts the app (`python main.py` on a fresh SQLite database, tools/live_server.start_server),
connects 10 sessions first (the first sessions load code and caches that later ones share;
they stay connected), and reads the server's resident memory (VmRSS of the process) once it
is steady. Then it connects `--sessions` more over the websocket with tools/flet_client.py
(each a real server session that ran the app's `main` and holds the rendered `--route`
screen, as a phone that opened the app and put it down), waits until the memory is steady
again and divides the growth by the number of sessions. It also reads the memory after
they disconnect: Flet keeps a disconnected session for FLET_SESSION_TIMEOUT seconds (an
hour by default) so a phone that comes back finds its screen.
Prints the figures and PASS/FAIL for <= 1 MB per idle session.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.flet_client import RawSession  # noqa: E402
from tools.live_server import start_server, stop_server  # noqa: E402

WARM = 10
PER_SESSION_MAX = 1_000_000


def rss(pid: int) -> int:
    """Resident memory of process `pid`, bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


async def steady(pid: int, *, quiet: float = 0.01, limit: float = 30.0) -> int:
    """The memory once it changes by less than `quiet` (share) in a second."""
    deadline = time.monotonic() + limit
    last = rss(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = rss(pid)
        if abs(now - last) <= quiet * last:
            return now
        last = now
    return last


async def connect(url: str, count: int, route: str) -> list[RawSession]:
    sessions = [RawSession(url) for _ in range(count)]
    gate = asyncio.Semaphore(8)

    async def one(s: RawSession) -> None:
        async with gate:
            await s.open(route)

    await asyncio.gather(*(one(s) for s in sessions))
    return sessions


async def run(url: str, pid: int, count: int, route: str) -> int:
    warm = await connect(url, WARM, route)
    base = await steady(pid)
    started = time.monotonic()
    crowd = await connect(url, count, route)
    took = time.monotonic() - started
    loaded = await steady(pid)
    received = sum(s.bytes_received for s in crowd) / count
    for s in crowd:
        await s.close()
    await asyncio.sleep(2)
    after = await steady(pid)
    for s in warm:
        await s.close()

    per = (loaded - base) / count
    mb = 1e6
    print(f"route {route}: {count} sessions connected in {took:.1f} s "
          f"(first screen: {received / 1000:.1f} kB each)")
    print(f"server memory with {WARM} sessions:            {base / mb:8.1f} MB")
    print(f"server memory with {WARM + count} sessions:           {loaded / mb:8.1f} MB")
    print(f"server memory after {count} disconnected (kept): {after / mb:8.1f} MB")
    ok = per <= PER_SESSION_MAX
    print(f"\nmemory per connected session: {per / 1000:.0f} kB  (target <= 1 MB)  "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--route", default="/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sessions-memory-") as tmp:
        proc, url = start_server(Path(tmp))
        try:
            return asyncio.run(run(url, proc.pid, args.sessions, args.route))
        finally:
            stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
