"""Abuse: sign-in throttling (per account and per address, growing delays, no lockout),
one-time codes, registrations and bookings, each refused with 429, a stable code, a
translated message and Retry-After; unknown accounts answer like wrong passwords."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.config import get_settings
from backend.data.people import DEMO_PASSWORD
from backend.data.sample import load_sample_data
from backend.models import AuditEvent
from backend.services import auth, codes, ratelimit
from tests.api.conftest import PASSWORD, register_and_login, sign_in
from tests.conftest import read_outbox


class Clock:
    """A monotonic clock the test moves forward."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    for limiter in (auth.account_limiter, auth.address_limiter, auth.trusted_addresses,
                    codes.sends):
        monkeypatch.setattr(limiter, "clock", c)
    return c


@pytest.fixture
def api(engine: Engine) -> FastAPI:
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    return outer


def from_address(api: FastAPI, address: str) -> TestClient:
    """A client whose requests come from `address` (the limits are per client address)."""
    return TestClient(api, base_url="http://test/api/v1", client=(address, 50000))


@pytest.fixture
def attacker(api: FastAPI) -> Iterator[TestClient]:
    with from_address(api, "198.51.100.7") as c:
        yield c


def login(c: TestClient, email: str, password: str, **headers: str):  # noqa: ANN201
    return c.post("/auth/login", json={"email": email, "password": password}, headers=headers)


def test_account_failures_get_growing_delays_then_the_owner_gets_in(
    client: TestClient, attacker: TestClient, clock: Clock
) -> None:
    register_and_login(client, "ana@example.com")
    for _ in range(5):  # five free tries
        assert login(attacker, "ana@example.com", "wrong-guess-1").status_code == 401
    waits = []
    for _ in range(6):
        r = login(attacker, "ana@example.com", "wrong-guess-1")
        assert r.status_code == 429
        body = r.json()["detail"]
        assert body["code"] == "too_many_attempts" and "wait 1 minutes" in body["message"]
        waits.append(int(r.headers["Retry-After"]))
        clock.advance(waits[-1])  # wait as told, then fail once more
        assert login(attacker, "ana@example.com", "wrong-guess-1").status_code == 401
    assert waits == [1, 2, 4, 8, 16, 32]
    # The delay is capped (5 minutes): however many failures, never a lockout.
    for _ in range(10):
        clock.advance(int(login(attacker, "ana@example.com", "x-y-z-w-1").headers["Retry-After"]))
        login(attacker, "ana@example.com", "wrong-guess-1")
    r = login(attacker, "ana@example.com", PASSWORD)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) <= 300
    clock.advance(300)
    with from_address(attacker.app, "203.0.113.50") as new_place:  # type: ignore[arg-type]
        assert login(new_place, "ana@example.com", PASSWORD).status_code == 200


def test_an_attacker_cannot_keep_the_owner_out(
    client: TestClient, attacker: TestClient, clock: Clock
) -> None:
    """Failures on the account slow strangers, not an address the owner signed in from."""
    register_and_login(client, "ana@example.com")  # the owner's usual address
    failures = 0
    while failures < 10:
        r = login(attacker, "ana@example.com", "wrong-guess-1")
        if r.status_code == 429:
            clock.advance(int(r.headers["Retry-After"]))
        else:
            failures += 1
    assert login(attacker, "ana@example.com", PASSWORD).status_code == 429
    assert login(client, "ana@example.com", PASSWORD).status_code == 200


def test_one_address_guessing_many_accounts_is_slowed(
    attacker: TestClient, clock: Clock
) -> None:
    for i in range(20):
        assert login(attacker, f"user{i}@example.com", "guess-guess").status_code == 401
    r = login(attacker, "someone-new@example.com", "guess-guess")
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    clock.advance(1)
    assert login(attacker, "someone-new@example.com", "guess-guess").status_code == 401
    assert login(attacker, "other@example.com", "guess-guess").headers["Retry-After"] == "2"
    # Forgotten a while (15 minutes) after the last failure.
    clock.advance(get_settings().login_window_seconds)
    assert login(attacker, "other@example.com", "guess-guess").status_code == 401


def test_too_many_attempts_is_translated(attacker: TestClient, clock: Clock) -> None:
    for _ in range(5):
        login(attacker, "ana@example.com", "wrong-guess-1")
    r = login(attacker, "ana@example.com", "wrong-guess-1", **{"Accept-Language": "zh-CN"})
    assert r.status_code == 429 and r.json()["detail"]["code"] == "too_many_attempts"
    assert "分钟" in r.json()["detail"]["message"] and r.headers["Retry-After"] == "1"


