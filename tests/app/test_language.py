"""Switching the language re-renders the screen in place, keeping what was typed."""

from __future__ import annotations

import flet as ft
import pytest

from tests.app.flet_harness import async_test, rendered_app

pytestmark = pytest.mark.usefixtures("in_process_api")


@async_test
async def test_set_language_rerenders_home_in_chinese() -> None:
    async with rendered_app("/") as ui:
        assert "Book an appointment" in ui.texts()
        ui.state.set_language("zh")
        await ui.settle()
        texts = ui.texts()
        assert "预约办理" in texts
        assert "Book an appointment" not in texts
        assert "移民管理服务" in texts
        assert ui.page.title == "移民管理服务"
        assert ui.page.locale_configuration.current_locale.language_code == "zh"
        assert ui.state.api.lang == "zh"

        ui.state.set_language("en")
        await ui.settle()
        assert "Book an appointment" in ui.texts()
        assert ui.page.locale_configuration.current_locale.language_code == "en"


@async_test
async def test_unsupported_language_falls_back_to_english() -> None:
    async with rendered_app("/?lang=xx") as ui:
        assert ui.state.lang == "en"
        assert "Book an appointment" in ui.texts()


@async_test
async def test_language_menu_switches_and_keeps_typed_values_and_errors_current() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", "someone@example.com")
        await ui.click("submit")
        assert ui.field("password").error == "Enter your password."

        menu = ui.find(ft.PopupMenuButton, key="language-menu")
        assert [i.checked for i in menu.items] == [True, False]
        await ui.click("简体中文")
        assert ui.state.lang == "zh"
        assert ui.field("email").label == "电子邮箱"
        assert ui.field("email").value == "someone@example.com"  # what was typed stays
        assert ui.find(ft.PopupMenuButton, key="language-menu").tooltip == "语言"
        assert [i.checked for i in ui.find(ft.PopupMenuButton, key="language-menu").items] == [
            False,
            True,
        ]
