"""The staff console rendered without a browser, against the real API on the demo data:
the day at the Beijing center, the queue, closures, capacity and timeline steps; an officer
of another center sees a refusal and nothing of Beijing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.data.center_day import (
    KIOSK_REFERENCE,
    NEXT_DAY_REFERENCE,
    SERVED_REFERENCE,
    WAITING_REFERENCE,
)
from backend.data.people import DEMO_PASSWORD
from backend.models import Account, Appointment, Person, ServiceCode, utcnow
from backend.services import booking, slots
from tests.app.flet_harness import RenderedApp, async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")
BEIJING_STAFF, SHANGHAI_STAFF = "staff.beijing@example.com", "staff.shanghai@example.com"


async def wait_until(ui: RenderedApp, check: Callable[[], bool], what: str) -> None:
    for _ in range(250):
        await ui.settle()
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}; route {ui.route}, texts {ui.texts()}")


async def sign_in(ui: RenderedApp, email: str) -> None:
    await ui.go("/signin")
    await ui.type("email", email)
    await ui.type("password", DEMO_PASSWORD)
    await ui.click("submit")
    assert ui.state.signed_in


def row_text(ui: RenderedApp, reference: str) -> str:
    return " ".join(ui.texts(f"day-{reference}"))


@async_test
async def test_only_staff_see_the_console() -> None:
    async with rendered_app("/staff") as ui:
        await wait_until(ui, lambda: ui.has_key("signin-needed"), "the sign-in request")
        await sign_in(ui, "maria@example.com")
        assert not ui.has_key("to-staff")
        await ui.go("/staff/centers/1")
        await wait_until(ui, lambda: ui.has_key("staff-only"), "the refusal")
        assert "Priya" not in " ".join(ui.texts())


@async_test
async def test_the_day_and_the_queue() -> None:
    async with rendered_app() as ui:
        await sign_in(ui, BEIJING_STAFF)
        await ui.click("to-staff")
        await wait_until(ui, lambda: ui.has_key(f"day-{WAITING_REFERENCE}"), "the day")
        assert ui.route == "/staff/centers/1"
        assert "Checked in" in row_text(ui, WAITING_REFERENCE)
        assert "E001" in row_text(ui, WAITING_REFERENCE)
        assert "Served" in row_text(ui, SERVED_REFERENCE)
        assert "Booked" in row_text(ui, KIOSK_REFERENCE)
        assert not ui.has_key(f"day-{NEXT_DAY_REFERENCE}")
        assert "Waiting: 1" in ui.texts("waiting")
        await ui.click("call-next")
        await wait_until(ui, lambda: ui.has_key(f"called-{WAITING_REFERENCE}"), "the call")
        assert "Priya Sharma" in ui.texts(f"called-{WAITING_REFERENCE}")
        assert "Called" in row_text(ui, WAITING_REFERENCE)
        assert ui.find(key="call-next").disabled  # nobody else waits
        await ui.click(f"now-served-{WAITING_REFERENCE}")
        await wait_until(ui, lambda: ui.has_key("none-called"), "the counter free again")
        assert "Served" in row_text(ui, WAITING_REFERENCE)
        # Hans comes to the desk instead of the kiosk.
        await ui.type("desk-reference-0", KIOSK_REFERENCE.lower())
        await ui.click("desk-check-in")
        await wait_until(ui, lambda: "A002" in row_text(ui, KIOSK_REFERENCE), "his number")
        assert "Checked in" in row_text(ui, KIOSK_REFERENCE)
        await ui.type("desk-reference-1", "NOPE")
        await ui.submit("desk-reference-1")
        await wait_until(ui, lambda: bool(ui.field("desk-reference-1").error), "the error")
        assert "cannot find" in str(ui.field("desk-reference-1").error)


@async_test
async def test_staff_of_another_center_see_a_refusal_and_nothing_else() -> None:
    async with rendered_app() as ui:
        await sign_in(ui, SHANGHAI_STAFF)
        await ui.go("/staff")
        await wait_until(ui, lambda: ui.route.startswith("/staff/centers/"), "their center")
        assert ui.route != "/staff/centers/1"
        for path in ("/staff/centers/1", "/staff/centers/1/closures",
                     "/staff/centers/1/capacity"):
            await ui.go(path)
            await wait_until(ui, lambda: ui.has_key("form-error"), f"the refusal at {path}")
            shown = " ".join(ui.texts())
            assert "You work at another service center" in shown
            assert "Priya" not in shown and "Hans" not in shown
            assert not ui.has_key("capacity-visa_extension")


@async_test
async def test_a_closure_marks_the_appointment_and_its_applicant_sees_it(
    sample_api: Engine,
) -> None:
    with Session(sample_api) as s:
        olivia = s.exec(select(Appointment).where(
            Appointment.reference == NEXT_DAY_REFERENCE)).one()
        day = olivia.start.astimezone(ZoneInfo("Asia/Shanghai")).date()
    async with rendered_app() as ui:
        await sign_in(ui, BEIJING_STAFF)
        await ui.go("/staff/centers/1/closures")
        await wait_until(ui, lambda: ui.has_key("no-closures"), "no closures yet")
        await ui.type("first-0", day.isoformat())
        await ui.type("reason-0", "Water pipe repair")
        await ui.click("add-closure")
        await wait_until(ui, lambda: ui.has_key("closure-done"), "the closure")
        assert "Appointments marked: 1." in " ".join(ui.texts("closure-done"))
        assert "Water pipe repair" in " ".join(ui.texts())
        # A date in the past is refused next to the field.
        await ui.type("first-1", (day - timedelta(days=30)).isoformat())
        await ui.click("add-closure")
        await wait_until(ui, lambda: bool(ui.field("first-1").error), "the refusal")
        assert "before today" in str(ui.field("first-1").error)
    async with rendered_app() as ui:
        await sign_in(ui, "olivia@example.com")
        await ui.go("/appointments")
        await wait_until(ui, lambda: ui.has_key(f"closed-{NEXT_DAY_REFERENCE}"), "the warning")
        warning = " ".join(ui.texts(f"closed-{NEXT_DAY_REFERENCE}"))
        assert "closed at this time (Water pipe repair)" in warning
        assert "does not count against your changes" in warning
        assert "Choose another time" in ui.texts(f"change-{NEXT_DAY_REFERENCE}")


@async_test
async def test_capacity_cannot_go_below_what_is_booked(sample_api: Engine) -> None:
    with Session(sample_api, expire_on_commit=False) as s:
        o = slots.offer(session=s, center_id=1, service=ServiceCode.stay_permit)
        day = next(d.day for d in slots.availability(session=s, o=o, now=utcnow())
                   if d.available)
        start = slots.day_slots(session=s, o=o, day=day, now=utcnow())[0].start
        for email in ("maria@example.com", "john@example.com"):
            account = s.exec(select(Account).where(Account.email == email)).one()
            person = s.get(Person, account.person_id)
            assert person is not None
            booking.book(session=s, actor=account, person=person,
                         service=ServiceCode.stay_permit, center_id=1, start=start)
    async with rendered_app() as ui:
        await sign_in(ui, BEIJING_STAFF)
        await ui.go("/staff/centers/1/capacity")
        await wait_until(ui, lambda: ui.has_key("capacity-stay_permit"), "the capacity")
        assert ui.texts("capacity-stay_permit") == ["6 at once"]
        for _ in range(5):
            await ui.click("less-stay_permit")
        assert ui.texts("capacity-stay_permit") == ["1 at once"]
        await ui.click("save-stay_permit")
        await wait_until(ui, lambda: ui.has_key("capacity-error-stay_permit"), "the refusal")
        assert "2 people are already booked" in " ".join(
            ui.texts("capacity-error-stay_permit"))
        await ui.click("more-stay_permit")
        await ui.click("save-stay_permit")
        await wait_until(ui, lambda: ui.has_key("capacity-saved-stay_permit"), "saved")
        assert "Most booked at one time: 2." in " ".join(ui.texts())


@async_test
async def test_timeline_steps_from_the_console() -> None:
    async with rendered_app() as ui:
        await sign_in(ui, BEIJING_STAFF)
        await ui.go("/staff/applications")
        await ui.type("number", "bj2026-203117")
        await ui.click("find")
        await wait_until(ui, lambda: ui.has_key("add-step"), "John's application")
        assert "John Smith" in " ".join(ui.texts())
        await ui.click("step-more_materials")
        await ui.click("add")
        await wait_until(ui, lambda: bool(ui.field("note-0").error), "the note request")
        await ui.type("note-0", "Please bring the employer's letter.")
        await ui.click("add")
        await wait_until(ui, lambda: ui.has_key("step-added"), "the step")
        assert "Please bring the employer's letter." in " ".join(ui.texts())
        # Another center's application is refused.
        await ui.type("number", "SH2025-104382")
        await ui.click("find")
        await wait_until(ui, lambda: ui.has_key("form-error"), "the refusal")
        assert "another service center" in " ".join(ui.texts("form-error"))
