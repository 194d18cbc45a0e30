"""Sign in: field errors, a refused password, and success, in English and Chinese."""

from __future__ import annotations

import pytest

from backend.data.people import DEMO_PASSWORD
from tests.app.flet_harness import async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")

EMAIL = "maria@example.com"


@async_test
async def test_empty_form_shows_errors_next_to_the_fields() -> None:
    async with rendered_app("/signin") as ui:
        assert ui.field("email").error is None
        await ui.click("submit")
        assert ui.field("email").error == "Enter an e-mail address like name@example.com."
        assert ui.field("password").error == "Enter your password."
        assert not ui.has_key("form-error")
        assert ui.state.me is None
        assert ui.navigations == []


@async_test
async def test_empty_form_errors_are_in_chinese() -> None:
    async with rendered_app("/signin?lang=zh") as ui:
        await ui.click("submit")
        assert ui.field("password").error == "请输入密码。"
        email_error = ui.field("email").error
        assert email_error and "name@example.com" in email_error
        assert email_error != "Enter an e-mail address like name@example.com."
        assert ui.field("email").label == "电子邮箱"


@async_test
async def test_one_missing_field_keeps_the_other_clean() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", EMAIL)
        await ui.click("submit")
        assert ui.field("email").error is None
        assert ui.field("password").error == "Enter your password."
        assert ui.field("email").value == EMAIL


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The e-mail address or the password is not correct."),
        ("zh", "电子邮箱或密码不正确。"),
    ],
)
@async_test
async def test_wrong_password_shows_the_translated_form_error(lang: str, message: str) -> None:
    async with rendered_app(f"/signin?lang={lang}") as ui:
        await ui.type("email", EMAIL)
        await ui.type("password", "not-the-password")
        await ui.click("submit")
        assert ui.texts("form-error") == [message]
        assert ui.field("email").error is None
        assert ui.field("password").error is None
        assert ui.state.me is None
        assert not ui.state.signed_in
        assert ui.state.api.token is None
        assert ui.navigations == []
        assert ui.find_by_key("submit").disabled is False  # usable again after the refusal


@async_test
async def test_correct_password_signs_in_and_goes_home() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", EMAIL)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        assert ui.state.me is not None
        assert ui.state.me["account"]["email"] == EMAIL
        assert ui.state.signed_in
        assert ui.navigations == ["/"]
        assert ui.route == "/"
        assert "Signed in as Maria Garcia" in ui.texts()
        assert "Sign in" not in ui.texts()  # the top bar shows the account button instead


@async_test
async def test_enter_in_the_password_field_submits() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", f"  {EMAIL} ")
        await ui.type("password", DEMO_PASSWORD)
        await ui.submit("password")
        assert ui.state.me is not None
        assert ui.state.me["account"]["email"] == EMAIL


@async_test
async def test_sign_out_from_the_account_page() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", EMAIL)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/account")
        assert EMAIL in ui.texts()
        await ui.click("sign-out")
        assert ui.state.me is None
        assert ui.route == "/signin"
        assert ui.texts("notice") == ["You are signed out."]


@async_test
async def test_signed_out_notice_goes_when_leaving_the_screen() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", EMAIL)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/account")
        await ui.click("sign-out")
        assert ui.has_key("notice")
        await ui.go("/")
        assert ui.state.notice is None
        await ui.go("/signin")
        assert not ui.has_key("notice")
