"""The kiosk tablet rendered without a browser, against the real API on the demo data:
language choice, the menu, check-in with the queue number, refusals, and the reset after
inactivity (or Finish) that leaves nothing of one person for the next."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.config import get_settings
from backend.data.center_day import KIOSK_REFERENCE, NEXT_DAY_REFERENCE
from backend.data.people import DEMO_PASSWORD
from backend.models import Account, AuthSession
from backend.services.references import display
from tests.app.flet_harness import RenderedApp, async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")

KIOSK = "/kiosk/1"  # the Beijing reception hall, the first center of the sample data


@pytest.fixture
def short_idle_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kiosks warn after 3 idle seconds and reset after 6 (the other tests keep 60 and 90,
    so that a slow machine never resets them midway)."""
    monkeypatch.setenv("KIOSK_WARN_SECONDS", "3")
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "6")
    get_settings.cache_clear()


async def wait_until(ui: RenderedApp, check: Callable[[], bool], what: str,
                     seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.02)):
        await ui.settle()
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}; route {ui.route}, texts {ui.texts()}")


async def start(ui: RenderedApp, lang: str = "en") -> None:
    await wait_until(ui, lambda: ui.has_key(f"lang-{lang}"), "the language buttons")
    await ui.click(f"lang-{lang}")
    await wait_until(ui, lambda: ui.has_key("kiosk-check-in"), "the kiosk menu")


async def check_in(ui: RenderedApp, reference: str) -> None:
    await ui.click("kiosk-check-in")
    await wait_until(ui, lambda: any(k.startswith("reference-") for k in _keys(ui)),
                     "the reference field")
    key = next(k for k in _keys(ui) if k.startswith("reference-"))
    await ui.type(key, reference)
    await ui.submit(key)  # a scanner ends with Enter


def _keys(ui: RenderedApp) -> list[str]:
    out = []
    for c in ui.controls():
        key = getattr(c, "key", None)
        key = getattr(key, "value", key)
        if isinstance(key, str):
            out.append(key)
    return out


@async_test
async def test_start_screen_offers_the_languages_in_their_own_words() -> None:
    async with rendered_app(KIOSK) as ui:
        await wait_until(ui, lambda: ui.has_key("lang-zh"), "the language buttons")
        assert ui.state.kiosk is not None and ui.state.kiosk.center_id == 1
        texts = ui.texts()
        assert "简体中文" in texts and "English" in texts
        assert "Welcome. Please choose your language." in texts
        assert ui.find_all(key="kiosk-finish") == []  # nothing to finish yet
        await ui.click("lang-zh")
        await wait_until(ui, lambda: ui.has_key("kiosk-check-in"), "the kiosk menu")
        assert ui.route == "/kiosk/1/menu" and ui.state.lang == "zh"
        assert ui.has_key("kiosk-finish")
        for key in ("tile-kiosk-guides", "tile-kiosk-center", "tile-kiosk-inquiry",
                    "tile-kiosk-verify", "tile-kiosk-signin"):
            assert ui.has_key(key), key


@async_test
async def test_check_in_by_scanned_reference_shows_the_queue_number() -> None:
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await check_in(ui, KIOSK_REFERENCE)
        await wait_until(ui, lambda: ui.has_key("queue-number"), "the queue number")
        number = ui.find_by_key("queue-number")
        assert ui.texts(number) == ["A002"]
        text = number.content  # type: ignore[attr-defined]
        assert text.size >= 120 and text.semantics_label == "Your number is A 0 0 2"
        assert "Hans" not in " ".join(ui.texts())  # no personal data on the shared screen
        await ui.click("done")
        await wait_until(ui, lambda: ui.route == KIOSK, "the start screen")


@async_test
async def test_a_scan_that_reaches_no_field_still_checks_in() -> None:
    """The scanner types and presses Enter while nothing has the focus (the web engine does
    not always give the field the focus): the page reads the keys, shows them, and checks in."""
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await ui.click("kiosk-check-in")
        await wait_until(ui, lambda: ui.has_key("reference-0"), "the reference field")
        for key in display(KIOSK_REFERENCE).lower():
            await ui.press_key(key)
        assert ui.field("reference-0").value == display(KIOSK_REFERENCE)
        await ui.press_key("Backspace")
        await ui.press_key(display(KIOSK_REFERENCE)[-1])
        await ui.press_key("Enter")
        await wait_until(ui, lambda: ui.has_key("queue-number"), "the queue number")
        assert ui.texts(ui.find_by_key("queue-number")) == ["A002"]


