"""The audit trail: sign-ins with both outcomes, refusals of access, every action of a
helper or staff member (what they looked at, what they did, what was refused), in UTC,
with actor, subject, action and outcome, and never a secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.api import create_api
from backend.data.people import DEMO_PASSWORD
from backend.data.sample import load_sample_data
from backend.models import Account, AuditEvent, RegisterIn, Role, utcnow
from backend.services import auth
from tests.api.conftest import PASSWORD, register_and_login, sign_in
from tests.conftest import read_outbox


@pytest.fixture
def demo(engine: Engine) -> Iterator[TestClient]:
    with Session(engine) as s:
        load_sample_data(s)
        auth.register(session=s, data=RegisterIn(email="officer@example.com", password=PASSWORD,
                                                 full_name="Officer Wang"), role=Role.officer)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        yield c


def events(engine: Engine, since: int = 0) -> list[AuditEvent]:
    with Session(engine) as s:
        return list(s.exec(select(AuditEvent).where(col(AuditEvent.id) > since)
                           .order_by(col(AuditEvent.id))).all())


def last_id(engine: Engine) -> int:
    all_events = events(engine)
    return all_events[-1].id if all_events else 0  # type: ignore[return-value]


def account_id(engine: Engine, email: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Account).where(Account.email == email)).one().id  # type: ignore[return-value]


def test_sign_ins_are_recorded_with_both_outcomes(demo: TestClient, engine: Engine) -> None:
    before = last_id(engine)
    sign_in(demo, "maria@example.com")
    demo.post("/auth/login", json={"email": "maria@example.com", "password": "wrong-pass-1"})
    demo.post("/auth/login", json={"email": "ghost@example.com", "password": "wrong-pass-1"})
    got = [(e.action, e.actor_account_id, e.outcome, e.detail.get("address"))
           for e in events(engine, before)]
    maria = account_id(engine, "maria@example.com")
    assert got == [("auth.login", maria, "ok", "testclient"),
                   ("auth.login", maria, "refused", "testclient"),
                   ("auth.login", None, "refused", "testclient")]
    for e in events(engine, before):  # stored in UTC, read back as aware UTC
        assert e.at.tzinfo == UTC and abs(e.at - utcnow()) < timedelta(minutes=1)


def test_refusals_of_access_are_recorded(demo: TestClient, engine: Engine) -> None:
    maria = sign_in(demo, "maria@example.com")
    john = sign_in(demo, "john@example.com")
    john_aid = demo.get("/me", headers=john).json()["applicant"]["id"]
    days = demo.get("/centers/1/days", params={"service": "visa_renewal"}).json()
    slot = demo.get("/centers/1/slots", params={"service": "visa_renewal",
                                               "date": days[-1]["date"]}).json()[0]
    reference = demo.post(f"/applicants/{john_aid}/appointments", headers=john, json={
        "service": "visa_renewal", "center_id": 1, "start": slot["start"]}).json()["reference"]
    before = last_id(engine)
    assert demo.get(f"/applicants/{john_aid}/permits", headers=maria).status_code == 403
    assert demo.get(f"/appointments/{reference}", headers=maria).status_code == 404
    assert demo.post("/staff/people", headers=maria, json={
        "passport_no": "P1234567", "nationality": "FR", "full_name": "Ann Lee",
        "birth_date": "1990-01-01", "phone": "+86 138 0000 0000"}).status_code == 403
    got = [(e.action, e.actor_account_id, e.subject_person_id, e.outcome)
           for e in events(engine, before)]
    mid = account_id(engine, "maria@example.com")
    assert got == [("access.refused", mid, None, "forbidden"),
                   ("access.refused", mid, None, "not_found"),
                   ("access.refused", mid, None, "staff_only")]
    assert events(engine, before)[0].detail == {"person_id": john_aid}
    assert events(engine, before)[1].detail == {"reference": reference}


def test_every_helper_action_is_recorded_with_its_outcome(
    demo: TestClient, engine: Engine
) -> None:
    liwei = sign_in(demo, "liwei@example.com")
    ahmed = next(a for a in demo.get("/applicants", headers=liwei).json()
                 if a["full_name"] == "Ahmed Hassan")
    aid = ahmed["id"]
    helper = account_id(engine, "liwei@example.com")
    before = last_id(engine)
    demo.get(f"/applicants/{aid}/permits", headers=liwei)
    demo.get(f"/applicants/{aid}/appointments", headers=liwei)
    days = demo.get("/centers/1/days", params={"service": "visa_renewal"}).json()
    slot = demo.get("/centers/1/slots", params={"service": "visa_renewal",
                                               "date": days[-1]["date"]}).json()[0]
    booked = demo.post(f"/applicants/{aid}/appointments", headers=liwei, json={
        "service": "visa_renewal", "center_id": 1, "start": slot["start"]})
    assert booked.status_code == 201
    again = demo.post(f"/applicants/{aid}/appointments", headers=liwei, json={
        "service": "visa_renewal", "center_id": 1, "start": slot["start"]})
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_booked"
    ref = booked.json()["reference"]
    assert demo.post(f"/appointments/{ref}/cancel", headers=liwei).status_code == 200
    assert demo.post(f"/appointments/{ref}/cancel", headers=liwei).status_code == 409
    demo.put(f"/applicants/{aid}/guides/visa_renewal/checklist", headers=liwei,
             json={"items": ["passport"]})
    got = [(e.action, e.outcome) for e in events(engine, before)]
    assert got == [
        ("records.view", "ok"), ("records.view", "ok"),
        ("appointment.book", "ok"), ("appointment.book", "already_booked"),
        ("appointment.cancel", "ok"), ("appointment.cancel", "not_active"),
        ("guide.checklist", "ok"),
    ]
    assert {(e.actor_account_id, e.subject_person_id) for e in events(engine, before)} == {
        (helper, aid)}
    # The applicant's own trail shows all of it, refused ones marked.
    trail = demo.get(f"/applicants/{aid}/audit", headers=liwei).json()
    shown = {(t["action"], t["outcome"], t["actor_is"]) for t in trail}
    assert {("appointment.book", "already_booked", "helper"),
            ("records.view", "ok", "helper")} <= shown


def test_every_staff_action_is_recorded_with_its_outcome(
    demo: TestClient, engine: Engine
) -> None:
    officer = sign_in(demo, "officer@example.com", PASSWORD)
    staff_id = account_id(engine, "officer@example.com")
    before = last_id(engine)
    pid = demo.post("/staff/people", headers=officer, json={
        "passport_no": "P7654321", "nationality": "FR", "full_name": "Ann Lee",
        "birth_date": "1990-01-01", "phone": "+86 138 0000 0000"}).json()["id"]
    assert demo.post("/staff/people", headers=officer, json={
        "passport_no": "P7654321", "nationality": "FR", "full_name": "Ann Lee",
        "birth_date": "1990-01-01", "phone": "+86 138 0000 0000"}).status_code == 409
    doc = {"kind": "visa", "number": "V1234567", "valid_from": "2026-01-01",
           "valid_to": "2026-12-31"}
    assert demo.post(f"/staff/people/{pid}/documents", headers=officer,
                     json=doc).status_code == 201
    assert demo.post(f"/staff/people/{pid}/documents", headers=officer,
                     json={**doc, "valid_to": "2025-12-31"}).status_code == 422
    r = demo.post("/staff/applications/CD2026-507821/events", headers=officer,
                  json={"status": "collected", "note": ""})
    got = [(e.action, e.actor_account_id, e.subject_person_id, e.outcome)
           for e in events(engine, before)]
    assert got[:4] == [
        ("records.add_person", staff_id, pid, "ok"),
        ("records.add_person", staff_id, None, "person_exists"),
        ("records.add_document", staff_id, pid, "ok"),
        ("records.add_document", staff_id, pid, "invalid_dates"),
    ]
    assert got[4][0] == "applications.add_event" and got[4][1] == staff_id
    assert got[4][3] == ("ok" if r.status_code == 201 else r.json()["detail"]["code"])


def test_no_secret_is_ever_recorded(demo: TestClient, engine: Engine) -> None:
    """Passwords, tokens and one-time codes never reach the audit trail."""
    secrets = [PASSWORD, DEMO_PASSWORD, "wrong-pass-1"]
    user = register_and_login(demo, "new@example.com")
    secrets.append(user["Authorization"].split()[1])
    secrets.append(sign_in(demo, "maria@example.com")["Authorization"].split()[1])
    demo.post("/auth/login", json={"email": "maria@example.com", "password": "wrong-pass-1"})
    demo.post("/me/identity", headers=user, json={
        "passport_no": "TK1234567", "nationality": "JP", "full_name": "Yuki Tanaka",
        "birth_date": "1995-04-12"})
    code = read_outbox()[-1]["code"]
    demo.post("/me/identity/confirm", headers=user, json={"code": "000000"})
    demo.post("/me/identity/confirm", headers=user, json={"code": code})
    secrets.append(code)
    demo.post("/auth/logout", headers=user)
    rows = events(engine)
    assert len(rows) >= 6
    text = json.dumps([e.model_dump(mode="json") for e in rows], ensure_ascii=False)
    for secret in secrets:
        assert secret not in text
