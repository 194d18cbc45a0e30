"""Real-name verification with a code from the outbox, and staff routes for the records."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.models import Person
from tests.conftest import read_outbox

IDENTITY = {
    "passport_no": "e1234 5678",
    "nationality": "fr",
    "full_name": "zoe  dupont-lefevre",
    "birth_date": "1990-05-17",
}


def test_verify_identity_with_code_from_outbox(
    client: TestClient, user: dict[str, str], person: Person
) -> None:
    r = client.post("/me/identity", json=IDENTITY, headers=user)
    assert r.status_code == 202, r.text
    assert r.json()["sent_to"].endswith("1234")
    [sms] = read_outbox()
    assert sms["to"] == person.phone and sms["channel"] == "sms"
    assert sms["code"] in sms["body"]
    r = client.post("/me/identity/confirm", json={"code": sms["code"]}, headers=user)
    assert r.status_code == 200, r.text
    me = r.json()
    assert me["applicant"]["id"] == person.id
    assert me["applicants"] == [{**me["applicant"], "relation": "self"}]
    again = client.post("/me/identity", json=IDENTITY, headers=user)
    assert again.status_code == 409 and again.json()["detail"]["code"] == "already_verified"


def test_identity_mismatch_is_refused_without_sending(
    client: TestClient, user: dict[str, str], person: Person
) -> None:
    r = client.post("/me/identity", json={**IDENTITY, "birth_date": "1990-05-18"}, headers=user)
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "identity_not_matched"
    assert read_outbox() == []


def test_identity_fields_are_validated(client: TestClient, user: dict[str, str]) -> None:
    r = client.post(
        "/me/identity",
        json={"passport_no": "??", "nationality": "France", "full_name": "R2D2",
              "birth_date": "2999-01-01"},
        headers=user,
    )
    assert r.status_code == 422
    codes = {f["field"]: f["code"] for f in r.json()["detail"]["fields"]}
    assert codes == {
        "passport_no": "string_too_short",
        "nationality": "string_too_long",
        "full_name": "invalid_name",
        "birth_date": "invalid_birth_date",
    }


def test_wrong_codes_count_down_then_lock(
    client: TestClient, user: dict[str, str], person: Person
) -> None:
    client.post("/me/identity", json=IDENTITY, headers=user)
    right = read_outbox()[0]["code"]
    wrong = "000000" if right != "000000" else "111111"
    answers = [
        client.post("/me/identity/confirm", json={"code": wrong}, headers=user).json()["detail"]
        for _ in range(5)
    ]
    assert [a["code"] for a in answers] == ["code_wrong"] * 4 + ["code_locked"]
    assert "4" in answers[0]["message"]
    r = client.post("/me/identity/confirm", json={"code": right}, headers=user)
    assert r.status_code == 429 and r.json()["detail"]["code"] == "code_locked"


def test_confirm_without_pending_code(client: TestClient, user: dict[str, str]) -> None:
    r = client.post("/me/identity/confirm", json={"code": "123456"}, headers=user)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "no_code_pending"


def test_one_person_one_account(
    client: TestClient, user: dict[str, str], person: Person
) -> None:
    from tests.api.conftest import register_and_login

    client.post("/me/identity", json=IDENTITY, headers=user)
    client.post("/me/identity/confirm", json={"code": read_outbox()[0]["code"]}, headers=user)
    other = register_and_login(client, "other@example.com")
    r = client.post("/me/identity", json=IDENTITY, headers=other)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "identity_taken"


def test_staff_adds_person_and_documents(client: TestClient, staff: dict[str, str]) -> None:
    r = client.post(
        "/staff/people",
        json={"passport_no": "K9988776", "nationality": "KR", "full_name": "Kim Min-jun",
              "birth_date": "1984-02-29", "phone": "+86 139 1111 2222"},
        headers=staff,
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    doc = {"kind": "residence_permit", "number": "Y1234567", "valid_from": "2026-01-01",
           "valid_to": "2027-01-01"}
    r = client.post(f"/staff/people/{pid}/documents", json=doc, headers=staff)
    assert r.status_code == 201 and r.json()["id"] > 0
    bad = client.post(
        f"/staff/people/{pid}/documents", json={**doc, "valid_to": "2025-01-01"}, headers=staff
    )
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "invalid_dates"
    missing = client.post("/staff/people/99999/documents", json=doc, headers=staff)
    assert missing.status_code == 404 and missing.json()["detail"]["code"] == "not_found"
    dup = client.post(
        "/staff/people",
        json={"passport_no": "K9988776", "nationality": "KR", "full_name": "Kim Min-jun",
              "birth_date": "1984-02-29", "phone": "+86 139 1111 2222"},
        headers=staff,
    )
    assert dup.status_code == 409 and dup.json()["detail"]["code"] == "person_exists"


def test_staff_routes_refuse_the_public(client: TestClient, user: dict[str, str]) -> None:
    body = {"passport_no": "K9988776", "nationality": "KR", "full_name": "Kim",
            "birth_date": "1984-02-29", "phone": "+86 139 1111 2222"}
    r = client.post("/staff/people", json=body, headers=user)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "staff_only"
    assert client.post("/staff/people", json=body).status_code == 401
    r = client.post(
        "/staff/people/1/documents",
        json={"kind": "visa", "number": "V123", "valid_from": "2026-01-01",
              "valid_to": "2026-06-01"},
        headers=user,
    )
    assert r.status_code == 403
