"""Booking an appointment in five steps, then finding, changing and cancelling it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import flet as ft
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.api_client import ApiClient
from backend.data.people import DEMO_PASSWORD
from backend.models import ServiceCode, SlotCounter
from backend.services import booking as booking_service
from backend.services import slots as slots_service
from tests.app.flet_harness import RenderedApp, async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")

MARIA = "maria@example.com"
SERVICE = "residence_permit"


async def wait_until(ui: RenderedApp, check: Callable[[], bool], what: str) -> None:
    """Wait for data a screen loads when it opens (its effect calls the API)."""
    for _ in range(200):
        await ui.settle()
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}; route {ui.route}, texts {ui.texts()}")


def keys_starting(ui: RenderedApp, prefix: str) -> list[str]:
    found = []
    for c in ui.controls():
        key = getattr(c, "key", None)
        key = getattr(key, "value", key)
        if isinstance(key, str) and key.startswith(prefix) and not getattr(c, "disabled", False):
            found.append(key)
    return found


async def wait_for_choices(ui: RenderedApp, prefix: str) -> list[str]:
    await wait_until(ui, lambda: bool(keys_starting(ui, prefix)), f"{prefix}* buttons")
    return keys_starting(ui, prefix)


async def sign_in(ui: RenderedApp, email: str = MARIA, password: str = DEMO_PASSWORD) -> None:
    await ui.go("/signin")
    await ui.type("email", email)
    await ui.type("password", password)
    await ui.click("submit")
    assert ui.state.signed_in


def step(ui: RenderedApp) -> str:
    return " ".join(ui.texts("step"))


def step_numbers(ui: RenderedApp) -> list[int]:
    """The numbers of "Step 2 of 5" in any language."""
    return [int(n) for n in re.findall(r"\d+", step(ui))]


def past_the_limit(days: list[str]) -> int:
    """The first offered day at least two days ahead (Shanghai time): what is booked on it
    can still be changed and cancelled online (tomorrow's first times cannot, from 9:00)."""
    soonest = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=2)
    return next(i for i, key in enumerate(days)
                if date.fromisoformat(key.removeprefix("day-")) >= soonest)


async def walk_to_review(ui: RenderedApp, *, day_index: int | None = None) -> None:
    """Steps 1 to 4: the residence permit, the first center, a day (by default the first past
    the change limit), its first time."""
    await ui.go("/book")
    await wait_for_choices(ui, "service-")
    assert step_numbers(ui) == [1, 5]
    await ui.click(f"service-{SERVICE}")
    assert ui.route == "/book/center"
    centers = await wait_for_choices(ui, "center-")
    assert step_numbers(ui) == [2, 5]
    await ui.click(centers[0])
    assert ui.route == "/book/day"
    days = await wait_for_choices(ui, "day-")
    assert step_numbers(ui) == [3, 5]
    await ui.click(days[past_the_limit(days) if day_index is None else day_index])
    assert ui.route == "/book/time"
    times = await wait_for_choices(ui, "slot-")
    assert step_numbers(ui) == [4, 5]
    await ui.click(times[0])
    assert ui.route == "/book/review"
    assert step_numbers(ui) == [5, 5]


async def book_one(ui: RenderedApp) -> str:
    await walk_to_review(ui)
    await ui.click("book")
    assert ui.route == "/book/done"
    confirmed = ui.state.booking.confirmed
    assert confirmed is not None
    return str(confirmed["reference"])


