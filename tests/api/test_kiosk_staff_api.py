"""The kiosk and staff HTTP contract on the demo data: check-in without an account, the
refusals a kiosk shows, and the counter's day, closures and capacity for staff of the center
only (an officer of another center is refused on every route)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.config import get_settings
from backend.data.center_day import (
    KIOSK_REFERENCE,
    NEXT_DAY_REFERENCE,
    SERVED_REFERENCE,
    WAITING_REFERENCE,
)
from backend.data.sample import load_sample_data
from backend.models import Account, Appointment, Center, Role
from tests.api.conftest import register_and_login, sign_in
from tests.conftest import read_outbox

BEIJING, SHANGHAI = "staff.beijing@example.com", "staff.shanghai@example.com"


@pytest.fixture
def demo(client: TestClient, engine: Engine) -> TestClient:
    with Session(engine) as s:
        assert load_sample_data(s)
    return client


def _center_of(engine: Engine, email: str) -> int:
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.email == email)).one()
        assert account.center_id is not None and account.role == Role.officer
        return account.center_id


def _code(r: Any) -> str:
    return str(r.json()["detail"]["code"])


@pytest.fixture
def centers(demo: TestClient, engine: Engine) -> tuple[int, int]:
    return _center_of(engine, BEIJING), _center_of(engine, SHANGHAI)


# ---------------------------------------------------------------- kiosk (no account)


def test_kiosk_info_and_idle_times_from_the_environment(
    demo: TestClient, centers: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    beijing, _ = centers
    r = demo.get(f"/kiosk/{beijing}", headers={"Accept-Language": "zh"})
    assert r.status_code == 200
    body = r.json()
    assert body["center_name"] == "北京市公安局出入境管理局"
    assert (body["warn_seconds"], body["idle_seconds"]) == (60, 90)
    monkeypatch.setenv("KIOSK_WARN_SECONDS", "4")
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "8")
    get_settings.cache_clear()
    body = demo.get(f"/kiosk/{beijing}").json()
    assert (body["warn_seconds"], body["idle_seconds"]) == (4, 8)
    assert _code(demo.get("/kiosk/99999")) == "not_found"


def test_check_in_at_the_kiosk_gives_a_number_and_no_personal_data(
    demo: TestClient, centers: tuple[int, int]
) -> None:
    beijing, _ = centers
    shown = f"{KIOSK_REFERENCE[:4]}-{KIOSK_REFERENCE[4:]}"
    r = demo.post(f"/kiosk/{beijing}/check-in", json={"reference": shown})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["queue_number"] == "A002"  # A001 was served earlier today
    assert body["service"] == "visa_extension" and not body["already"]
    assert body["waiting_before"] == 0
    assert "Hans" not in r.text and "person" not in r.text
    again = demo.post(f"/kiosk/{beijing}/check-in", json={"reference": KIOSK_REFERENCE}).json()
    assert again["queue_number"] == "A002" and again["already"]


@pytest.mark.parametrize(("reference", "at", "status", "code", "words"), [
    (KIOSK_REFERENCE, "shanghai", 409, "checkin_wrong_center", "another service center"),
    (NEXT_DAY_REFERENCE, "beijing", 409, "checkin_wrong_day", "not today"),
    ("ABCD-EFGH", "beijing", 404, "checkin_unknown", "cannot find"),
    (SERVED_REFERENCE, "beijing", 409, "checkin_not_active", "already been dealt with"),
])
def test_kiosk_refusals_with_their_messages(
    demo: TestClient, centers: tuple[int, int], reference: str, at: str, status: int,
    code: str, words: str,
) -> None:
    center = centers[0] if at == "beijing" else centers[1]
    r = demo.post(f"/kiosk/{center}/check-in", json={"reference": reference})
    assert (r.status_code, _code(r)) == (status, code)
    assert words in r.json()["detail"]["message"]


def test_kiosk_refusal_in_chinese(demo: TestClient, centers: tuple[int, int]) -> None:
    r = demo.post(f"/kiosk/{centers[1]}/check-in", json={"reference": KIOSK_REFERENCE},
                  headers={"Accept-Language": "zh"})
    assert _code(r) == "checkin_wrong_center"
    assert "北京市公安局出入境管理局" in r.json()["detail"]["message"]


def test_kiosk_input_is_validated(demo: TestClient, centers: tuple[int, int]) -> None:
    r = demo.post(f"/kiosk/{centers[0]}/check-in", json={"reference": "x" * 300})
    assert r.status_code == 422 and _code(r) == "invalid_input"


# ---------------------------------------------------------------- staff of the center only


def _routes(center: int, reference: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every /staff/centers/{center}/... route with a valid body."""
    day = (date.today() + timedelta(days=3)).isoformat()
    return [
        ("GET", f"/staff/centers/{center}/appointments", None),
        ("POST", f"/staff/centers/{center}/check-in", {"reference": reference}),
        ("POST", f"/staff/centers/{center}/call-next", {}),
        ("POST", f"/staff/centers/{center}/appointments/{reference}/served", None),
        ("POST", f"/staff/centers/{center}/appointments/{reference}/no-show", None),
        ("GET", f"/staff/centers/{center}/closures", None),
        ("POST", f"/staff/centers/{center}/closures", {"date_from": day, "date_to": day}),
        ("GET", f"/staff/centers/{center}/capacity", None),
        ("PUT", f"/staff/centers/{center}/capacity/visa_extension", {"capacity": 1}),
    ]


