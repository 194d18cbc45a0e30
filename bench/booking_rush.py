"""Booking rush: many clients book the slots of one day at one center at once.

    python bench/booking_rush.py [--clients 100] [--seconds 10] [--pool 2]
    python bench/booking_rush.py --url http://127.0.0.1:8550 --database-url sqlite:///data/app.db

Without --url it prepares a fresh SQLite database (sample data plus the bench's people) in a
temporary directory and starts the real server on it (tools/live_server.start_server), on
127.0.0.1 only. With --url it uses a running server and prepares its people directly in that
server's database (--database-url).

Design: each client is a helper account with an active link to `--pool` people of its own.
It books a random slot of the chosen day for one of its people; on 201 it keeps the seat; when
all its people hold a seat it cancels its oldest appointment first (a cancelled seat is free
at once), so demand (clients x pool) stays above the day's seats and the server sees a steady
mix of 201 and 409 slot_full for the whole duration. Then the same number of clients call
GET /health for the same duration. Afterwards no slot may hold more appointments than its
capacity: checked through GET /slots against what the clients hold and, when the database is
reachable, by counting the booked appointments per slot.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from backend.data.sample import load_sample_data  # noqa: E402
from backend.db import create_schema, make_engine  # noqa: E402
from backend.models import (  # noqa: E402
    Account,
    Appointment,
    AppointmentStatus,
    HelperLink,
    LinkStatus,
    Person,
    Relation,
    SlotCounter,
    utcnow,
)
from backend.services.passwords import hash_password  # noqa: E402
from bench.http1 import Connection  # noqa: E402
from tools.live_server import start_server, stop_server  # noqa: E402

SERVICE = "visa_extension"
PASSWORD = "Rush-pass-2026"
SHANGHAI = ZoneInfo("Asia/Shanghai")
API = "/api/v1"


@dataclass
class ClientSpec:
    email: str
    person_ids: list[int]


@dataclass
class Stats:
    """Outcomes and latencies of one phase."""

    latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    cancels: int = 0
    cancel_latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def attempts(self) -> int:
        return len(self.latencies)

    def per_second(self) -> float:
        return self.attempts / self.elapsed if self.elapsed else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def prepare_people(database_url: str, clients: int, pool: int) -> list[ClientSpec]:
    """One helper account per client, linked (active) to `pool` people of its own."""
    engine = make_engine(database_url)
    create_schema(engine)
    run = uuid.uuid4().hex[:6].upper()
    specs: list[ClientSpec] = []
    with Session(engine, expire_on_commit=False) as s:
        load_sample_data(s)  # only loads into an empty database
        password_hash = hash_password(PASSWORD)  # hashed once, shared by every bench account
        accounts = [Account(email=f"rush-{run.lower()}-{i}@example.com",
                            password_hash=password_hash, full_name=f"Rush Helper {i}")
                    for i in range(clients)]
        people = [Person(passport_no=f"R{run}{i:06d}", nationality="DE",
                         full_name=f"Rush Person {i}", birth_date=date(1990, 1, 1),
                         phone=f"+86 139 1000 {i % 10000:04d}")
                  for i in range(clients * pool)]
        s.add_all(accounts)
        s.add_all(people)
        s.flush()
        now = utcnow()
        for i, account in enumerate(accounts):
            mine = people[i * pool:(i + 1) * pool]
            for p in mine:
                s.add(HelperLink(helper_account_id=account.id, person_id=p.id,  # type: ignore[arg-type]
                                 relation=Relation.friend, status=LinkStatus.active,
                                 activated_at=now))
            specs.append(ClientSpec(account.email, [p.id for p in mine]))  # type: ignore[misc]
        s.commit()
    engine.dispose()
    return specs


async def login(http: httpx.AsyncClient, specs: list[ClientSpec]) -> list[dict[str, str]]:
    gate = asyncio.Semaphore(16)

    async def one(spec: ClientSpec) -> dict[str, str]:
        async with gate:
            r = await http.post(f"{API}/auth/login",
                                json={"email": spec.email, "password": PASSWORD})
            r.raise_for_status()
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

    return list(await asyncio.gather(*(one(s) for s in specs)))


async def choose_day(http: httpx.AsyncClient) -> tuple[int, str, list[str]]:
    """The first center with the service, its first day clear of the 24-hour cut-off."""
    centers = (await http.get(f"{API}/centers", params={"service": SERVICE})).json()
    cid = int(centers[0]["id"])
    days = (await http.get(f"{API}/centers/{cid}/days", params={"service": SERVICE})).json()
    soonest = datetime.now(SHANGHAI).date() + timedelta(days=2)
    day = next(d["date"] for d in days if date.fromisoformat(d["date"]) >= soonest)
    slots = (await http.get(f"{API}/centers/{cid}/slots",
                            params={"service": SERVICE, "date": day})).json()
    return cid, day, [s["start"] for s in slots]


async def rush(base_url: str, specs: list[ClientSpec], headers: list[dict[str, str]],
               cid: int, starts: list[str], seconds: float
               ) -> tuple[Stats, dict[str, int]]:
    """The booking phase; returns its stats and the seats the clients hold per slot start."""
    stats = Stats()
    held_per_start: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    rng = random.Random(1)

    async def client(spec: ClientSpec, auth: dict[str, str]) -> None:
        http = Connection(base_url)
        free = list(spec.person_ids)
        held: deque[tuple[str, int, str]] = deque()
        while time.monotonic() < deadline:
            if not free:
                ref, person, start = held.popleft()
                t0 = time.perf_counter()
                r = await http.post(f"{API}/appointments/{ref}/cancel", headers=auth)
                stats.cancel_latencies.append(time.perf_counter() - t0)
                if r.status_code == 200:
                    stats.cancels += 1
                    free.append(person)
                else:
                    stats.outcomes[f"cancel {r.status_code}"] += 1
                    held.append((ref, person, start))
                continue
            person = free.pop()
            start = rng.choice(starts)
            t0 = time.perf_counter()
            r = await http.post(f"{API}/applicants/{person}/appointments", headers=auth,
                                json={"service": SERVICE, "center_id": cid, "start": start})
            stats.latencies.append(time.perf_counter() - t0)
            if r.status_code == 201:
                stats.outcomes["201"] += 1
                held.append((r.json()["reference"], person, start))
            else:
                code = r.json().get("detail", {}).get("code", "?") if r.content else "?"
                stats.outcomes[f"{r.status_code} {code}"] += 1
                free.append(person)
        await http.close()
        for _ref, _person, start in held:
            held_per_start[start] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client(s, h) for s, h in zip(specs, headers, strict=True)))
    stats.elapsed = time.perf_counter() - t0
    return stats, dict(held_per_start)


async def health(base_url: str, clients: int, seconds: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds

    async def client() -> None:
        http = Connection(base_url)
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            r = await http.get(f"{API}/health")
            stats.latencies.append(time.perf_counter() - t0)
            stats.outcomes[str(r.status_code)] += 1
        await http.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    stats.elapsed = time.perf_counter() - t0
    return stats


async def overbooked_via_api(http: httpx.AsyncClient, cid: int, day: str,
                             held: dict[str, int]) -> tuple[int, int]:
    """(seats above capacity, slots whose taken seats differ from what the clients hold)."""
    slots = (await http.get(f"{API}/centers/{cid}/slots",
                            params={"service": SERVICE, "date": day})).json()
    over = mismatched = 0
    for s in slots:
        mine = held.get(s["start"], 0)
        over += max(0, mine - s["capacity"])
        mismatched += (s["capacity"] - s["available"]) != mine
    return over, mismatched


def overbooked_in_db(database_url: str) -> tuple[int, int]:
    """(appointments above a slot's capacity, counters that disagree with the appointments)."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        rows = s.exec(
            select(Appointment.center_id, Appointment.service_code, Appointment.start,
                   func.count(col(Appointment.id)))
            .where(Appointment.status == AppointmentStatus.booked)
            .group_by(col(Appointment.center_id), col(Appointment.service_code),
                      col(Appointment.start))
        ).all()
        counts = {(c, sv, st): n for c, sv, st, n in rows}
        over = wrong = 0
        for row in s.exec(select(SlotCounter)).all():
            n = counts.get((row.center_id, row.service_code, row.start), 0)
            over += max(0, n - row.capacity)
            wrong += n != row.booked
    engine.dispose()
    return over, wrong


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


