"""API latency of the slot and center queries with 300 centers and 60 days of slots.

    python bench/api_latency.py [--centers 300] [--days 60] [--requests 1000]
        [--center-requests 50] [--listings 3]

Builds a SQLite database in a temporary directory: the sample data (services, the real
centers and their hours, holidays, demo people), then copies of the sample centers (with
their hours and services) up to `--centers`, and a seat counter (`SlotCounter`, a random
number of seats taken) for every slot of every service of every center on every open day
of a `--days` booking window (BOOKING_WINDOW_DAYS), as if each had been booked. Starts the
real server on it (tools/live_server.start_server) and sends, one after another over one
keep-alive connection (latency, not throughput), after 50 unmeasured requests:
  - `--requests` slot queries: GET /centers/{id}/slots?service=&date= (a random center,
    one of its services and a day of the window);
  - `--center-requests` of each center query: GET /centers/{id}, GET /centers/{id}/days
    (every day of the window with its free seats), GET /centers?q= (a search by city);
  - `--listings` directory listings: GET /centers (all of them, each with its next free
    day; few, because at this size each takes tens of seconds).
Prints p50 and p99 of each and PASS/FAIL for slot query p99 <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, select  # noqa: E402

from backend.config import get_settings  # noqa: E402
from backend.data.sample import load_sample_data  # noqa: E402
from backend.db import create_schema, make_engine  # noqa: E402
from backend.models import Center, CenterService, OpeningHours, SlotCounter  # noqa: E402
from backend.services import calendar, slots  # noqa: E402
from tools.live_server import start_server, stop_server  # noqa: E402

API = "/api/v1"
SLOT_P99_MAX_MS = 20.0


def build_database(path: Path, centers: int, days: int) -> tuple[list[tuple[int, str]],
                                                                  list[str], int]:
    """The bench database; returns every (center, service) offered, the cities, and the
    number of counters made."""
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with Session(engine) as s:
        load_sample_data(s)
        sample = s.exec(select(Center)).all()
        hours = {c.id: s.exec(select(OpeningHours).where(OpeningHours.center_id == c.id)).all()
                 for c in sample}
        services = {c.id: s.exec(select(CenterService)
                                 .where(CenterService.center_id == c.id)).all()
                    for c in sample}
        for i in range(len(sample), centers):
            model = sample[i % len(sample)]
            copy = Center(**model.model_dump(exclude={"id"}))
            copy.name_en = f"{model.name_en} (bench copy {i})"
            copy.name_zh = f"{model.name_zh}（副本{i}）"
            s.add(copy)
            s.flush()
            assert copy.id is not None
            for h in hours[model.id]:
                s.add(OpeningHours(**h.model_dump(exclude={"id", "center_id"}),
                                   center_id=copy.id))
            for link in services[model.id]:
                s.add(CenterService(**link.model_dump(exclude={"center_id"}),
                                    center_id=copy.id))
        s.commit()
        offered = [(cs.center_id, cs.service_code.value)
                   for cs in s.exec(select(CenterService)).all()]
        now = datetime.now(UTC)
        rows = []
        rng = random.Random(7)
        # The demo appointments of the sample data already hold counters of their own.
        existing = {(c.center_id, c.service_code.value, c.start)
                    for c in s.exec(select(SlotCounter)).all()}
        for center_id, service in offered:
            o = slots.offer(session=s, center_id=center_id, service=service)  # type: ignore[arg-type]
            first, last = o.window(now)
            for day in calendar.days_between(first, last):
                for start in o.starts(day):
                    if (center_id, service, start) in existing:
                        continue
                    rows.append({"center_id": center_id, "service_code": service,
                                 "start": start, "capacity": o.capacity,
                                 "booked": rng.randint(0, o.capacity)})
        s.bulk_insert_mappings(SlotCounter, rows)  # type: ignore[arg-type]
        s.commit()
        cities = sorted({c.city_en for c in s.exec(select(Center)).all()})
        total = len(s.exec(select(Center.id)).all())
    engine.dispose()
    print(f"{total} centers, {len(offered)} center services, {len(rows):,} slot counters "
          f"over a {days}-day window", flush=True)
    return offered, cities, len(rows)


def timed(http: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    r = http.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")
    return elapsed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--centers", type=int, default=300)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--center-requests", type=int, default=50)
    parser.add_argument("--listings", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(11)

    with tempfile.TemporaryDirectory(prefix="api-latency-") as tmp:
        workdir = Path(tmp)
        started = time.monotonic()
        # The window's length is a setting: the bench database and the server both use it.
        os.environ["BOOKING_WINDOW_DAYS"] = str(args.days)
        get_settings.cache_clear()
        offered, cities, _ = build_database(workdir / "app.db", args.centers, args.days)
        centers = sorted({c for c, _ in offered})
        print(f"(database built in {time.monotonic() - started:.0f} s)", flush=True)
        proc, url = start_server(workdir, BOOKING_WINDOW_DAYS=str(args.days))
        try:
            # A long timeout: the whole directory takes tens of seconds at this size.
            with httpx.Client(base_url=url + API, timeout=600) as http:
                today = datetime.now(UTC).date()

                def slot_url() -> str:
                    center, service = rng.choice(offered)
                    day = today + timedelta(days=rng.randint(1, args.days))
                    return f"/centers/{center}/slots?service={service}&date={day}"

                for _ in range(50):  # warm-up: connection, caches of center rules
                    timed(http, slot_url())
                n, m = args.requests, args.center_requests
                results = {
                    "GET /centers/{id}/slots": [timed(http, slot_url()) for _ in range(n)],
                    "GET /centers/{id}": [timed(http, f"/centers/{rng.choice(centers)}")
                                          for _ in range(m)],
                    "GET /centers/{id}/days": [
                        timed(http, "/centers/{}/days?service={}".format(*rng.choice(offered)))
                        for _ in range(m)],
                    "GET /centers?q=<city>": [timed(http, f"/centers?q={rng.choice(cities)}")
                                              for _ in range(m)],
                    "GET /centers (all)": [timed(http, "/centers")
                                           for _ in range(args.listings)],
                }
        finally:
            stop_server(proc)

    print(f"\n{'query':<26}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, values in results.items():
        print(f"{name:<26}{len(values):>9}{statistics.median(values):>9.1f}"
              f"{pct(values, 0.99):>9.1f}")
    p99 = pct(results["GET /centers/{id}/slots"], 0.99)
    ok = p99 <= SLOT_P99_MAX_MS
    print(f"\nslot query p99: {p99:.1f} ms  (target <= 20 ms)  {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