def test_staff_of_one_center_cannot_act_for_another(
    demo: TestClient, engine: Engine, centers: tuple[int, int]
) -> None:
    beijing, shanghai = centers
    shanghai_staff = sign_in(demo, SHANGHAI)
    for method, path, body in _routes(beijing, WAITING_REFERENCE):
        r = demo.request(method, path, json=body, headers=shanghai_staff)
        assert (r.status_code, _code(r)) == (403, "other_center"), path
        assert "another service center" in r.json()["detail"]["message"]
    # Nothing happened at Beijing: the waiting person still waits, capacity is unchanged.
    with Session(engine) as s:
        waiting = s.exec(select(Appointment).where(
            Appointment.reference == WAITING_REFERENCE)).one()
        assert waiting.status == "checked_in"
    beijing_staff = sign_in(demo, BEIJING)
    capacity = demo.get(f"/staff/centers/{beijing}/capacity", headers=beijing_staff).json()
    assert {c["service"]: c["capacity"] for c in capacity}["visa_extension"] == 6
    # An unknown center answers the same to an officer of another one.
    r = demo.get("/staff/centers/99999/appointments", headers=shanghai_staff)
    assert _code(r) == "other_center"
    assert demo.get(f"/staff/centers/{shanghai}/appointments",
                    headers=shanghai_staff).status_code == 200


def test_staff_routes_refuse_the_public_and_signed_out(
    demo: TestClient, centers: tuple[int, int]
) -> None:
    beijing, _ = centers
    user = sign_in(demo, "maria@example.com")
    for method, path, body in _routes(beijing, WAITING_REFERENCE):
        r = demo.request(method, path, json=body)
        assert (r.status_code, _code(r)) == (401, "not_authenticated"), path
        r = demo.request(method, path, json=body, headers=user)
        assert (r.status_code, _code(r)) == (403, "staff_only"), path


def test_officer_without_a_center_and_admin(
    demo: TestClient, engine: Engine, centers: tuple[int, int]
) -> None:
    beijing, _ = centers
    headers = register_and_login(demo, "new.officer@example.com")
    with Session(engine) as s:
        account = s.exec(select(Account).where(
            Account.email == "new.officer@example.com")).one()
        account.role = Role.officer
        s.add(account)
        s.commit()
    r = demo.get(f"/staff/centers/{beijing}/appointments", headers=headers)
    assert (r.status_code, _code(r)) == (403, "no_center")
    with Session(engine) as s:
        account = s.exec(select(Account).where(
            Account.email == "new.officer@example.com")).one()
        account.role = Role.admin
        s.add(account)
        s.commit()
    assert demo.get(f"/staff/centers/{beijing}/appointments", headers=headers).status_code == 200
    assert _code(demo.get("/staff/centers/99999/appointments", headers=headers)) == "not_found"


