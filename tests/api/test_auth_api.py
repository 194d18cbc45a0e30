"""Register, login, logout, /me and their errors over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.models import AuthSession, utcnow
from tests.api.conftest import PASSWORD, register_and_login


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_register_login_me_logout(client: TestClient) -> None:
    headers = register_and_login(client)
    me = client.get("/me", headers=headers)
    assert me.status_code == 200
    body = me.json()
    assert body["account"]["email"] == "ana@example.com"
    assert body["applicant"] is None and body["applicants"] == []
    assert client.post("/auth/logout", headers=headers).status_code == 204
    after = client.get("/me", headers=headers)
    assert after.status_code == 401
    assert after.json()["detail"]["code"] == "session_expired"


def test_register_duplicate_email_is_409(client: TestClient) -> None:
    register_and_login(client)
    r = client.post(
        "/auth/register",
        json={"email": "ANA@example.com", "password": PASSWORD, "full_name": "Other"},
    )
    assert r.status_code == 409
    assert r.json()["detail"]["code"] == "email_taken"


def test_register_invalid_fields_are_named(client: TestClient) -> None:
    r = client.post(
        "/auth/register", json={"email": "not-an-email", "password": "short", "full_name": " "}
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_input"
    fields = {f["field"]: f for f in detail["fields"]}
    assert set(fields) == {"email", "password", "full_name"}
    assert fields["password"]["code"] == "string_too_short"


def test_errors_are_translated(client: TestClient) -> None:
    r = client.post(
        "/auth/login",
        json={"email": "nobody@example.com", "password": "whatever1"},
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "invalid_credentials"
    assert "密码" in r.json()["detail"]["message"]
    r2 = client.post(
        "/auth/login?lang=en", json={"email": "nobody@example.com", "password": "whatever1"}
    )
    assert "password" in r2.json()["detail"]["message"]


def test_wrong_password_and_unknown_account_answer_alike(client: TestClient) -> None:
    register_and_login(client)
    wrong = client.post("/auth/login", json={"email": "ana@example.com", "password": "nope-nope"})
    unknown = client.post("/auth/login", json={"email": "zz@example.com", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_login_is_rate_limited(client: TestClient) -> None:
    """From an address the account never signed in from (see test_abuse_api for more)."""
    client.post("/auth/register", json={"email": "ana@example.com", "password": PASSWORD,
                                        "full_name": "Ana Lima"})
    for _ in range(5):
        r = client.post("/auth/login", json={"email": "ana@example.com", "password": "bad-pass1"})
        assert r.status_code == 401
    r = client.post("/auth/login", json={"email": "ana@example.com", "password": PASSWORD})
    assert r.status_code == 429
    assert r.json()["detail"]["code"] == "too_many_attempts" and r.headers["Retry-After"] == "1"


def test_missing_and_garbage_tokens_are_401(client: TestClient) -> None:
    assert client.get("/me").json()["detail"]["code"] == "not_authenticated"
    r = client.get("/me", headers={"Authorization": "Bearer garbage"})
    assert r.status_code == 401 and r.json()["detail"]["code"] == "not_authenticated"


def test_idle_session_expires(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    with Session(engine) as s:
        row = s.exec(select(AuthSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=31)
        s.add(row)
        s.commit()
    r = client.get("/me", headers=headers)
    assert r.status_code == 401 and r.json()["detail"]["code"] == "session_expired"


def test_absolute_session_expiry(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    with Session(engine) as s:
        row = s.exec(select(AuthSession)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    assert client.get("/me", headers=headers).status_code == 401


def test_tokens_are_stored_hashed(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    token = headers["Authorization"].split()[1]
    with Session(engine) as s:
        row = s.exec(select(AuthSession)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64


def _idle_for(engine: Engine, minutes: int) -> None:
    with Session(engine) as s:
        row = s.exec(select(AuthSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=minutes)
        s.add(row)
        s.commit()


def test_signed_in_answers_say_when_the_session_ends(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    _idle_for(engine, 10)
    me = client.get("/me", headers=headers)
    ends = datetime.fromisoformat(me.headers["X-Session-Expires-At"])
    # The request itself counted as activity: the idle timer started again.
    assert abs((ends - (utcnow() + timedelta(minutes=30))).total_seconds()) < 5
    assert "X-Session-Expires-At" not in client.get("/health").headers


def test_stay_signed_in_restarts_the_idle_timer(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    _idle_for(engine, 29)
    r = client.post("/auth/session/extend", headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["idle_minutes"] == 30
    ends = datetime.fromisoformat(body["expires_at"])
    assert abs((ends - (utcnow() + timedelta(minutes=30))).total_seconds()) < 5
    assert datetime.fromisoformat(body["absolute_expires_at"]) > ends
    with Session(engine) as s:
        seen = s.exec(select(AuthSession)).one().last_seen_at
    assert utcnow() - seen < timedelta(seconds=5)
    # Two more idle minutes would have ended the old session; the extended one goes on.
    _idle_for(engine, 2)
    assert client.get("/me", headers=headers).status_code == 200


def test_an_expired_session_cannot_be_extended(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    _idle_for(engine, 31)
    r = client.post("/auth/session/extend", headers=headers)
    assert r.status_code == 401 and r.json()["detail"]["code"] == "session_expired"
    assert client.post("/auth/session/extend").json()["detail"]["code"] == "not_authenticated"


def test_extending_never_passes_the_absolute_expiry(client: TestClient, engine: Engine) -> None:
    headers = register_and_login(client)
    with Session(engine) as s:
        row = s.exec(select(AuthSession)).one()
        row.expires_at = utcnow() + timedelta(minutes=5)
        s.add(row)
        s.commit()
    body = client.post("/auth/session/extend", headers=headers).json()
    assert body["expires_at"] == body["absolute_expires_at"]