@async_test
async def test_book_from_service_to_confirmation() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        await walk_to_review(ui)
        review = ui.texts()
        assert "Maria Garcia" in review
        assert "Residence permit" in review
        assert any(":" in t and len(t) == 5 for t in ui.texts("review-time"))  # "09:00"
        await ui.click("book")
        assert ui.route == "/book/done"
        appointment = ui.state.booking.confirmed
        assert appointment is not None
        assert ui.texts("reference") == [appointment["reference_display"]]
        qr = ui.find(ft.Image)
        assert isinstance(qr.src, bytes) and qr.src.startswith(b"\x89PNG")
        assert ui.has_key("what-to-bring")
        assert ui.has_key("call")
        await ui.click("call")
        assert ui.invoked("launch_url")[-1]["url"] == f"tel:{appointment['center_phone']}"
        await ui.click("add-to-calendar")
        saved = ui.invoked("save_file")[-1]
        assert saved["file_name"] == f"{appointment['reference']}.ics"
        assert saved["src_bytes"].startswith(b"BEGIN:VCALENDAR")
        await ui.click("to-appointments")
        assert ui.route == "/appointments"
        await wait_until(ui, lambda: ui.has_key(f"appointment-{appointment['reference']}"),
                         "the new appointment in the list")
        card = ui.texts(f"appointment-{appointment['reference']}")
        assert appointment["reference_display"] in card
        assert "Booked" in card


@async_test
async def test_home_tile_leads_to_booking() -> None:
    async with rendered_app("/") as ui:
        await ui.click("tile-book")
        assert ui.route == "/book"


@async_test
async def test_signed_out_user_is_asked_to_sign_in() -> None:
    async with rendered_app("/book") as ui:
        assert ui.has_key("signin-needed")
        await ui.click("to-signin")
        assert ui.route == "/signin"
        await ui.go("/appointments")
        assert ui.has_key("signin-needed")


@async_test
async def test_unverified_user_is_asked_to_verify() -> None:
    client = ApiClient()
    await client.register(email="new@example.com", password="a long passphrase",
                          full_name="New Person")
    await client.aclose()
    async with rendered_app("/") as ui:
        await sign_in(ui, "new@example.com", "a long passphrase")
        await ui.go("/book")
        assert ui.has_key("verify-needed")
        await ui.click("to-verify")
        assert ui.route == "/verify"


@async_test
async def test_step_opened_without_earlier_choices_offers_to_start_again() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        await ui.go("/book/time")
        assert ui.has_key("start-again")
        await ui.click("restart")
        assert ui.route == "/book"


def fill_slot(engine: Engine, center_id: int, start: str) -> None:
    """Every remaining seat of the slot is taken (as if other people booked them)."""
    utc = datetime.fromisoformat(start)
    with Session(engine) as session:
        o = slots_service.offer(session=session, center_id=center_id,
                                service=ServiceCode(SERVICE))
        booking_service._ensure_counter(session, o, utc)
        session.execute(
            update(SlotCounter)
            .where(col(SlotCounter.center_id) == center_id, col(SlotCounter.start) == utc)
            .values(booked=SlotCounter.capacity)
        )
        session.commit()


@async_test
async def test_time_taken_meanwhile_shows_why_and_other_times(sample_api: Engine) -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        await walk_to_review(ui)
        draft = ui.state.booking
        assert draft.center and draft.slot
        # Another person books the same time through the API, then the rest fills up.
        john = ApiClient()
        await john.login(email="john@example.com", password=DEMO_PASSWORD)
        me = await john.me()
        await john.book(me["applicant"]["id"], service=SERVICE, center_id=draft.center["id"],
                        start=draft.slot["start"])
        await john.aclose()
        fill_slot(sample_api, draft.center["id"], draft.slot["start"])
        taken_key = f"slot-{datetime.fromisoformat(draft.slot['start']).strftime('%H%M')}"
        await ui.click("book")
        assert ui.route == "/book/time"
        assert ui.texts("slot-problem") == [
            "This time has just been taken. Please choose another time."]
        others = await wait_for_choices(ui, "slot-")
        assert taken_key not in others and others
        await ui.click(others[0])
        await ui.click("book")
        assert ui.route == "/book/done"


@async_test
async def test_time_taken_message_in_chinese(sample_api: Engine) -> None:
    async with rendered_app("/?lang=zh") as ui:
        await sign_in(ui)
        await walk_to_review(ui)
        draft = ui.state.booking
        assert draft.center and draft.slot
        fill_slot(sample_api, draft.center["id"], draft.slot["start"])
        await ui.click("book")
        problem = " ".join(ui.texts("slot-problem"))
        assert problem and "This time" not in problem
        assert ui.route == "/book/time"


