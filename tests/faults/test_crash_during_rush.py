"""The real server killed with SIGKILL in the middle of a booking rush, then started again on
the same database: every booking it confirmed (201) is there, and no slot holds more
appointments than its capacity, with the seat counters agreeing with the appointments.

On SQLite always; on PostgreSQL too when TEST_DATABASE_URL is set. What is injected is a
process kill (no clean shutdown, no flush): SQLite in WAL mode with synchronous=NORMAL
keeps every committed transaction through a process crash (not through a power cut,
which this test does not simulate).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import signal
import subprocess
import uuid
from collections import Counter
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, func, text
from sqlmodel import Session, select

from backend.data.sample import load_sample_data
from backend.db import make_engine, migrate
from backend.models import (
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
from backend.services.passwords import hash_password
from tools.live_server import start_server

T = TypeVar("T")
API = "/api/v1"
SERVICE = "visa_extension"
PASSWORD = "Crash-rush-2026"
CLIENTS, POOL = 40, 3  # 120 people for one day's seats (fewer): 409s as well as 201s
KILL_AFTER = 25  # confirmed bookings before the kill


@dataclass
class Rush:
    """What the clients were told: confirmed references, refusals, requests cut off."""

    confirmed: dict[str, tuple[int, str]] = field(default_factory=dict)  # ref -> person, start
    outcomes: Counter[str] = field(default_factory=Counter)
    owners: dict[int, dict[str, str]] = field(default_factory=dict)  # person -> auth header


def prepare(database_url: str) -> list[tuple[str, list[int]]]:
    """The schema, the sample data and CLIENTS helper accounts with POOL people each."""
    engine = make_engine(database_url)
    migrate(engine)
    run = uuid.uuid4().hex[:6].upper()
    specs = []
    with Session(engine, expire_on_commit=False) as s:
        load_sample_data(s)
        password_hash = hash_password(PASSWORD)
        accounts = [Account(email=f"crash-{run.lower()}-{i}@example.com",
                            password_hash=password_hash, full_name=f"Crash Helper {i}")
                    for i in range(CLIENTS)]
        people = [Person(passport_no=f"K{run}{i:05d}", nationality="DE",
                         full_name=f"Crash Person {i}", birth_date=date(1990, 1, 1),
                         phone=f"+86 139 2000 {i:04d}") for i in range(CLIENTS * POOL)]
        s.add_all([*accounts, *people])
        s.flush()
        for i, account in enumerate(accounts):
            mine = people[i * POOL:(i + 1) * POOL]
            s.add_all(HelperLink(helper_account_id=account.id, person_id=p.id,  # type: ignore[arg-type]
                                 relation=Relation.friend, status=LinkStatus.active,
                                 activated_at=utcnow()) for p in mine)
            specs.append((account.email, [p.id for p in mine]))  # type: ignore[misc]
        s.commit()
    engine.dispose()
    return specs


async def sign_in_all(http: httpx.AsyncClient, specs: list[tuple[str, list[int]]],
                      rush: Rush) -> list[dict[str, str]]:
    gate = asyncio.Semaphore(8)

    async def one(email: str, people: list[int]) -> dict[str, str]:
        async with gate:
            r = await http.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})
            r.raise_for_status()
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
            for p in people:
                rush.owners[p] = auth
            return auth

    return list(await asyncio.gather(*(one(e, p) for e, p in specs)))


async def choose_day(http: httpx.AsyncClient) -> tuple[int, str, list[str]]:
    centers = (await http.get(f"{API}/centers", params={"service": SERVICE})).json()
    cid = int(centers[0]["id"])
    days = (await http.get(f"{API}/centers/{cid}/days", params={"service": SERVICE})).json()
    soonest = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=2)
    day = next(d["date"] for d in days if date.fromisoformat(d["date"]) >= soonest)
    slots = (await http.get(f"{API}/centers/{cid}/slots",
                            params={"service": SERVICE, "date": day})).json()
    return cid, day, [s["start"] for s in slots]


async def book_all(http: httpx.AsyncClient, specs: list[tuple[str, list[int]]],
                   headers: list[dict[str, str]], cid: int, starts: list[str], rush: Rush,
                   people: set[int], kill: asyncio.Event | None = None) -> None:
    """Each person in `people` tries random slots until booked (or 6 tries); a request the
    kill cuts off ends that client."""
    rng = random.Random(7)

    async def client(auth: dict[str, str], mine: list[int]) -> None:
        for person in mine:
            if person not in people:
                continue
            for _ in range(6):
                start = rng.choice(starts)
                try:
                    r = await http.post(
                        f"{API}/applicants/{person}/appointments", headers=auth,
                        json={"service": SERVICE, "center_id": cid, "start": start})
                except httpx.HTTPError:
                    rush.outcomes["cut off by the kill"] += 1
                    return
                if r.status_code == 201:
                    rush.confirmed[r.json()["reference"]] = (person, start)
                    rush.outcomes["201"] += 1
                    if kill is not None and len(rush.confirmed) >= KILL_AFTER:
                        kill.set()
                    break
                rush.outcomes[f"{r.status_code} {r.json()['detail']['code']}"] += 1
                if r.status_code != 409 or r.json()["detail"]["code"] != "slot_full":
                    break

    await asyncio.gather(*(client(h, p) for h, (_e, p) in zip(headers, specs, strict=True)))


def check_database(database_url: str, rush: Rush) -> tuple[int, int]:
    """Every confirmed booking is stored as booked; no slot over capacity; counters agree.
    Returns (booked appointments, slots checked)."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        booked = {a.reference: a for a in s.exec(
            select(Appointment).where(Appointment.status == AppointmentStatus.booked)).all()}
        for reference, (person, _start) in rush.confirmed.items():
            assert reference in booked, f"confirmed booking {reference} lost"
            assert booked[reference].person_id == person
        per_slot = Counter((a.center_id, a.service_code, a.start) for a in booked.values())
        counters = s.exec(select(SlotCounter)).all()
        for c in counters:
            n = per_slot.get((c.center_id, c.service_code, c.start), 0)
            assert n <= c.capacity, f"slot {c.start} holds {n} > {c.capacity}"
            assert c.booked == n, f"counter of {c.start} says {c.booked}, appointments {n}"
        # No appointment without its counter either.
        assert set(per_slot) <= {(c.center_id, c.service_code, c.start) for c in counters}
        assert s.exec(select(func.count()).select_from(Appointment)).one() >= len(booked)
    engine.dispose()
    return len(booked), len(counters)