def test_the_counters_day(demo: TestClient, centers: tuple[int, int]) -> None:
    beijing, _ = centers
    staff = sign_in(demo, BEIJING)
    today = demo.get(f"/staff/centers/{beijing}/appointments", headers=staff).json()
    refs = [a["reference"] for a in today]
    assert SERVED_REFERENCE in refs and WAITING_REFERENCE in refs and KIOSK_REFERENCE in refs
    assert NEXT_DAY_REFERENCE not in refs
    assert [a["start"] for a in today] == sorted(a["start"] for a in today)
    waiting = next(a for a in today if a["reference"] == WAITING_REFERENCE)
    assert (waiting["status"], waiting["queue_number"], waiting["person_name"]) == (
        "checked_in", "E001", "Priya Sharma")
    # Hans checks in at the desk; the first to wait (Priya) is called first.
    r = demo.post(f"/staff/centers/{beijing}/check-in", json={"reference": KIOSK_REFERENCE},
                  headers=staff)
    assert r.json()["status"] == "checked_in" and r.json()["queue_number"] == "A002"
    called = demo.post(f"/staff/centers/{beijing}/call-next", headers=staff).json()
    assert called["reference"] == WAITING_REFERENCE and called["status"] == "called"
    served = demo.post(f"/staff/centers/{beijing}/appointments/{WAITING_REFERENCE}/served",
                       headers=staff)
    assert served.json()["status"] == "served"
    called = demo.post(f"/staff/centers/{beijing}/call-next",
                       json={"service": "visa_extension"}, headers=staff).json()
    assert called["reference"] == KIOSK_REFERENCE
    gone = demo.post(f"/staff/centers/{beijing}/appointments/{KIOSK_REFERENCE}/no-show",
                     headers=staff)
    assert gone.json()["status"] == "no_show"
    r = demo.post(f"/staff/centers/{beijing}/call-next", headers=staff)
    assert (r.status_code, _code(r)) == (409, "queue_empty")
    r = demo.post(f"/staff/centers/{beijing}/appointments/{KIOSK_REFERENCE}/served",
                  headers=staff)
    assert (r.status_code, _code(r)) == (409, "wrong_state")
    r = demo.post(f"/staff/centers/{beijing}/appointments/ABCD-EFGH/served", headers=staff)
    assert r.status_code == 404


def test_closure_marks_messages_and_the_applicant_rebooks_without_losing_a_change(
    demo: TestClient, engine: Engine, centers: tuple[int, int]
) -> None:
    beijing, _ = centers
    staff = sign_in(demo, BEIJING)
    olivia = sign_in(demo, "olivia@example.com")
    mine = demo.get(f"/appointments/{NEXT_DAY_REFERENCE}", headers=olivia).json()
    assert not mine["center_closed"] and mine["reschedules_left"] == 2
    day = mine["start"][:10]
    before = len(read_outbox())
    r = demo.post(f"/staff/centers/{beijing}/closures", headers=staff,
                  json={"date_from": day, "date_to": day, "reason": "Water pipe repair"})
    assert r.status_code == 201, r.text
    assert r.json()["affected"] == 1
    listed = demo.get(f"/staff/centers/{beijing}/closures", headers=staff).json()
    assert [(c["date_from"], c["affected"]) for c in listed] == [(day, 1)]
    sent = read_outbox()[before:]
    assert {m["to"] for m in sent} == {"+86 139 0000 0012", "olivia@example.com"}
    assert all("Water pipe repair" in m["body"] for m in sent)
    mine = demo.get(f"/appointments/{NEXT_DAY_REFERENCE}", headers=olivia).json()
    assert mine["center_closed"] and mine["closure_reason"] == "Water pipe repair"
    # The closed day offers nothing; the next day with places does.
    days = demo.get(f"/centers/{beijing}/days", params={"service": "visa_renewal"}).json()
    assert day not in [d["date"] for d in days]
    new_day = next(d["date"] for d in days if d["available"] and d["date"] > day)
    slot = demo.get(f"/centers/{beijing}/slots",
                    params={"service": "visa_renewal", "date": new_day}).json()[0]
    r = demo.post(f"/appointments/{NEXT_DAY_REFERENCE}/reschedule", headers=olivia,
                  json={"start": slot["start"]})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert not moved["center_closed"] and moved["reschedules"] == 0
    assert moved["reschedules_left"] == 2


