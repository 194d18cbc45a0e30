"""Application progress, the inquiry without an account, one's documents, and the staff step.

Every route refuses callers who may not see it; the inquiry answers a wrong number and a
wrong passport alike and is rate-limited per client address.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.sample import load_sample_data
from backend.models import AuditEvent, Person
from tests.api.conftest import sign_in
from tests.conftest import read_outbox

H = dict[str, str]
AMARA_NO, AMARA_PASSPORT = "CD2026-507821", "B50372914"
JOHN_NO = "BJ2026-203117"
SOFIA_NO = "BJ2026-204739"



def _code(r: Any) -> str:
    return str(r.json()["detail"]["code"])


def _aid(client: TestClient, headers: H) -> int:
    return int(client.get("/me", headers=headers).json()["applicant"]["id"])


def _person_id(engine: Engine, name: str) -> int:
    with Session(engine) as s:
        person = s.exec(select(Person).where(Person.full_name == name)).one()
        assert person.id is not None
        return person.id


@pytest.fixture
def demo(client: TestClient, engine: Engine) -> TestClient:
    with Session(engine) as s:
        assert load_sample_data(s)
    return client


# ---------------------------------------------------------------- signed in


def test_applicant_sees_status_timeline_and_expected_date(demo: TestClient) -> None:
    john = sign_in(demo, "john@example.com")
    r = demo.get(f"/applicants/{_aid(demo, john)}/applications", headers=john)
    assert r.status_code == 200, r.text
    [application] = r.json()
    assert application["application_no"] == JOHN_NO
    assert application["status"] == "under_review"
    assert application["status_label"] == "Under review"
    assert application["service_name"] == "Visa extension"
    assert application["time_limit_working_days"] == 7
    assert [e["status"] for e in application["events"]] == [
        "submitted", "accepted", "under_review"]
    assert all(e["at"].endswith("+08:00") for e in application["events"])
    accepted = datetime.fromisoformat(application["events"][1]["at"]).date()
    expected = date.fromisoformat(application["expected_by"])
    assert (expected - accepted).days >= 9  # 7 working days are at least 9 calendar days
    assert application["person_name"] == "John Smith"


def test_decided_application_has_no_expected_date_and_shows_the_reason(demo: TestClient) -> None:
    r = demo.post("/inquiry/application",
                  json={"application_no": AMARA_NO, "passport_no": AMARA_PASSPORT})
    body = r.json()
    assert body["status"] == "refused" and body["expected_by"] is None
    assert body["events"][-1]["note"].startswith("Refused: the total of extensions")


def test_one_application_by_number_only_for_who_may_act_for_it(demo: TestClient) -> None:
    john, maria = sign_in(demo, "john@example.com"), sign_in(demo, "maria@example.com")
    assert demo.get(f"/applications/{JOHN_NO}", headers=john).status_code == 200
    others = demo.get(f"/applications/{JOHN_NO}", headers=maria)
    unknown = demo.get("/applications/BJ2026-999999", headers=maria)
    assert others.status_code == unknown.status_code == 404
    assert others.json() == unknown.json()
    assert demo.get(f"/applications/{JOHN_NO}").status_code == 401


def test_lists_refuse_other_accounts_and_anonymous(demo: TestClient) -> None:
    john, maria = sign_in(demo, "john@example.com"), sign_in(demo, "maria@example.com")
    aid = _aid(demo, john)
    for path in ("applications", "permits", "pr-card", "passport"):
        r = demo.get(f"/applicants/{aid}/{path}", headers=maria)
        assert r.status_code == 403 and _code(r) == "forbidden", path
        r = demo.get(f"/applicants/{aid}/{path}")
        assert r.status_code == 401 and _code(r) == "not_authenticated", path


def test_helper_sees_the_applications_of_whom_they_help(demo: TestClient, engine: Engine) -> None:
    liwei = sign_in(demo, "liwei@example.com")
    ahmed = _person_id(engine, "Ahmed Hassan")
    r = demo.get(f"/applicants/{ahmed}/applications", headers=liwei)
    assert r.status_code == 200
    [application] = r.json()
    assert application["status"] == "ready_for_collection"
    assert "counter 6" in application["events"][-1]["note"]
    # But not those of someone they do not help.
    john = _person_id(engine, "John Smith")
    assert demo.get(f"/applicants/{john}/applications", headers=liwei).status_code == 403


# ---------------------------------------------------------------- inquiry without an account


def test_inquiry_with_number_and_passport_in_chinese(demo: TestClient) -> None:
    r = demo.post("/inquiry/application", headers={"Accept-Language": "zh"},
                  json={"application_no": "cd2026 507821", "passport_no": "b5037 2914"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["application_no"] == AMARA_NO
    assert body["person_name"] is None  # the inquiry does not name the person
    assert body["service_name"] == "签证延期"
    assert body["status_label"] == "不予批准"
    assert body["center_name"] == "成都市公安局出入境管理局"


def test_inquiry_answers_wrong_number_and_wrong_passport_alike(demo: TestClient) -> None:
    wrong_number = demo.post(
        "/inquiry/application",
        json={"application_no": "CD2026-507822", "passport_no": AMARA_PASSPORT},
    )
    wrong_passport = demo.post("/inquiry/application",
                               json={"application_no": AMARA_NO, "passport_no": "B50372915"})
    # Another person's passport with a real number is refused the same way too.
    other_passport = demo.post("/inquiry/application",
                               json={"application_no": AMARA_NO, "passport_no": "568123947"})
    assert wrong_number.status_code == wrong_passport.status_code == 404
    assert other_passport.status_code == 404
    assert wrong_number.json() == wrong_passport.json() == other_passport.json()
    assert _code(wrong_number) == "inquiry_not_matched"
    assert wrong_number.headers.get("content-length") == wrong_passport.headers.get(
        "content-length")


def test_inquiry_refuses_malformed_input_next_to_the_field(demo: TestClient) -> None:
    r = demo.post("/inquiry/application", json={"application_no": "12345", "passport_no": "B5"})
    assert r.status_code == 422 and _code(r) == "invalid_input"
    fields = {f["field"]: f["code"] for f in r.json()["detail"]["fields"]}
    assert set(fields) == {"application_no", "passport_no"}


def test_inquiry_is_rate_limited_per_client_address(engine: Engine) -> None:
    with Session(engine) as s:
        assert load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    guess = {"application_no": "CD2026-000000", "passport_no": AMARA_PASSPORT}
    with TestClient(outer, base_url="http://test/api/v1", client=("203.0.113.5", 1)) as one, \
            TestClient(outer, base_url="http://test/api/v1", client=("203.0.113.6", 1)) as two:
        for _ in range(10):
            assert one.post("/inquiry/application", json=guess).status_code == 404
        r = one.post("/inquiry/application", json=guess, headers={"Accept-Language": "zh"})
        assert r.status_code == 429 and _code(r) == "too_many_attempts"
        assert "分钟" in r.json()["detail"]["message"]
        # Even the right answer is refused now: the limit counts tries, not failures.
        right = {"application_no": AMARA_NO, "passport_no": AMARA_PASSPORT}
        assert one.post("/inquiry/application", json=right).status_code == 429
        # Another address is not affected.
        assert two.post("/inquiry/application", json=right).status_code == 200


# ---------------------------------------------------------------- documents


def test_permits_warn_before_expiry_and_name_the_renewal_service(demo: TestClient) -> None:
    maria = sign_in(demo, "maria@example.com")
    r = demo.get(f"/applicants/{_aid(demo, maria)}/permits", headers=maria)
    assert r.status_code == 200
    [permit] = r.json()
    assert permit["kind"] == "residence_permit" and permit["number"] == "SH3108827461"
    assert permit["days_left"] == 40 and permit["expiring_soon"] and not permit["expired"]
    assert permit["renewal_service"] == "residence_permit"
    assert permit["entries"] == "Multiple entries"
    assert permit["type"] == "Work (工作)"

    john = sign_in(demo, "john@example.com")
    [visa] = demo.get(f"/applicants/{_aid(demo, john)}/permits", headers=john).json()
    assert visa["kind"] == "visa" and not visa["expiring_soon"]
    assert visa["renewal_service"] == "visa_extension"
    assert visa["duration_of_stay_days"] == 30


def test_pr_card_and_passport(demo: TestClient) -> None:
    elena = sign_in(demo, "elena@example.com")
    aid = _aid(demo, elena)
    r = demo.get(f"/applicants/{aid}/pr-card", headers={**elena, "Accept-Language": "zh"})
    assert r.status_code == 200, r.text
    card = r.json()
    assert card["number"] == "931643196511230016"
    assert card["name_en"] == "PETROVA, ELENA" and card["name_zh"] == "叶莲娜"
    assert card["nationality"] == "RUS" and card["nationality_name"] == "俄罗斯"
    assert card["birth_date"] == "1965-11-23"
    assert "National Immigration Administration" in card["issuing_authority"]
    passport = demo.get(f"/applicants/{aid}/passport", headers=elena).json()
    assert passport["number"] == "751234567"
    assert passport["country"] == "RU" and passport["country_name"] == "Russia"
    assert passport["valid_to"] and not passport["expired"]

    maria = sign_in(demo, "maria@example.com")
    r = demo.get(f"/applicants/{_aid(demo, maria)}/pr-card", headers=maria)
    assert r.status_code == 404 and _code(r) == "not_found"


# ---------------------------------------------------------------- staff


def _step(client: TestClient, headers: H, number: str, status: str, note: str = "") -> Any:
    return client.post(f"/staff/applications/{number}/events", headers=headers,
                       json={"status": status, "note": note})


def test_staff_step_reaches_the_timeline_the_applicant_and_helpers(
    demo: TestClient, staff: H, engine: Engine
) -> None:
    r = _step(demo, staff, SOFIA_NO, "accepted", "Materials complete; receipt issued.")
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "accepted"
    assert r.json()["expected_by"] is not None

    # The helpers see it at once.
    liwei = sign_in(demo, "liwei@example.com")
    sofia = _person_id(engine, "Sofia Kim")
    [application] = demo.get(f"/applicants/{sofia}/applications", headers=liwei).json()
    assert application["events"][-1] == {**application["events"][-1], "status": "accepted",
                                          "note": "Materials complete; receipt issued."}

    outbox = read_outbox()
    sms = [m for m in outbox if m["channel"] == "sms"]
    emails = {m["to"]: m for m in outbox if m["channel"] == "email"}
    assert [m["to"] for m in sms] == ["+86 138 0000 0007"]
    assert SOFIA_NO in sms[0]["body"] and "Accepted" in sms[0]["body"]
    assert "已受理" in sms[0]["body"]  # no account: English and Chinese
    assert set(emails) == {"minjun@example.com", "liwei@example.com"}
    assert "Sofia Kim" in emails["liwei@example.com"]["body"]
    assert "Sofia Kim" in emails["minjun@example.com"]["body"]

    with Session(engine) as s:
        [event] = s.exec(select(AuditEvent).where(
            AuditEvent.action == "applications.add_event")).all()
        assert event.subject_person_id == sofia
        assert event.detail["status"] == "accepted"


def test_ready_for_collection_needs_where_and_when(demo: TestClient, staff: H) -> None:
    r = _step(demo, staff, "BJ2026-201486", "ready_for_collection")
    assert r.status_code == 422 and _code(r) == "note_required"
    note = "Ready for collection at counter 3, from Monday 09:00 to 17:00. Bring the receipt."
    r = _step(demo, staff, "BJ2026-201486", "ready_for_collection", note)
    assert r.status_code == 201
    [sms] = [m for m in read_outbox() if m["channel"] == "sms"]
    assert note in sms["body"]


def test_staff_step_out_of_order_or_invalid_is_refused(demo: TestClient, staff: H) -> None:
    r = _step(demo, staff, SOFIA_NO, "collected")
    assert r.status_code == 409 and _code(r) == "status_not_allowed"
    r = _step(demo, staff, AMARA_NO, "approved")  # refused is final
    assert r.status_code == 409
    r = _step(demo, staff, SOFIA_NO, "lost_in_the_post")
    assert r.status_code == 422 and _code(r) == "invalid_input"
    r = _step(demo, staff, "BJ2026-999999", "accepted")
    assert r.status_code == 404
    assert read_outbox() == []


def test_staff_route_refuses_the_public(demo: TestClient) -> None:
    john = sign_in(demo, "john@example.com")
    r = _step(demo, john, JOHN_NO, "approved")
    assert r.status_code == 403 and _code(r) == "staff_only"
    assert _step(demo, {}, JOHN_NO, "approved").status_code == 401


def test_materials_received_restarts_the_clock(demo: TestClient, staff: H) -> None:
    before = demo.post("/inquiry/application",
                       json={"application_no": "HZ2026-412608", "passport_no": "TK1234567"})
    assert before.json()["status"] == "more_materials"
    assert before.json()["expected_by"] is None  # waiting for the applicant
    r = _step(demo, staff, "HZ2026-412608", "under_review", "Certificate of enrolment received.")
    assert r.status_code == 201
    expected = date.fromisoformat(r.json()["expected_by"])
    today = datetime.fromisoformat(r.json()["events"][-1]["at"]).date()
    assert (expected - today).days >= 19  # 15 working days from today