@async_test
async def test_a_field_that_stops_taking_keys_mid_scan_still_checks_in() -> None:
    """The field has the focus and takes the first keys, then the web engine stops giving it
    the rest (and its Enter): what the page heard is sent, from where the field stopped."""
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await ui.click("kiosk-check-in")
        await wait_until(ui, lambda: ui.has_key("reference-0"), "the reference field")
        await ui._event(ui.field("reference-0"), "focus")
        reference = display(KIOSK_REFERENCE)
        for n, key in enumerate(reference):
            await ui.press_key(key)  # the page hears each key first, then the field takes it
            if n < 3:
                await ui.type("reference-0", reference[: n + 1])
        await ui.press_key("Enter")
        await wait_until(ui, lambda: ui.has_key("queue-number"), "the queue number")


@async_test
async def test_wrong_day_and_unknown_reference_are_explained() -> None:
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await check_in(ui, NEXT_DAY_REFERENCE)
        await wait_until(ui, lambda: ui.has_key("form-error"), "the refusal")
        assert "This appointment is not today" in " ".join(ui.texts("form-error"))
        key = next(k for k in _keys(ui) if k.startswith("reference-"))
        await ui.type(key, "NOT-A-REF")
        await ui.click("check-in")
        await wait_until(ui, lambda: bool(ui.field(next(
            k for k in _keys(ui) if k.startswith("reference-"))).error), "the field error")
        field = ui.field(next(k for k in _keys(ui) if k.startswith("reference-")))
        assert "cannot find an appointment" in str(field.error)


@async_test
async def test_wrong_center_names_the_right_one_in_chinese() -> None:
    async with rendered_app("/kiosk/2") as ui:
        await start(ui, "zh")
        await check_in(ui, KIOSK_REFERENCE)
        await wait_until(ui, lambda: ui.has_key("form-error"), "the refusal")
        assert "北京市公安局出入境管理局" in " ".join(ui.texts("form-error"))


async def sign_in_at_kiosk(ui: RenderedApp) -> None:
    await ui.click("tile-kiosk-signin")
    await ui.type("email", "olivia@example.com")
    await ui.type("password", DEMO_PASSWORD)
    await ui.click("submit")
    await wait_until(ui, lambda: ui.has_key("tile-kiosk-appointments"), "the signed-in menu")


@pytest.mark.usefixtures("short_idle_times")
@async_test
async def test_inactivity_warns_then_clears_everything(in_process_api: Engine) -> None:
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await sign_in_at_kiosk(ui)
        await ui.click("tile-kiosk-appointments")
        await wait_until(ui, lambda: "Olivia Brown" in " ".join(ui.texts()) or
                         ui.has_key(f"appointment-{NEXT_DAY_REFERENCE}"), "her appointments")
        # Three idle seconds: the warning, and more time keeps everything.
        await wait_until(ui, lambda: ui.has_key("more-time"), "the idle warning", seconds=8)
        assert "cleared in" in " ".join(ui.texts("idle-countdown"))
        await ui.click("more-time")
        assert not ui.has_key("more-time") and ui.state.signed_in
        # Then nobody: the full reset.
        await wait_until(ui, lambda: ui.route == KIOSK and not ui.state.signed_in,
                         "the reset", seconds=12)
        state = ui.state
        assert state.me is None and state.api.token is None and state.lang == "en"
        assert state.booking.changing is None and state.selected_applicant_id is None
        with Session(in_process_api) as s:
            olivia = s.exec(select(Account).where(Account.email == "olivia@example.com")).one()
            sessions = s.exec(select(AuthSession).where(
                AuthSession.account_id == olivia.id)).all()
            assert sessions and all(x.revoked_at is not None for x in sessions)
        assert "nobody used it" in " ".join(ui.texts())
        # Going back shows only the start screen.
        await ui.go("/appointments")
        await wait_until(ui, lambda: ui.route == KIOSK, "the start screen again")
        assert not any("Olivia" in t or NEXT_DAY_REFERENCE[:4] in t for t in ui.texts())


@pytest.mark.usefixtures("short_idle_times")
@async_test
async def test_typing_counts_as_activity() -> None:
    async with rendered_app(KIOSK) as ui:
        await start(ui)
        await ui.click("kiosk-check-in")
        for key in "K7QM2XA9" * 3:  # 7 s of slow typing, longer than the idle time
            await asyncio.sleep(0.3)
            await ui.press_key(key)
            assert not ui.has_key("more-time")
        assert ui.route == "/kiosk/1/check-in"
        # Without it, the warning comes.
        await wait_until(ui, lambda: ui.has_key("more-time"), "the idle warning", seconds=8)


@async_test
async def test_finish_at_once_after_sign_in() -> None:
    async with rendered_app(KIOSK) as ui:
        await start(ui, "zh")
        await sign_in_at_kiosk(ui)
        await ui.click("kiosk-finish")
        await wait_until(ui, lambda: ui.route == KIOSK, "the start screen")
        assert ui.state.me is None and ui.state.lang == "en"
        assert "Thank you" in " ".join(ui.texts())