def test_closure_and_capacity_refusals(demo: TestClient, centers: tuple[int, int]) -> None:
    beijing, _ = centers
    staff = sign_in(demo, BEIJING)
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    r = demo.post(f"/staff/centers/{beijing}/closures", headers=staff,
                  json={"date_from": yesterday, "date_to": yesterday})
    assert (r.status_code, _code(r)) == (422, "closure_in_past")
    r = demo.post(f"/staff/centers/{beijing}/closures", headers=staff,
                  json={"date_from": "2099-01-02", "date_to": "2099-01-01"})
    assert (r.status_code, _code(r)) == (422, "closure_dates")
    r = demo.post(f"/staff/centers/{beijing}/closures", headers=staff, json={"date_from": "x"})
    assert (r.status_code, _code(r)) == (422, "invalid_input")
    # Olivia's visa renewal holds one place: renewal capacity cannot go below 1 (0 is invalid).
    r = demo.put(f"/staff/centers/{beijing}/capacity/visa_renewal", headers=staff,
                 json={"capacity": 0})
    assert (r.status_code, _code(r)) == (422, "invalid_input")
    r = demo.put(f"/staff/centers/{beijing}/capacity/visa_renewal", headers=staff,
                 json={"capacity": 1})
    assert r.status_code == 200
    renewal = next(c for c in r.json() if c["service"] == "visa_renewal")
    assert (renewal["capacity"], renewal["most_booked"]) == (1, 1)


def test_capacity_refused_below_booked(demo: TestClient, engine: Engine,
                                       centers: tuple[int, int]) -> None:
    beijing, _ = centers
    staff = sign_in(demo, BEIJING)
    slot = None
    for email in ("maria@example.com", "john@example.com"):
        headers = sign_in(demo, email)
        aid = demo.get("/me", headers=headers).json()["applicant"]["id"]
        if slot is None:
            days = demo.get(f"/centers/{beijing}/days", params={"service": "stay_permit"}).json()
            slot = demo.get(f"/centers/{beijing}/slots", params={
                "service": "stay_permit", "date": days[1]["date"]}).json()[0]["start"]
        r = demo.post(f"/applicants/{aid}/appointments", headers=headers,
                      json={"service": "stay_permit", "center_id": beijing, "start": slot})
        assert r.status_code == 201, r.text
    r = demo.put(f"/staff/centers/{beijing}/capacity/stay_permit", headers=staff,
                 json={"capacity": 1})
    assert (r.status_code, _code(r)) == (409, "capacity_below_booked")
    assert "2 people are already booked" in r.json()["detail"]["message"]


def test_staff_read_and_add_timeline_steps_of_their_centers_applications(
    demo: TestClient, engine: Engine
) -> None:
    with Session(engine) as s:
        shanghai = s.exec(select(Center).where(Center.name_zh == "上海市公安局出入境管理局")).one()
        assert shanghai.id is not None
    number = "SH2025-104382"  # Maria's residence permit at Shanghai
    beijing_staff, shanghai_staff = sign_in(demo, BEIJING), sign_in(demo, SHANGHAI)
    assert demo.get(f"/staff/applications/{number}", headers=shanghai_staff).status_code == 200
    r = demo.get(f"/staff/applications/{number}", headers=beijing_staff)
    assert (r.status_code, _code(r)) == (403, "other_center")
    r = demo.post(f"/staff/applications/{number}/events", headers=beijing_staff,
                  json={"status": "collected", "note": ""})
    assert (r.status_code, _code(r)) == (403, "other_center")
    assert _code(demo.get("/staff/applications/XX2026-000000", headers=shanghai_staff)) == (
        "not_found")
    assert demo.get(f"/staff/applications/{number}").status_code == 401
    user = sign_in(demo, "maria@example.com")
    assert _code(demo.get(f"/staff/applications/{number}", headers=user)) == "staff_only"
