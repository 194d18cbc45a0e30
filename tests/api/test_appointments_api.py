"""Slots and appointments over HTTP: every route of backend/api/appointments.py, every error.

These tests run on the real clock, so days and times come from GET /centers/{id}/days and
/slots rather than from fixed dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.data.sample import load_sample_data
from backend.errors import ERRORS
from backend.i18n import gettext
from backend.models import Appointment, Center, CenterService, ServiceCode, utcnow
from backend.services import references
from tests.api.conftest import register_and_login, sign_in
from tests.conftest import read_outbox

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXT = "visa_extension"
H = dict[str, str]



def _code(r: Any) -> str:
    return str(r.json()["detail"]["code"])


@dataclass
class Demo:
    """The sample data set with Maria and John signed in, and a center offering EXT."""

    client: TestClient
    engine: Engine
    cid: int
    maria: H
    maria_aid: int
    john: H
    john_aid: int

    def today(self) -> date:
        return utcnow().astimezone(SHANGHAI).date()

    def days(self, cid: int | None = None) -> list[dict[str, Any]]:
        r = self.client.get(f"/centers/{cid or self.cid}/days", params={"service": EXT})
        assert r.status_code == 200, r.text
        return list(r.json())

    def slots(self, day: str, cid: int | None = None) -> list[dict[str, Any]]:
        r = self.client.get(f"/centers/{cid or self.cid}/slots",
                            params={"service": EXT, "date": day})
        assert r.status_code == 200, r.text
        return list(r.json())

    def day(self, skip: int = 0) -> str:
        """A bookable day at least two days ahead (clear of the 24-hour cut-off)."""
        later = [d["date"] for d in self.days()
                 if date.fromisoformat(d["date"]) >= self.today() + timedelta(days=2)]
        return later[skip]

    def available(self, day: str, start: str) -> int:
        [slot] = [s for s in self.slots(day) if s["start"] == start]
        return int(slot["available"])

    def book(self, headers: H, aid: int, start: str, *, service: str = EXT,
             cid: int | None = None) -> Any:
        return self.client.post(f"/applicants/{aid}/appointments", headers=headers,
                                json={"service": service, "center_id": cid or self.cid,
                                      "start": start})

    def set_capacity(self, capacity: int) -> None:
        with Session(self.engine) as s:
            link = s.get(CenterService, (self.cid, ServiceCode.visa_extension))
            assert link is not None
            link.capacity = capacity
            s.add(link)
            s.commit()


@pytest.fixture
def demo(client: TestClient, engine: Engine) -> Demo:
    with Session(engine) as s:
        assert load_sample_data(s)
        cid = s.exec(select(CenterService.center_id).where(
            CenterService.service_code == ServiceCode.visa_extension
        ).order_by(col(CenterService.center_id))).first()
    assert cid is not None
    maria, john = sign_in(client, "maria@example.com"), sign_in(client, "john@example.com")
    maria_aid = client.get("/me", headers=maria).json()["applicant"]["id"]
    john_aid = client.get("/me", headers=john).json()["applicant"]["id"]
    return Demo(client, engine, cid, maria, maria_aid, john, john_aid)


# ---------------------------------------------------------------- days and slots


def test_days_list_the_window_with_places(demo: Demo) -> None:
    days = demo.days()
    assert days, "the sample center should have open days"
    first, last = demo.today() + timedelta(days=1), demo.today() + timedelta(days=30)
    for d in days:
        assert first <= date.fromisoformat(d["date"]) <= last
        assert d["slots"] > 0 and d["available"] <= d["slots"] * 6
    sample = days[0]
    slots = demo.slots(sample["date"])
    assert len(slots) == sample["slots"]
    assert sum(s["available"] for s in slots) == sample["available"]


def test_slots_are_local_times_with_offset(demo: Demo) -> None:
    slots = demo.slots(demo.day())
    for s in slots:
        assert s["start"].endswith("+08:00") and s["end"].endswith("+08:00")
        start, end = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
        assert end - start == timedelta(minutes=30)
        assert 0 <= s["available"] <= s["capacity"]
    assert datetime.fromisoformat(slots[0]["start"]).hour >= 8


def test_days_and_slots_refuse_unknown_center(demo: Demo) -> None:
    for path, params in (("/centers/99999/days", {"service": EXT}),
                         ("/centers/99999/slots", {"service": EXT, "date": demo.day()})):
        r = demo.client.get(path, params=params)
        assert r.status_code == 404 and _code(r) == "not_found"


def test_days_and_slots_refuse_a_service_not_offered(demo: Demo) -> None:
    with Session(demo.engine) as s:
        offered = {(c.center_id, c.service_code) for c in s.exec(select(CenterService)).all()}
        centers = s.exec(select(Center.id)).all()
    lacking = next((cid, svc) for cid in centers for svc in ServiceCode
                   if (cid, svc) not in offered)
    cid, svc = lacking
    for path, params in ((f"/centers/{cid}/days", {"service": svc.value}),
                         (f"/centers/{cid}/slots", {"service": svc.value,
                                                    "date": demo.day()})):
        r = demo.client.get(path, params=params)
        assert r.status_code == 422 and _code(r) == "service_not_offered", r.text


@pytest.mark.parametrize("params", [
    {"service": EXT, "date": "2026-13-45"},
    {"service": EXT, "date": "tomorrow"},
    {"service": "tourism", "date": "2026-09-21"},
    {"service": EXT},
])
def test_slots_refuse_bad_input(demo: Demo, params: dict[str, str]) -> None:
    r = demo.client.get(f"/centers/{demo.cid}/slots", params=params)
    assert r.status_code == 422 and _code(r) == "invalid_input", r.text
    assert r.json()["detail"]["fields"]


def test_slots_outside_the_window_are_empty(demo: Demo) -> None:
    for offset in (0, -1, 31, 60):
        day = (demo.today() + timedelta(days=offset)).isoformat()
        assert demo.slots(day) == []


# ---------------------------------------------------------------- book


def test_book_answers_201_with_reference_and_local_times(demo: Demo) -> None:
    day = demo.day()
    start = demo.slots(day)[0]["start"]
    before = demo.available(day, start)
    r = demo.book(demo.maria, demo.maria_aid, start)
    assert r.status_code == 201, r.text
    body = r.json()
    assert references.is_valid(body["reference"])
    assert body["reference_display"] == references.display(body["reference"])
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", body["reference_display"])
    assert body["start"] == start and body["end"].endswith("+08:00")
    assert body["changeable_until"].endswith("+08:00")
    assert datetime.fromisoformat(body["start"]) - datetime.fromisoformat(
        body["changeable_until"]) == timedelta(hours=24)
    assert (body["status"], body["reschedules"], body["reschedules_left"]) == ("booked", 0, 2)
    assert (body["person_id"], body["person_name"]) == (demo.maria_aid, "Maria Garcia")
    assert body["booked_by"] == "Maria Garcia" and body["center_id"] == demo.cid
    assert demo.available(day, start) == before - 1
    sent = read_outbox()
    assert {(m["channel"], m["to"]) for m in sent} == {
        ("sms", "+86 138 0000 0001"), ("email", "maria@example.com")}
    assert all(body["reference_display"] in m["body"] for m in sent)


def test_book_accepts_the_same_instant_in_utc(demo: Demo) -> None:
    start = demo.slots(demo.day())[0]["start"]
    utc = datetime.fromisoformat(start).astimezone(ZoneInfo("UTC")).isoformat()
    r = demo.book(demo.maria, demo.maria_aid, utc)
    assert r.status_code == 201, r.text
    assert r.json()["start"] == start


def test_full_slot_is_409_slot_full_and_translated(demo: Demo) -> None:
    demo.set_capacity(1)
    day = demo.day()
    start = demo.slots(day)[0]["start"]
    assert demo.book(demo.maria, demo.maria_aid, start).status_code == 201
    assert demo.available(day, start) == 0
    r = demo.book(demo.john, demo.john_aid, start)
    assert r.status_code == 409 and _code(r) == "slot_full"
    assert r.json()["detail"]["message"] == ERRORS["slot_full"][1]
    zh = demo.book({**demo.john, "Accept-Language": "zh-CN,zh;q=0.9"}, demo.john_aid, start)
    assert zh.status_code == 409 and _code(zh) == "slot_full"
    message = zh.json()["detail"]["message"]
    assert message == gettext(ERRORS["slot_full"][1], "zh") != ERRORS["slot_full"][1]
    assert re.search(r"[\u4e00-\u9fff]", message)


def test_second_booking_of_the_service_is_409_already_booked(demo: Demo) -> None:
    starts = [s["start"] for s in demo.slots(demo.day())]
    assert demo.book(demo.maria, demo.maria_aid, starts[0]).status_code == 201
    r = demo.book(demo.maria, demo.maria_aid, starts[1])
    assert r.status_code == 409 and _code(r) == "already_booked"
    zh = demo.book({**demo.maria, "Accept-Language": "zh"}, demo.maria_aid, starts[1])
    assert zh.json()["detail"]["message"] == gettext(ERRORS["already_booked"][1], "zh")
    assert re.search(r"[\u4e00-\u9fff]", zh.json()["detail"]["message"])


def test_book_refuses_times_that_are_not_slots(demo: Demo) -> None:
    day = demo.day()
    first = datetime.fromisoformat(demo.slots(day)[0]["start"])
    r = demo.book(demo.maria, demo.maria_aid, (first + timedelta(minutes=10)).isoformat())
    assert r.status_code == 422 and _code(r) == "slot_not_found"
    far = datetime.combine(demo.today() + timedelta(days=45), first.timetz())
    r = demo.book(demo.maria, demo.maria_aid, far.isoformat())
    assert r.status_code == 422 and _code(r) == "outside_window"
    assert "30" in r.json()["detail"]["message"]
    today = datetime.combine(demo.today(), first.timetz())
    r = demo.book(demo.maria, demo.maria_aid, today.isoformat())
    assert r.status_code == 422 and _code(r) == "outside_window"


def test_book_refuses_a_start_without_offset(demo: Demo) -> None:
    start = demo.slots(demo.day())[0]["start"]
    naive = start.removesuffix("+08:00")
    r = demo.book(demo.maria, demo.maria_aid, naive)
    assert r.status_code == 422 and _code(r) == "invalid_input"
    assert [f["field"] for f in r.json()["detail"]["fields"]] == ["start"]


def test_book_refuses_bad_bodies(demo: Demo) -> None:
    start = demo.slots(demo.day())[0]["start"]
    for body in ({"service": "tourism", "center_id": demo.cid, "start": start},
                 {"service": EXT, "start": start}, {"service": EXT, "center_id": demo.cid}):
        r = demo.client.post(f"/applicants/{demo.maria_aid}/appointments", json=body,
                             headers=demo.maria)
        assert r.status_code == 422 and _code(r) == "invalid_input", r.text
    r = demo.book(demo.maria, demo.maria_aid, start, cid=99999)
    assert r.status_code == 404 and _code(r) == "not_found"


def test_book_needs_a_token(demo: Demo) -> None:
    start = demo.slots(demo.day())[0]["start"]
    r = demo.book({}, demo.maria_aid, start)
    assert r.status_code == 401 and _code(r) == "not_authenticated"
    r = demo.book({"Authorization": "Bearer not-a-token"}, demo.maria_aid, start)
    assert r.status_code == 401


def test_book_for_someone_else_or_unknown_is_403(demo: Demo) -> None:
    day = demo.day()
    start = demo.slots(day)[0]["start"]
    before = demo.available(day, start)
    for headers, aid in ((demo.john, demo.maria_aid), (demo.john, 99999),
                         (register_and_login(demo.client), demo.maria_aid)):
        r = demo.book(headers, aid, start)
        assert r.status_code == 403 and _code(r) == "forbidden"
    assert demo.available(day, start) == before


def test_helper_books_for_a_linked_applicant(demo: Demo) -> None:
    liwei = sign_in(demo.client, "liwei@example.com")
    applicants = demo.client.get("/applicants", headers=liwei).json()
    ahmed = next(a for a in applicants if a["full_name"] == "Ahmed Hassan")
    start = demo.slots(demo.day())[0]["start"]
    r = demo.book(liwei, ahmed["id"], start)
    assert r.status_code == 201, r.text
    assert (r.json()["person_name"], r.json()["booked_by"]) == ("Ahmed Hassan", "Li Wei")
    email = next(m for m in read_outbox() if m["channel"] == "email")
    assert email["to"] == "liwei@example.com"
    assert email["body"].startswith("Booked for Ahmed Hassan: ")
    assert demo.book(liwei, demo.maria_aid, start).status_code == 403


def test_verified_by_the_identity_flow_then_book(demo: Demo) -> None:
    """Yuki registers, proves her identity with the code from the outbox, then books."""
    headers = register_and_login(demo.client, "yuki@example.com")
    r = demo.client.post("/me/identity", headers=headers, json={
        "passport_no": "TK1234567", "nationality": "JP", "full_name": "Yuki Tanaka",
        "birth_date": "1995-04-12"})
    assert r.status_code == 202, r.text
    code = read_outbox()[-1]["code"]
    r = demo.client.post("/me/identity/confirm", headers=headers, json={"code": code})
    assert r.status_code == 200, r.text
    aid = r.json()["applicant"]["id"]
    r = demo.book(headers, aid, demo.slots(demo.day())[0]["start"])
    assert r.status_code == 201 and r.json()["person_name"] == "Yuki Tanaka"


# ---------------------------------------------------------------- list, get, calendar file


def test_list_appointments_is_own_only(demo: Demo) -> None:
    day = demo.day()
    start = demo.slots(day)[0]["start"]
    ref = demo.book(demo.maria, demo.maria_aid, start).json()["reference"]
    r = demo.client.get(f"/applicants/{demo.maria_aid}/appointments", headers=demo.maria)
    assert r.status_code == 200 and [a["reference"] for a in r.json()] == [ref]
    r = demo.client.get(f"/applicants/{demo.maria_aid}/appointments", headers=demo.john)
    assert r.status_code == 403 and _code(r) == "forbidden"
    r = demo.client.get(f"/applicants/{demo.john_aid}/appointments", headers=demo.john)
    assert r.status_code == 200 and r.json() == []
    assert demo.client.get(f"/applicants/{demo.maria_aid}/appointments").status_code == 401


def test_get_appointment_by_reference(demo: Demo) -> None:
    booked = demo.book(demo.maria, demo.maria_aid, demo.slots(demo.day())[0]["start"]).json()
    ref = booked["reference"]
    for typed in (ref, booked["reference_display"], booked["reference_display"].lower()):
        r = demo.client.get(f"/appointments/{typed}", headers=demo.maria)
        assert r.status_code == 200 and r.json() == booked
    zh = demo.client.get(f"/appointments/{ref}", headers={**demo.maria, "Accept-Language": "zh"})
    assert re.search(r"[\u4e00-\u9fff]", zh.json()["center_name"])
    r = demo.client.get(f"/appointments/{ref}", headers=demo.john)
    assert r.status_code == 404 and _code(r) == "not_found"
    wrong_check = ref[:-1] + ("2" if ref[-1] != "2" else "3")
    for bad in ("NOT-A-REF", wrong_check, "ABCDEFGHJ"):
        r = demo.client.get(f"/appointments/{bad}", headers=demo.maria)
        assert r.status_code == 404 and _code(r) == "not_found"
    assert demo.client.get(f"/appointments/{ref}").status_code == 401


def test_calendar_file(demo: Demo) -> None:
    booked = demo.book(demo.maria, demo.maria_aid, demo.slots(demo.day())[0]["start"]).json()
    ref = booked["reference"]
    r = demo.client.get(f"/appointments/{ref}/calendar.ics", headers=demo.maria)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    assert f'filename="{ref}.ics"' in r.headers["content-disposition"]
    body = r.content
    assert ref.encode() in body and booked["reference_display"].encode() in body
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    utc = datetime.fromisoformat(booked["start"]).astimezone(ZoneInfo("UTC"))
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z".encode() in body
    for headers, path in ((demo.john, ref), (demo.maria, "BAD-REF"), (demo.maria, "ZZZZZZZZ")):
        r = demo.client.get(f"/appointments/{path}/calendar.ics", headers=headers)
        assert r.status_code == 404 and _code(r) == "not_found"


# ---------------------------------------------------------------- reschedule, cancel


def test_reschedule_twice_then_limit(demo: Demo) -> None:
    day = demo.day()
    starts = [s["start"] for s in demo.slots(day)]
    ref = demo.book(demo.maria, demo.maria_aid, starts[0]).json()["reference"]
    url = f"/appointments/{ref}/reschedule"
    r = demo.client.post(url, json={"start": starts[0]}, headers=demo.maria)
    assert r.status_code == 422 and _code(r) == "same_slot"
    left = []
    for start in starts[1:3]:
        r = demo.client.post(url, json={"start": start}, headers=demo.maria)
        assert r.status_code == 200, r.text
        assert r.json()["start"] == start and r.json()["reference"] == ref
        left.append(r.json()["reschedules_left"])
    assert left == [1, 0]
    full = demo.slots(day)
    assert [s["available"] for s in full[:3]] == [full[0]["capacity"], full[1]["capacity"],
                                                 full[2]["capacity"] - 1]
    r = demo.client.post(url, json={"start": starts[3]}, headers=demo.maria)
    assert r.status_code == 409 and _code(r) == "reschedule_limit"
    assert "2" in r.json()["detail"]["message"]
    changed = [m for m in read_outbox() if m["subject"] == "Appointment changed"]
    assert len(changed) == 4  # SMS and e-mail for each change


def test_reschedule_errors(demo: Demo) -> None:
    day = demo.day()
    starts = [s["start"] for s in demo.slots(day)]
    ref = demo.book(demo.maria, demo.maria_aid, starts[0]).json()["reference"]
    url = f"/appointments/{ref}/reschedule"
    r = demo.client.post(url, json={"start": starts[1]}, headers=demo.john)
    assert r.status_code == 404 and _code(r) == "not_found"
    r = demo.client.post(url, json={"start": starts[1].removesuffix("+08:00")},
                         headers=demo.maria)
    assert r.status_code == 422 and _code(r) == "invalid_input"
    off = (datetime.fromisoformat(starts[1]) + timedelta(minutes=5)).isoformat()
    r = demo.client.post(url, json={"start": off}, headers=demo.maria)
    assert r.status_code == 422 and _code(r) == "slot_not_found"
    r = demo.client.post("/appointments/ZZZZZZZZ/reschedule", json={"start": starts[1]},
                         headers=demo.maria)
    assert r.status_code == 404
    kept = demo.available(day, starts[0])
    demo.set_capacity(1)  # new counters (starts[1]) get one seat; starts[0] keeps its own
    assert demo.book(demo.john, demo.john_aid, starts[1]).status_code == 201
    r = demo.client.post(url, json={"start": starts[1]}, headers=demo.maria)
    assert r.status_code == 409 and _code(r) == "slot_full"
    assert demo.available(day, starts[0]) == kept  # Maria keeps her seat


def test_reschedule_to_another_center(demo: Demo) -> None:
    with Session(demo.engine) as s:
        other = s.exec(select(CenterService.center_id).where(
            CenterService.service_code == ServiceCode.visa_extension,
            CenterService.center_id != demo.cid)).first()
    assert other is not None
    ref = demo.book(demo.maria, demo.maria_aid, demo.slots(demo.day())[0]["start"]).json()[
        "reference"]
    target_day = demo.days(other)[-1]["date"]
    target = demo.slots(target_day, other)[0]["start"]
    r = demo.client.post(f"/appointments/{ref}/reschedule",
                         json={"start": target, "center_id": other}, headers=demo.maria)
    assert r.status_code == 200, r.text
    assert r.json()["center_id"] == other and r.json()["start"] == target


def test_cancel_frees_the_seat_at_once(demo: Demo) -> None:
    day = demo.day()
    start = demo.slots(day)[0]["start"]
    capacity = demo.slots(day)[0]["capacity"]
    ref = demo.book(demo.maria, demo.maria_aid, start).json()["reference"]
    assert demo.available(day, start) == capacity - 1
    r = demo.client.post(f"/appointments/{ref}/cancel", headers=demo.john)
    assert r.status_code == 404 and _code(r) == "not_found"
    r = demo.client.post(f"/appointments/{ref}/cancel", headers=demo.maria)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert demo.available(day, start) == capacity
    again = demo.client.post(f"/appointments/{ref}/cancel", headers=demo.maria)
    assert again.status_code == 409 and _code(again) == "not_active"
    r = demo.client.post(f"/appointments/{ref}/reschedule", json={"start": start},
                         headers=demo.maria)
    assert r.status_code == 409 and _code(r) == "not_active"
    assert demo.book(demo.maria, demo.maria_aid, start).status_code == 201
    listed = demo.client.get(f"/applicants/{demo.maria_aid}/appointments",
                             headers=demo.maria).json()
    assert sorted(a["status"] for a in listed) == ["booked", "cancelled"]


def test_no_change_within_24_hours(demo: Demo) -> None:
    starts = [s["start"] for s in demo.slots(demo.day())]
    ref = demo.book(demo.maria, demo.maria_aid, starts[0]).json()["reference"]
    with Session(demo.engine) as s:  # the visit is now only a few hours away
        a = s.exec(select(Appointment).where(Appointment.reference == ref)).one()
        a.start, a.end = utcnow() + timedelta(hours=3), utcnow() + timedelta(hours=3, minutes=30)
        s.add(a)
        s.commit()
    for path, body in (("cancel", None), ("reschedule", {"start": starts[1]})):
        r = demo.client.post(f"/appointments/{ref}/{path}", json=body, headers=demo.maria)
        assert r.status_code == 409 and _code(r) == "too_late_to_change"
        assert "24" in r.json()["detail"]["message"]