async def run(args: argparse.Namespace, base_url: str, database_url: str) -> int:
    specs = prepare_people(database_url, args.clients, args.pool)
    limits = httpx.Limits(max_connections=args.clients + 8,
                          max_keepalive_connections=args.clients + 8)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as http:
        headers = await login(http, specs)
        cid, day, starts = await choose_day(http)
        print(f"center {cid}, day {day}: {len(starts)} slots; {args.clients} clients x "
              f"{args.pool} people, {args.seconds:g} s per phase", flush=True)
        booking, held = await asyncio.wait_for(
            rush(base_url, specs, headers, cid, starts, args.seconds), args.seconds + 60)
        checks = await asyncio.wait_for(health(base_url, args.clients, args.seconds),
                                        args.seconds + 60)
        api_over, api_mismatch = await overbooked_via_api(http, cid, day, held)
    db_over, db_wrong = overbooked_in_db(database_url)

    ratio = booking.per_second() / checks.per_second() if checks.per_second() else 0.0
    overbooked = api_over + db_over
    p99 = booking.pct(0.99)
    rows = [
        ("phase", "requests", "req/s", "p50 ms", "p99 ms"),
        ("POST appointments", str(booking.attempts), f"{booking.per_second():.1f}",
         f"{booking.pct(0.5):.1f}", f"{p99:.1f}"),
        ("GET health", str(checks.attempts), f"{checks.per_second():.1f}",
         f"{checks.pct(0.5):.1f}", f"{checks.pct(0.99):.1f}"),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                        enumerate(zip(r, widths, strict=True))))
    cancel_p50 = (statistics.median(booking.cancel_latencies) * 1000
                  if booking.cancel_latencies else float("nan"))
    print(f"booking outcomes: {dict(booking.outcomes)}; cancels {booking.cancels} "
          f"(p50 {cancel_p50:.1f} ms); seats held at the end {sum(held.values())}")
    print(f"health outcomes: {dict(checks.outcomes)}")
    print(f"slots whose seats taken differ from the clients' holdings (API): {api_mismatch}; "
          f"counters disagreeing with appointments (DB): {db_wrong}")
    print(f"overbooked seats: {overbooked}  (target 0)  {verdict(overbooked == 0)}")
    print(f"booking/health attempts per second: {ratio:.2f}  (target >= 0.4)  "
          f"{verdict(ratio >= 0.4)}")
    note = "" if args.clients == 100 else f" (measured at {args.clients} clients)"
    print(f"booking p99: {p99:.1f} ms  (target < 250 ms at 100 clients{note})  "
          f"{verdict(p99 < 250)}")
    errors = sum(n for k, n in booking.outcomes.items() if not k.startswith(("201", "409")))
    ok = overbooked == 0 and ratio >= 0.4 and p99 < 250 and errors == 0 and db_wrong == 0
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one on 127.0.0.1)")
    parser.add_argument("--database-url", help="that server's DATABASE_URL (with --url)")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--pool", type=int, default=2, help="people per client")
    args = parser.parse_args()
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
            parser.error("--url must be on 127.0.0.1")
        if not args.database_url:
            parser.error("--database-url is needed with --url (the bench prepares its people)")
        return asyncio.run(run(args, args.url, args.database_url))
    with tempfile.TemporaryDirectory(prefix="booking-rush-") as tmp:
        workdir = Path(tmp)
        database_url = f"sqlite:///{workdir / 'app.db'}"
        prepare_people(database_url, 0, 0)  # sample data before the server's first start
        # Each bench client books and cancels without pause, as no person does: the per-account
        # limit on booking attempts (BOOKING_MAX_TRIES) would refuse it after 30 tries.
        proc, url = start_server(workdir, BOOKING_MAX_TRIES="1000000")
        try:
            return asyncio.run(run(args, url, database_url))
        finally:
            stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