def test_unknown_account_and_wrong_password_answer_alike_in_similar_time(
    client: TestClient, engine: Engine
) -> None:
    register_and_login(client, "ana@example.com")

    def timed(email: str) -> tuple[float, dict[str, object], int]:
        ratelimit.reset_all()  # measure the check itself, not the throttle
        start = time.perf_counter()
        r = login(client, email, "not-the-password")
        return time.perf_counter() - start, r.json(), r.status_code

    wrong = [timed("ana@example.com") for _ in range(7)]
    unknown = [timed("nobody-here@example.com") for _ in range(7)]
    assert {(w[2], str(w[1])) for w in wrong} == {(u[2], str(u[1])) for u in unknown}
    ratio = statistics.median(u[0] for u in unknown) / statistics.median(w[0] for w in wrong)
    # Both verify one argon2 hash; without the dummy hash an unknown account answers in
    # about a hundredth of the time.
    assert 0.5 < ratio < 2, ratio
    with Session(engine) as s:
        refused = s.exec(select(AuditEvent).where(AuditEvent.action == "auth.login",
                                                  AuditEvent.outcome == "refused")).all()
    assert len(refused) == 14


def test_codes_sent_are_limited_per_account_and_per_person(
    demo_client: TestClient, clock: Clock
) -> None:
    """Each code allows five tries; new codes are limited too, and a person's phone is
    not flooded from several accounts."""
    yuki = {"passport_no": "TK1234567", "nationality": "JP", "full_name": "Yuki Tanaka",
            "birth_date": "1995-04-12"}
    first = register_and_login(demo_client, "one@example.com")
    for _ in range(5):
        assert demo_client.post("/me/identity", json=yuki, headers=first).status_code == 202
    r = demo_client.post("/me/identity", json=yuki, headers=first)
    assert r.status_code == 429 and r.json()["detail"]["code"] == "too_many_attempts"
    assert 0 < int(r.headers["Retry-After"]) <= 3600
    second = register_and_login(demo_client, "two@example.com")
    r = demo_client.post("/me/identity", json=yuki, headers=second)
    assert r.status_code == 429  # the same phone, from another account
    assert len([m for m in read_outbox() if m.get("code")]) == 5
    clock.advance(3600)
    assert demo_client.post("/me/identity", json=yuki, headers=second).status_code == 202


@pytest.fixture
def demo_client(engine: Engine) -> Iterator[TestClient]:
    with Session(engine) as s:
        load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        yield c


def test_booking_attempts_are_limited_per_account(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOKING_MAX_TRIES", "3")
    get_settings.cache_clear()
    with Session(engine) as s:
        load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        maria = sign_in(c, "maria@example.com")
        aid = c.get("/me", headers=maria).json()["applicant"]["id"]
        attempt = {"service": "visa_extension", "center_id": 1,
                   "start": "2020-01-06T09:00:00+08:00"}  # in the past: refused, but counted
        answers = [c.post(f"/applicants/{aid}/appointments", json=attempt, headers=maria)
                   for _ in range(4)]
        assert [a.status_code for a in answers[:3]] == [422] * 3
        assert answers[3].status_code == 429
        assert answers[3].json()["detail"]["code"] == "too_many_attempts"
        assert int(answers[3].headers["Retry-After"]) > 0
        john = sign_in(c, "john@example.com")  # others are not affected
        jid = c.get("/me", headers=john).json()["applicant"]["id"]
        assert c.post(f"/applicants/{jid}/appointments", json=attempt,
                      headers=john).status_code == 422


def test_registrations_are_limited_per_address(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTER_MAX_PER_ADDRESS", "2")
    get_settings.cache_clear()
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        for i in range(2):
            register_and_login(c, f"n{i}@example.com")
        r = c.post("/auth/register", json={"email": "n3@example.com", "password": PASSWORD,
                                           "full_name": "Ann Lee"})
        assert r.status_code == 429 and "Retry-After" in r.headers
        with from_address(outer, "203.0.113.8") as elsewhere:
            assert elsewhere.post("/auth/register", json={
                "email": "n3@example.com", "password": PASSWORD, "full_name": "Ann Lee",
            }).status_code == 201


def test_inquiry_and_verification_limits_send_retry_after(client: TestClient) -> None:
    body = {"application_no": "CD2026-000001", "passport_no": "E12345678"}
    answers = [client.post("/inquiry/application", json=body) for _ in range(11)]
    assert answers[-1].status_code == 429 and int(answers[-1].headers["Retry-After"]) > 0
    answers = [client.get("/verify/ABCD-EFGH-JKLM") for _ in range(31)]
    assert answers[-1].status_code == 429 and int(answers[-1].headers["Retry-After"]) > 0


def test_demo_accounts_still_sign_in(demo_client: TestClient) -> None:
    assert login(demo_client, "maria@example.com", DEMO_PASSWORD).status_code == 200