@async_test
async def test_day_list_in_chinese_uses_chinese_dates() -> None:
    async with rendered_app("/?lang=zh") as ui:
        await sign_in(ui)
        await ui.go("/book")
        await wait_for_choices(ui, "service-")
        assert step(ui) == "第 1 步，共 5 步"
        await ui.click(f"service-{SERVICE}")
        centers = await wait_for_choices(ui, "center-")
        await ui.click(centers[0])
        days = await wait_for_choices(ui, "day-")
        day_texts = ui.texts(ui.find_by_key(days[0]))
        assert any("月" in t and "日" in t and "星期" in t for t in day_texts), day_texts
        assert not any("Monday" in t or "places" in t for t in day_texts)


@async_test
async def test_reschedule_then_cancel() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        ref = await book_one(ui)
        first = ui.state.booking.confirmed
        assert first is not None
        await ui.go("/appointments")
        await wait_until(ui, lambda: ui.has_key(f"change-{ref}"), "the change button")
        assert "Changes of time left: 2" in ui.texts(f"appointment-{ref}")
        await ui.click(f"change-{ref}")
        assert ui.route == f"/appointments/{ref}/day"
        days = await wait_for_choices(ui, "day-")
        assert step(ui) == "Step 1 of 3"
        await ui.click(days[1])
        times = await wait_for_choices(ui, "slot-")
        assert step(ui) == "Step 2 of 3"
        await ui.click(times[-1])
        assert ui.route == f"/appointments/{ref}/review"
        assert step(ui) == "Step 3 of 3"
        await ui.click("confirm-change")
        assert ui.route == "/appointments"
        assert ui.has_key("notice")
        await wait_until(ui, lambda: ui.has_key(f"appointment-{ref}"), "the moved appointment")
        assert "Changes of time left: 1" in ui.texts(f"appointment-{ref}")
        # Cancel: a question first; "No, keep it" keeps it.
        await ui.click(f"cancel-{ref}")
        assert ui.route == f"/appointments/{ref}/cancel"
        await wait_until(ui, lambda: ui.has_key("confirm-cancel"), "the cancel question")
        assert "Cancel this appointment?" in ui.texts()
        await ui.click("keep")
        assert ui.route == "/appointments"
        await wait_until(ui, lambda: ui.has_key(f"cancel-{ref}"), "the cancel button")
        await ui.click(f"cancel-{ref}")
        await wait_until(ui, lambda: ui.has_key("confirm-cancel"), "the cancel question")
        await ui.click("confirm-cancel")
        assert ui.route == "/appointments"
        await wait_until(ui, lambda: ui.has_key("past"), "the past section")
        card = ui.texts(f"appointment-{ref}")
        assert "Cancelled" in card
        assert not ui.has_key(f"change-{ref}") and not ui.has_key(f"cancel-{ref}")
        assert ui.has_key("no-upcoming")


@async_test
async def test_changing_the_time_does_not_offer_the_current_time() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        ref = await book_one(ui)
        confirmed = ui.state.booking.confirmed
        assert confirmed is not None
        start = datetime.fromisoformat(confirmed["start"])  # center time, with its offset
        await ui.go(f"/appointments/{ref}/day")
        await wait_for_choices(ui, "day-")
        await ui.click(f"day-{start.date().isoformat()}")
        times = await wait_for_choices(ui, "slot-")
        assert f"slot-{start.strftime('%H%M')}" not in times
        assert times, "the other times of that day are offered"


@async_test
async def test_second_booking_for_the_same_service_is_refused_in_words() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        await book_one(ui)
        await walk_to_review(ui, day_index=1)
        await ui.click("book")
        assert ui.route == "/book/review"
        assert ui.texts("form-error") == [
            "There is already an appointment for this service. Change or cancel it instead."]
        assert ui.has_key("to-appointments")