async def check_api(http: httpx.AsyncClient, rush: Rush, cid: int, day: str) -> None:
    """Each owner sees their confirmed booking; the day's free places match the database."""
    for reference, (person, start) in rush.confirmed.items():
        r = await http.get(f"{API}/appointments/{reference}", headers=rush.owners[person])
        assert r.status_code == 200 and r.json()["status"] == "booked", r.text
        assert datetime.fromisoformat(r.json()["start"]) == datetime.fromisoformat(start)
    slots = (await http.get(f"{API}/centers/{cid}/slots",
                            params={"service": SERVICE, "date": day})).json()
    held = Counter(datetime.fromisoformat(s) for _p, s in rush.confirmed.values())
    for slot in slots:
        taken = slot["capacity"] - slot["available"]
        assert taken >= held.get(datetime.fromisoformat(slot["start"]), 0)
        assert 0 <= slot["available"] <= slot["capacity"]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` in a thread of its own (the browser tests leave an event loop running
    in the main thread, where asyncio.run refuses to start)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _sqlite(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'app.db'}"


def _postgresql() -> Iterator[str]:
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    schema = f"test_crash_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL")
                                     else []))
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield from _sqlite(tmp_path)
    else:
        yield from _postgresql()


def test_sigkill_during_a_booking_rush_loses_nothing_confirmed(
    tmp_path: Path, database_url: str
) -> None:
    specs = prepare(database_url)
    env = {"DATABASE_URL": database_url, "BOOKING_MAX_TRIES": "1000"}
    proc, url = start_server(tmp_path, **env)
    rush = Rush()
    everyone = {p for _e, people in specs for p in people}

    async def first_run() -> tuple[int, str, list[str], list[dict[str, str]]]:
        limits = httpx.Limits(max_connections=CLIENTS + 4)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
            headers = await sign_in_all(http, specs, rush)
            cid, day, starts = await choose_day(http)
            kill = asyncio.Event()

            async def killer() -> None:
                await kill.wait()
                os.kill(proc.pid, signal.SIGKILL)  # mid-rush: other requests are in flight

            watcher = asyncio.create_task(killer())
            await book_all(http, specs, headers, cid, starts, rush, everyone, kill)
            if not kill.is_set():  # the rush ended before enough bookings: kill now
                kill.set()
            await watcher
            return cid, day, starts, headers

    try:
        cid, day, starts, headers = run_async(first_run())
        assert proc.wait(10) == -signal.SIGKILL
        confirmed_before = len(rush.confirmed)
        assert confirmed_before >= KILL_AFTER
        assert rush.outcomes["cut off by the kill"] > 0, rush.outcomes  # killed mid-rush
        check_database(database_url, rush)  # straight after the kill, before any restart

        proc, url = start_server(tmp_path, **env)  # the same database and key

        async def second_run() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                await check_api(http, rush, cid, day)
                # The rush goes on after the restart; the rules still hold.
                waiting = everyone - {p for p, _s in rush.confirmed.values()}
                await book_all(http, specs, headers, cid, starts, rush, waiting)
                await check_api(http, rush, cid, day)

        run_async(second_run())
        booked, slots = check_database(database_url, rush)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"\ncrash test ({database_url.split(':')[0]}): {confirmed_before} bookings confirmed "
          f"before SIGKILL, {rush.outcomes['cut off by the kill']} requests cut off; "
          f"after restart {len(rush.confirmed)} confirmed in all, all found; {booked} booked "
          f"in {slots} slots, none over capacity; outcomes {dict(rush.outcomes)}")
    assert len(rush.confirmed) > confirmed_before
