"""Server CPU per request, one client at a time: where the booking rush's time goes.

    python bench/request_cpu.py [--requests 500]

Starts the real server on a fresh SQLite database (tools/live_server.start_server), prepares
one helper with two people (as booking_rush.py does), fills one slot, then sends `--requests`
requests of each kind one after the other and prints the server process's CPU time (user +
system, from /proc) per request: GET /health (the yardstick), GET /me, a booking refused as
full (audited: the client is a helper), a booking refused as full for oneself (not audited),
and a booking followed by its cancellation. No targets: booking_rush.py has them; this tells
which part of a request to make cheaper.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from backend.db import make_engine  # noqa: E402
from backend.models import Account, Person  # noqa: E402
from bench.booking_rush import API, SERVICE, choose_day, login, prepare_people  # noqa: E402
from tools.live_server import start_server, stop_server  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def own_person(database_url: str, email: str) -> int:
    """Make the helper an applicant too (linked to a person of their own): their own id."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.email == email)).one()
        person = Person(passport_no="RSELF0001", nationality="DE", full_name="Rush Self",
                        birth_date=date(1990, 1, 1), phone="+86 139 0000 0000")
        s.add(person)
        s.flush()
        account.person_id = person.id
        s.commit()
        pid = int(person.id)  # type: ignore[arg-type]
    engine.dispose()
    return pid


async def measure(base_url: str, database_url: str, pid: int, n: int) -> None:
    specs = prepare_people(database_url, 1, 2)
    self_id = own_person(database_url, specs[0].email)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        (auth,) = await login(http, specs)
        cid, _day, starts = await choose_day(http)
        body = {"service": SERVICE, "center_id": cid, "start": starts[0]}
        # Fill the first slot with bench people of other helpers.
        others = prepare_people(database_url, 20, 1)
        for spec, h in zip(others, await login(http, others), strict=True):
            r = await http.post(f"{API}/applicants/{spec.person_ids[0]}/appointments",
                                headers=h, json=body)
            if r.status_code != 201:
                break
        helper_for, other = specs[0].person_ids

        async def book_and_cancel() -> httpx.Response:
            r = await http.post(f"{API}/applicants/{other}/appointments", headers=auth,
                                json={**body, "start": starts[1]})
            r.raise_for_status()
            ref = r.json()["reference"]
            return await http.post(f"{API}/appointments/{ref}/cancel", headers=auth)

        kinds = {
            "GET /health": lambda: http.get(f"{API}/health"),
            "GET /me": lambda: http.get(f"{API}/me", headers=auth),
            "booking refused, helper (audited)": lambda: http.post(
                f"{API}/applicants/{helper_for}/appointments", headers=auth, json=body),
            "booking refused, for oneself": lambda: http.post(
                f"{API}/applicants/{self_id}/appointments", headers=auth, json=body),
            "booking + cancel (2 requests)": book_and_cancel,
        }
        print(f"{'request':36} {'CPU ms':>8}")
        for name, call in kinds.items():
            for _ in range(20):  # warm the caches
                await call()
            before = cpu_seconds(pid)
            for _ in range(n):
                r = await call()
                assert r.status_code < 500, r.text
            print(f"{name:36} {(cpu_seconds(pid) - before) / n * 1000:8.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, url = start_server(workdir, BOOKING_MAX_TRIES="1000000")
        try:
            asyncio.run(measure(url, f"sqlite:///{workdir / 'app.db'}", proc.pid,
                                args.requests))
        finally:
            stop_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
