"""Passwords in the app: a common one is refused next to the field with the server's reason
(in the user's language); no composition rules; the field takes pasted text and can show
what was typed; a name with digits is refused next to its field."""

from __future__ import annotations

import pytest

from tests.app.flet_harness import async_test, rendered_app
from tests.app.test_register_verify import register

pytestmark = pytest.mark.usefixtures("sample_api")


@async_test
async def test_a_common_password_is_refused_next_to_the_field() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, password="Password1")
        error = ui.field("password").error
        assert error and "most common" in error
        assert ui.state.me is None and ui.navigations == []


@async_test
async def test_the_reason_is_in_chinese_in_chinese() -> None:
    async with rendered_app("/register?lang=zh") as ui:
        await register(ui, password="iloveyou1")
        error = ui.field("password").error
        assert error and "常见" in error


@async_test
async def test_no_composition_rules_any_long_enough_password_is_taken() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, password="only lower case words")
        assert ui.state.me is not None  # registered and signed in


@async_test
async def test_the_password_field_takes_paste_and_can_show_the_text() -> None:
    async with rendered_app("/register") as ui:
        field = ui.field("password")
        assert field.password
        # Paste needs the text selection and its menu; nothing here turns them off.
        assert field.enable_interactive_selection is not False
        assert not field.read_only and field.max_length is None
        # The named "Show password" button shows what was typed.
        await ui.click("password-show")
        assert ui.field("password").password is False


@async_test
async def test_a_name_with_digits_is_refused_next_to_the_field() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, name="Ana 2000")
        assert ui.field("full_name").error == (
            "Enter the name as in the passport: letters, spaces, ' and - only.")
        assert ui.state.me is None
