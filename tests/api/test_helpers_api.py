"""Help from relatives and friends over HTTP: consent codes, limits, revocation, audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.config import get_settings
from backend.data.sample import load_sample_data
from backend.models import OneTimeCode, Person, utcnow
from tests.api.conftest import register_and_login, sign_in
from tests.conftest import read_outbox

AHMED = {"passport_no": "A28461937", "nationality": "EG", "full_name": "Ahmed Hassan",
         "birth_date": "1951-06-05"}
SOFIA = {"passport_no": "M71940258", "nationality": "KR", "full_name": "Sofia Kim",
         "birth_date": "2015-09-10"}
YUKI = {"passport_no": "TK1234567", "nationality": "JP", "full_name": "Yuki Tanaka",
        "birth_date": "1995-04-12"}
H = dict[str, str]


@pytest.fixture
def demo(client: TestClient, engine: Engine) -> TestClient:
    with Session(engine) as s:
        load_sample_data(s)
    return client



def start(client: TestClient, headers: H, who: dict[str, str], relation: str = "friend",
          **extra: Any) -> Any:
    return client.post("/applicants/links", json={**who, "relation": relation, **extra},
                       headers=headers)


def last_code(phone: str) -> str:
    return [m for m in read_outbox() if m["to"] == phone and m.get("code")][-1]["code"]


def link(client: TestClient, headers: H, who: dict[str, str], phone: str,
         relation: str = "friend") -> int:
    r = start(client, headers, who, relation)
    assert r.status_code == 202, r.text
    link_id = r.json()["link_id"]
    r = client.post(f"/applicants/links/{link_id}/confirm", json={"code": last_code(phone)},
                    headers=headers)
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


def test_link_needs_the_code_sent_to_the_applicant(demo: TestClient) -> None:
    helper = register_and_login(demo, "niece@example.com")
    r = start(demo, helper, AHMED, "relative")
    assert r.status_code == 202
    body = r.json()
    assert body["sent_to"].startswith("••••")
    [sms] = [m for m in read_outbox() if m.get("code")]
    assert "Ana Lima" in sms["body"] and sms["code"] in sms["body"]
    # Before the code: no access to the applicant.
    aid = demo.get("/me", headers=helper).json()["applicants"]
    assert aid == []
    r = demo.post(f"/applicants/links/{body['link_id']}/confirm", json={"code": sms["code"]},
                  headers=helper)
    assert r.status_code == 200 and r.json()["relation"] == "relative"
    applicants = demo.get("/applicants", headers=helper).json()
    assert [a["full_name"] for a in applicants] == ["Ahmed Hassan"]
    assert demo.get(f"/applicants/{applicants[0]['id']}/appointments",
                    headers=helper).status_code == 200


def test_wrong_expired_and_too_many_codes(demo: TestClient, engine: Engine) -> None:
    helper = register_and_login(demo, "friend@example.com")
    link_id = start(demo, helper, AHMED).json()["link_id"]
    right = [m for m in read_outbox() if m.get("code")][-1]["code"]
    wrong = "000000" if right != "000000" else "111111"
    answers = [demo.post(f"/applicants/links/{link_id}/confirm", json={"code": wrong},
                         headers=helper).json()["detail"]["code"] for _ in range(5)]
    assert answers == ["code_wrong"] * 4 + ["code_locked"]
    r = demo.post(f"/applicants/links/{link_id}/confirm", json={"code": right}, headers=helper)
    assert r.status_code == 429 and r.json()["detail"]["code"] == "code_locked"
    # A new request, left to expire.
    link_id = start(demo, helper, AHMED).json()["link_id"]
    right = [m for m in read_outbox() if m.get("code")][-1]["code"]
    with Session(engine) as s:
        for code in s.exec(select(OneTimeCode)).all():
            code.expires_at = utcnow() - timedelta(seconds=1)
            s.add(code)
        s.commit()
    r = demo.post(f"/applicants/links/{link_id}/confirm", json={"code": right}, headers=helper)
    assert r.status_code == 410 and r.json()["detail"]["code"] == "code_expired"


def test_another_account_cannot_confirm_someone_elses_link(demo: TestClient) -> None:
    helper = register_and_login(demo, "a@example.com")
    intruder = register_and_login(demo, "b@example.com")
    link_id = start(demo, helper, AHMED).json()["link_id"]
    code = [m for m in read_outbox() if m.get("code")][-1]["code"]
    r = demo.post(f"/applicants/links/{link_id}/confirm", json={"code": code},
                  headers=intruder)
    assert r.status_code == 404
    assert demo.get("/applicants", headers=intruder).json() == []


def test_identity_must_match_and_one_cannot_help_oneself(demo: TestClient) -> None:
    helper = register_and_login(demo, "c@example.com")
    r = start(demo, helper, {**AHMED, "birth_date": "1951-06-06"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "identity_not_matched"
    maria = sign_in(demo, "maria@example.com")
    me = demo.get("/me", headers=maria).json()["applicant"]
    own = {"passport_no": "PAF482913", "nationality": "ES", "full_name": me["full_name"],
           "birth_date": me["birth_date"]}
    r = start(demo, maria, own)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "cannot_help_self"


def test_a_child_needs_a_parent_or_guardian_declaration(demo: TestClient) -> None:
    helper = register_and_login(demo, "d@example.com")
    for relation, declared in (("friend", True), ("guardian", False), ("parent", False)):
        r = start(demo, helper, SOFIA, relation, guardian_declaration=declared)
        assert r.status_code == 422 and r.json()["detail"]["code"] == "guardian_required"
    r = start(demo, helper, SOFIA, "guardian", guardian_declaration=True)
    assert r.status_code == 202
    r = start(demo, helper, AHMED, "guardian", guardian_declaration=True)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "guardian_for_minor_only"


def test_limits_ten_applicants_per_helper_five_helpers_per_applicant(
    demo: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_APPLICANTS_PER_HELPER", "2")
    monkeypatch.setenv("MAX_HELPERS_PER_APPLICANT", "2")
    get_settings.cache_clear()
    people = []
    with Session(engine) as s:
        for i in range(3):
            p = Person(passport_no=f"LIM{i:05d}", nationality="FR", full_name="Limit Person",
                       birth_date=date(1970, 1, 1), phone=f"+86 139 1000 000{i}")
            s.add(p)
            s.flush()
            people.append({"passport_no": p.passport_no, "nationality": "FR",
                           "full_name": "Limit Person", "birth_date": "1970-01-01",
                           "phone": p.phone})
        s.commit()
    helper = register_and_login(demo, "busy@example.com")
    for who in people[:2]:
        link(demo, helper, {k: v for k, v in who.items() if k != "phone"}, who["phone"])
    r = start(demo, helper, {k: v for k, v in people[2].items() if k != "phone"})
    assert r.status_code == 409 and r.json()["detail"]["code"] == "too_many_applicants"
    assert "2" in r.json()["detail"]["message"]
    target = {k: v for k, v in people[0].items() if k != "phone"}
    second = register_and_login(demo, "second@example.com")
    link(demo, second, target, people[0]["phone"])
    third = register_and_login(demo, "third@example.com")
    r = start(demo, third, target)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "too_many_helpers"


def test_applicant_sees_helpers_and_their_actions_and_revokes(demo: TestClient) -> None:
    """Yuki verifies, a friend links to her and books for her; she sees it and revokes."""
    yuki = register_and_login(demo, "yuki@example.com")
    demo.post("/me/identity", json=YUKI, headers=yuki)
    code = [m for m in read_outbox() if m.get("code")][-1]["code"]
    aid = demo.post("/me/identity/confirm", json={"code": code},
                    headers=yuki).json()["applicant"]["id"]
    friend = register_and_login(demo, "friend2@example.com")
    link(demo, friend, YUKI, "+86 139 0000 0006")
    days = demo.get("/centers/1/days", params={"service": "visa_renewal"}).json()
    slot = demo.get("/centers/1/slots",
                    params={"service": "visa_renewal", "date": days[-1]["date"]}).json()[0]
    r = demo.post(f"/applicants/{aid}/appointments",
                  json={"service": "visa_renewal", "center_id": 1, "start": slot["start"]},
                  headers=friend)
    assert r.status_code == 201
    email = [m for m in read_outbox() if m["to"] == "friend2@example.com"][-1]
    assert "Booked for Yuki Tanaka" in email["body"]

    helpers = demo.get("/me/helpers", headers=yuki).json()
    assert [(h["name"], h["relation"]) for h in helpers] == [("Ana Lima", "friend")]
    trail = demo.get(f"/applicants/{aid}/audit", headers=yuki).json()
    booked = [t for t in trail if t["action"] == "appointment.book"]
    assert booked and booked[0]["actor"] == "Ana Lima" and booked[0]["actor_is"] == "helper"
    assert any(t["action"] == "identity.confirm" and t["actor_is"] == "self" for t in trail)

    r = demo.delete(f"/me/helpers/{helpers[0]['helper_id']}", headers=yuki)
    assert r.status_code == 204
    r = demo.get(f"/applicants/{aid}/appointments", headers=friend)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    assert demo.get("/me/helpers", headers=yuki).json() == []
    assert any(t["action"] == "link.revoke" for t in
               demo.get(f"/applicants/{aid}/audit", headers=yuki).json())
    assert demo.delete(f"/me/helpers/{helpers[0]['helper_id']}",
                       headers=yuki).status_code == 404


def test_helper_can_stop_helping(demo: TestClient) -> None:
    liwei = sign_in(demo, "liwei@example.com")
    applicants = demo.get("/applicants", headers=liwei).json()
    ahmed = next(a for a in applicants if a["full_name"] == "Ahmed Hassan")
    assert demo.delete(f"/applicants/{ahmed['id']}/link", headers=liwei).status_code == 204
    assert demo.get(f"/applicants/{ahmed['id']}/audit", headers=liwei).status_code == 403


def test_unverified_account_has_no_helpers_list(demo: TestClient) -> None:
    new = register_and_login(demo, "e@example.com")
    r = demo.get("/me/helpers", headers=new)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "not_verified"
