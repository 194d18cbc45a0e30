"""The directory and the guides over HTTP (API.md): GET /centers with its filters and sort,
/centers/{id}, /provinces, /services, /guides, /guides/{service}, and the checklist of an
applicant with its access checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.sample import load_sample_data
from backend.models import Account, AuditEvent, Center, Closure, utcnow
from tests.api.conftest import person_id_of, register_and_login, sign_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHECKLIST = "/applicants/{aid}/guides/{service}/checklist"


@pytest.fixture
def api(engine: Engine) -> Iterator[TestClient]:
    with Session(engine) as s:
        load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as client:
        yield client




def get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------- centers


def test_list_has_what_the_directory_needs(api: TestClient) -> None:
    found = get(api, "/centers")
    assert len(found) == 34
    c = found[0]
    for field in ("id", "name", "name_en", "name_zh", "address", "address_en", "address_zh",
                  "city", "province", "province_name", "phone", "hours", "services",
                  "open_now", "next_available", "status", "closed_days", "extra_days",
                  "hours_verified"):
        assert field in c, field
    assert c["status"]["state"] in ("open", "closes_soon", "closed")
    assert c["open_now"] == (c["status"]["state"] != "closed")
    moment = c["status"]["opens_at"] or c["status"]["until"]
    assert moment and moment.endswith("+08:00")  # the center's local time, with its offset


def test_language_of_names_and_addresses(api: TestClient) -> None:
    [en] = get(api, "/centers", q="chaoyang")
    [zh] = get(api, "/centers", q="chaoyang", lang="zh")
    assert en["name"] == en["name_en"] and en["address"] == en["address_en"]
    assert zh["name"] == zh["name_zh"] and zh["address"] == zh["address_zh"]
    assert (en["city"], zh["city"], en["province_name"], zh["province_name"]) == (
        "Beijing", "北京", "Beijing", "北京")
    r = api.get("/centers", params={"q": "chaoyang"}, headers={"Accept-Language": "zh-CN"})
    assert r.json()[0]["name"] == zh["name_zh"]


@pytest.mark.parametrize("q", ["beijing", "Bei Jing", "北京"])
def test_search_in_three_scripts(api: TestClient, q: str) -> None:
    assert {c["city_en"] for c in get(api, "/centers", q=q)} == {"Beijing"}
    assert len(get(api, "/centers", q=q)) == 6


def test_filters(api: TestClient) -> None:
    assert len(get(api, "/centers", province="Guangdong")) == 4
    assert len(get(api, "/centers", province="广东")) == 4
    assert len(get(api, "/centers", province="Guangdong", service="visa_extension")) == 3
    assert {c["city_en"] for c in get(api, "/centers", city="Shenzhen")} == {"Shenzhen"}
    assert {c["city_en"] for c in get(api, "/centers", city="深圳")} == {"Shenzhen"}
    assert get(api, "/centers", province="Atlantis") == []
    r = api.get("/centers", params={"service": "tourism"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_input"
    r = api.get("/centers", params={"sort": "distance"})
    assert r.status_code == 422


def test_sort_by_next_free_day(api: TestClient) -> None:
    found = get(api, "/centers", sort="next_available", service="residence_permit")
    days = [c["next_available"] for c in found]
    free = [d for d in days if d]
    assert free == sorted(free) and days == free + [None] * (len(days) - len(free))
    tomorrow = (utcnow().astimezone(SHANGHAI).date() + timedelta(days=1)).isoformat()
    assert all(d >= tomorrow for d in free)


def test_next_free_day_for_a_service_or_any(api: TestClient) -> None:
    [shanghai_pr] = get(api, "/centers", q="上海市外国人永久居留服务中心")
    assert shanghai_pr["services"] == [] and shanghai_pr["next_available"] is None
    beijing = get(api, "/centers", q="北京市公安局出入境管理局")[0]
    assert beijing["next_available"] is not None  # any of its services
    one = get(api, f"/centers/{beijing['id']}", service="visa_extension")
    assert one["next_available"] is not None


def test_one_center_and_not_found(api: TestClient) -> None:
    first = get(api, "/centers")[0]
    one = get(api, f"/centers/{first['id']}")
    assert one["id"] == first["id"] and one["hours"] == first["hours"]
    r = api.get("/centers/99999")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    r = api.get("/centers/99999", params={"lang": "zh"})
    assert r.json()["detail"]["message"] != "Not found."  # translated


def test_closures_ahead_are_listed(api: TestClient, engine: Engine) -> None:
    today = utcnow().astimezone(SHANGHAI).date()
    with Session(engine) as s:
        center = s.exec(select(Center)).first()
        assert center is not None and center.id is not None
        cid = center.id
        s.add(Closure(center_id=cid, date_from=today + timedelta(days=2),
                      date_to=today + timedelta(days=3), reason="Staff training"))
        s.add(Closure(center_id=cid, date_from=today + timedelta(days=40),
                      date_to=today + timedelta(days=40), reason="Too far ahead"))
        s.commit()
    closed = get(api, f"/centers/{cid}")["closed_days"]
    closures = [c for c in closed if c["kind"] == "closure"]
    assert closures == [{"kind": "closure", "date_from": str(today + timedelta(days=2)),
                         "date_to": str(today + timedelta(days=3)), "name": "Staff training"}]
    for c in closed:
        assert date.fromisoformat(c["date_to"]) >= today
        assert date.fromisoformat(c["date_from"]) <= today + timedelta(days=30)


def test_status_times_are_consistent(api: TestClient) -> None:
    now = datetime.now(SHANGHAI)
    for c in get(api, "/centers"):
        s = c["status"]
        if s["state"] == "closed":
            assert s["until"] is None
            if s["opens_at"]:
                assert datetime.fromisoformat(s["opens_at"]) > now
        else:
            until = datetime.fromisoformat(s["until"])
            assert until > now - timedelta(minutes=1)
            assert (s["state"] == "closes_soon") == (until - now <= timedelta(minutes=30))


def test_provinces_and_services(api: TestClient) -> None:
    provinces = get(api, "/provinces")
    assert sum(p["centers"] for p in provinces) == 34
    assert {"province": "Guangdong", "name": "Guangdong", "centers": 4} in provinces
    assert {"province": "Guangdong", "name": "广东", "centers": 4} in get(api, "/provinces",
                                                                      lang="zh")
    assert [s["code"] for s in get(api, "/services")] == [
        "visa_extension", "visa_renewal", "visa_reissue", "stay_permit", "residence_permit"]


# ---------------------------------------------------------------- guides


def test_guides_in_each_language(api: TestClient) -> None:
    en = get(api, "/guides")
    zh = get(api, "/guides", lang="zh")
    assert [g["service"] for g in en] == [g["service"] for g in zh] == [
        "visa_extension", "visa_renewal", "visa_reissue", "stay_permit", "residence_permit"]
    assert en[0]["title"] == "Visa extension" and zh[0]["title"] == "签证延期"
    assert all(g["lang"] == "zh" for g in zh)
    fr = get(api, "/guides", lang="fr")
    assert all(g["lang"] == "fr" for g in fr) and fr[0]["title"] == "Prolongation de visa"
    xx = get(api, "/guides", lang="xx")
    assert all(g["lang"] == "en" for g in xx)  # a language without content: English


def test_one_guide(api: TestClient) -> None:
    g = get(api, "/guides/residence_permit", lang="zh")
    for section in ("who_for", "requirements", "materials", "procedure", "method",
                    "processing_time", "fees", "where_to_apply", "sources"):
        assert g[section], section
    assert g["fees"]["sample"] is True and g["fees"]["currency"] == "CNY"
    assert isinstance(g["fees"]["items"][0]["amount"], int | float)  # a number, not a string
    r = api.get("/guides/tourist_visa")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"


# ---------------------------------------------------------------- checklist


def test_checklist_of_ones_own(api: TestClient, engine: Engine) -> None:
    maria = sign_in(api, "maria@example.com")
    aid = person_id_of(engine, "maria@example.com")
    url = CHECKLIST.format(aid=aid, service="visa_extension")
    r = api.get(url, headers=maria)
    assert r.status_code == 200 and r.json() == {"service": "visa_extension", "items": []}
    r = api.put(url, json={"items": ["photo", "passport", "photo"]}, headers=maria)
    assert r.status_code == 200, r.text
    assert r.json()["items"] == ["passport", "photo"]  # in the guide's order, once each
    assert api.get(url, headers=maria).json()["items"] == ["passport", "photo"]
    # Another service keeps its own list.
    other = CHECKLIST.format(aid=aid, service="stay_permit")
    assert api.get(other, headers=maria).json()["items"] == []
    # Unticking everything.
    assert api.put(url, json={"items": []}, headers=maria).json()["items"] == []
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "guide.checklist")).all()
        assert len(events) == 2 and events[0].subject_person_id == aid


def test_checklist_refuses_unknown_items_and_services(api: TestClient, engine: Engine) -> None:
    maria = sign_in(api, "maria@example.com")
    aid = person_id_of(engine, "maria@example.com")
    r = api.put(CHECKLIST.format(aid=aid, service="visa_extension"),
                json={"items": ["passport", "bribe"]}, headers=maria)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "unknown_checklist_item"
    assert "bribe" in r.json()["detail"]["message"]
    r = api.get(CHECKLIST.format(aid=aid, service="tourist_visa"), headers=maria)
    assert r.status_code == 404


def test_checklist_access(api: TestClient, engine: Engine) -> None:
    aid = person_id_of(engine, "maria@example.com")
    url = CHECKLIST.format(aid=aid, service="visa_extension")
    # No account: 401. Another person, an unverified account: 403.
    assert api.get(url).status_code == 401
    assert api.put(url, json={"items": ["passport"]}).status_code == 401
    john = sign_in(api, "john@example.com")
    assert api.get(url, headers=john).status_code == 403
    r = api.put(url, json={"items": ["passport"]}, headers=john)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    stranger = register_and_login(api, "stranger@example.com")
    assert api.get(url, headers=stranger).status_code == 403
    assert api.get(CHECKLIST.format(aid=999999, service="visa_extension"),
                   headers=stranger).status_code == 403


def test_checklist_by_an_active_helper(api: TestClient, engine: Engine) -> None:
    """Li Wei, a helper with active links (Ahmed Hassan, Sofia Kim), ticks for the person."""
    liwei = sign_in(api, "liwei@example.com")
    me = api.get("/me", headers=liwei).json()
    helped = [a for a in me["applicants"] if a["relation"] != "self"]
    assert helped
    url = CHECKLIST.format(aid=helped[0]["id"], service="stay_permit")
    r = api.put(url, json={"items": ["passport"]}, headers=liwei)
    assert r.status_code == 200 and r.json()["items"] == ["passport"]
    with Session(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "guide.checklist")).one()
        actor = s.get(Account, event.actor_account_id)
        assert actor is not None and actor.email == "liwei@example.com"
        assert event.subject_person_id == helped[0]["id"]
