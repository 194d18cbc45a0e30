"""A tap changes the screen without waiting for the browser (app/navigation.py); the
browser's own route changes (Back, an address typed in) still change it."""

from __future__ import annotations

import pytest
from flet.messaging.protocol import MessageAction

from tests.app.flet_harness import RenderedApp, async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")


def _patches(ui: RenderedApp) -> int:
    return sum(m.action == MessageAction.PATCH_CONTROL for m in ui.connection.messages)


def _on_sign_in(ui: RenderedApp) -> bool:
    return ui.has_key("email")


def _hold_answers(ui: RenderedApp) -> list[str]:
    """From now on the browser answers no route push (a slow network): they wait here."""
    held: list[str] = []
    ui.connection.held_routes = held
    return held


@async_test
async def test_a_tap_shows_the_next_screen_before_the_browser_answers() -> None:
    async with rendered_app("/") as ui:
        held = _hold_answers(ui)
        await ui.click("top-signin")
        assert _on_sign_in(ui)
        assert ui.route == "/signin"
        assert ui.navigations == ["/signin"] and held == ["/signin"]  # the address, still
        # The browser's answer comes: recognised, and the screen is not rendered again.
        patches = _patches(ui)
        ui.connection.held_routes = None
        await ui.go(held.pop())
        assert _on_sign_in(ui)
        assert _patches(ui) == patches


@async_test
async def test_back_in_the_browser_still_changes_the_screen() -> None:
    async with rendered_app("/") as ui:
        await ui.click("top-signin")
        assert _on_sign_in(ui)
        await ui.go("/")  # Back
        assert not _on_sign_in(ui) and ui.has_key("top-signin")
        await ui.go("/signin")  # Forward
        assert _on_sign_in(ui)
        await ui.click("back")
        assert not _on_sign_in(ui)


@async_test
async def test_taps_faster_than_the_browser_answers_end_on_the_last_screen() -> None:
    async with rendered_app("/") as ui:
        held = _hold_answers(ui)
        await ui.click("top-signin")
        await ui.click("back")
        assert held == ["/signin", "/"] and ui.has_key("top-signin")
        ui.connection.held_routes = None
        for route in held:  # the answers, late and in order, take nobody back
            await ui.go(route)
            assert ui.has_key("top-signin") and not _on_sign_in(ui)


@async_test
async def test_an_answer_written_otherwise_is_followed() -> None:
    async with rendered_app("/") as ui:
        _hold_answers(ui)
        await ui.click("top-signin")
        ui.connection.held_routes = None
        # The browser reports another address than the one asked for: it is the truth.
        await ui.go("/")
        assert not _on_sign_in(ui)
        await ui.go("/signin")  # and nothing of ours is left to swallow this one
        assert _on_sign_in(ui)
