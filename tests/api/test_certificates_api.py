"""The certificate routes: issue, list, revoke, PDF download, public key, verification."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.sample import load_sample_data
from backend.models import Person
from tests.api.conftest import person_id_of, sign_in


@pytest.fixture
def demo(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("VERIFY_MAX_TRIES", "6")
    monkeypatch.setenv("VERIFY_MAX_PDF_BYTES", "200000")
    from backend.config import get_settings

    get_settings.cache_clear()
    with Session(engine) as s:
        load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        yield c




def test_issue_list_download_verify_revoke(demo: TestClient, engine: Engine) -> None:
    elena = sign_in(demo, "elena@example.com")
    aid = person_id_of(engine, "elena@example.com")
    r = demo.post(f"/applicants/{aid}/certificates", headers=elena)
    assert r.status_code == 201, r.text
    issued = r.json()
    code = issued["code"]
    assert len(code) == 12 and issued["code_display"].count("-") == 2
    assert issued["issued_at"] and issued["expires_at"]

    listed = demo.get(f"/applicants/{aid}/certificates", headers=elena).json()
    assert [(c["code"], c["status"]) for c in listed] == [(code, "valid")]

    r = demo.get(f"/certificates/{code}.pdf", headers=elena)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    pdf = r.content
    assert pdf.startswith(b"%PDF-")

    r = demo.get(f"/verify/{issued['code_display'].lower()}")  # no account needed
    body = r.json()
    assert body["status"] == "valid"
    assert body["holder_name"] == "PETROVA, ELENA"
    assert body["passport_no"] == "****4567"
    assert "751234567" not in r.text

    r = demo.post("/verify", content=pdf, headers={"Content-Type": "application/pdf"})
    assert r.json()["status"] == "valid", r.text
    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x01
    r = demo.post("/verify", content=bytes(changed), headers={"Content-Type": "application/pdf"})
    assert r.json()["status"] == "tampered"

    r = demo.post(f"/applicants/{aid}/certificates/{code}/revoke", headers=elena)
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    r = demo.post(f"/applicants/{aid}/certificates/{code}/revoke", headers=elena)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "already_revoked"
    assert demo.get(f"/verify/{code}").json()["status"] == "revoked"


def test_public_key(demo: TestClient) -> None:
    r = demo.get("/verify/public-key")
    assert r.status_code == 200
    body = r.json()
    assert body["algorithm"] == "Ed25519"
    assert "BEGIN PUBLIC KEY" in body["public_key_pem"]
    Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key_base64"]))


def test_no_pr_card(demo: TestClient, engine: Engine) -> None:
    john = sign_in(demo, "john@example.com")
    aid = person_id_of(engine, "john@example.com")
    r = demo.post(f"/applicants/{aid}/certificates", headers=john)
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "no_pr_card"


def test_pdf_only_for_those_who_may_act_for_the_holder(
    demo: TestClient, engine: Engine
) -> None:
    elena = sign_in(demo, "elena@example.com")
    aid = person_id_of(engine, "elena@example.com")
    code = demo.post(f"/applicants/{aid}/certificates", headers=elena).json()["code"]
    john = sign_in(demo, "john@example.com")
    denied = demo.get(f"/certificates/{code}.pdf", headers=john)
    unknown = demo.get("/certificates/2222222222222.pdf", headers=john)
    assert denied.status_code == unknown.status_code == 404
    assert denied.json() == unknown.json()
    assert demo.get(f"/certificates/{code}.pdf").status_code == 401
    # John may not revoke Elena's document, not even through his own applicant id.
    john_aid = person_id_of(engine, "john@example.com")
    r = demo.post(f"/applicants/{john_aid}/certificates/{code}/revoke", headers=john)
    assert r.status_code == 404
    r = demo.post(f"/applicants/{aid}/certificates/{code}/revoke", headers=john)
    assert r.status_code == 403
    assert demo.get(f"/verify/{code}").json()["status"] == "valid"


def test_unknown_code(demo: TestClient) -> None:
    assert demo.get("/verify/ABCD-EFGH-JKLM").json() == {
        "status": "unknown", "code": None, "holder_name": None, "holder_name_zh": None,
        "nationality": None, "passport_no": None, "pr_card_no": None, "issued_at": None,
        "expires_at": None, "revoked_at": None,
    }


def test_body_size_and_type(demo: TestClient) -> None:
    r = demo.post("/verify", content=b"%PDF-" + b"0" * 200_001,
                  headers={"Content-Type": "application/pdf"})
    assert r.status_code == 413 and r.json()["detail"]["code"] == "file_too_large"
    r = demo.post("/verify", content=b"hello", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["detail"]["code"] == "not_a_pdf"
    r = demo.post("/verify", content=b"%PDF-1.7 no document",
                  headers={"Content-Type": "application/pdf"})
    assert r.json()["status"] == "unknown"


def test_verification_is_rate_limited_per_address(demo: TestClient) -> None:
    for _ in range(3):
        assert demo.get("/verify/ABCD-EFGH-JKLM").status_code == 200
        assert demo.post("/verify", content=b"%PDF-1.7",
                         headers={"Content-Type": "application/pdf"}).status_code == 200
    r = demo.get("/verify/ABCD-EFGH-JKLM")
    assert r.status_code == 429 and r.json()["detail"]["code"] == "too_many_attempts"
    r = demo.post("/verify", content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    assert r.status_code == 429
    # The public key is not limited: institutions fetch it freely.
    assert demo.get("/verify/public-key").status_code == 200


def test_helper_may_issue_for_the_person_they_help(demo: TestClient, engine: Engine) -> None:
    # Li Wei helps Ahmed, who holds no PR card: the access check passes, the card is missing.
    liwei = sign_in(demo, "liwei@example.com")
    with Session(engine) as s:
        ahmed = s.exec(select(Person).where(Person.full_name == "Ahmed Hassan")).one()
    r = demo.post(f"/applicants/{ahmed.id}/certificates", headers=liwei)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "no_pr_card"
