"""The harness itself: clicks, typing, navigation and crashes behave as in a browser."""

from __future__ import annotations

import flet as ft
import pytest

from tests.app.flet_harness import async_test, rendered


@ft.component
def Counter() -> ft.Control:
    count, set_count = ft.use_state(0)
    name, set_name = ft.use_state("")
    page = ft.context.page

    def boom() -> None:
        raise ValueError("kaboom")

    return ft.Column(
        [
            ft.Text(f"count={count} name={name}"),
            ft.Button("Plus", key="plus", on_click=lambda: set_count(count + 1)),
            ft.Button("Plus (event)", on_click=lambda e: set_count(count + 1)),
            ft.TextField(key="name", value=name, on_change=lambda e: set_name(e.control.value)),
            ft.Button("Away", key="away", on_click=lambda: page.navigate("/away")),
            ft.Button("Boom", key="boom", on_click=boom),
        ]
    )


async def counter_main(page: ft.Page) -> None:
    page.render(Counter)


@async_test
async def test_clicks_and_typing_rerender() -> None:
    async with rendered(counter_main) as ui:
        await ui.click("plus")
        await ui.click("Plus (event)")
        await ui.type("name", "Ana")
        assert "count=2 name=Ana" in ui.texts()


@async_test
async def test_navigate_changes_the_route_like_the_client() -> None:
    async with rendered(counter_main, "/start") as ui:
        await ui.click("away")
        assert ui.navigations == ["/away"]
        assert ui.route == "/away"


@async_test
async def test_exception_in_a_handler_fails_the_test() -> None:
    async with rendered(counter_main) as ui:
        with pytest.raises(AssertionError, match="kaboom"):
            await ui.click("boom")
