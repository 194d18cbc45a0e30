"""Create an account, then verify the identity with the code sent by SMS (read from the outbox)."""

from __future__ import annotations

import pytest

from tests.app.flet_harness import RenderedApp, async_test, rendered_app
from tests.conftest import read_outbox

pytestmark = pytest.mark.usefixtures("sample_api")

PASSWORD = "a long enough passphrase"
YUKI = {
    "passport_no": "TK1234567",
    "nationality": "JP",
    "full_name": "Yuki Tanaka",
    "birth_date": "1995-04-12",
}


async def register(
    ui: RenderedApp,
    *,
    name: str = "Ana Lima",
    email: str = "ana@example.com",
    password: str = PASSWORD,
) -> None:
    await ui.type("full_name", name)
    await ui.type("email", email)
    await ui.type("password", password)
    await ui.click("submit")


async def fill_identity(ui: RenderedApp, **overrides: str) -> None:
    details = {**YUKI, **overrides}
    await ui.type("passport_no", details["passport_no"])
    await ui.select("nationality", details["nationality"])
    await ui.type("full_name", details["full_name"])
    await ui.type("birth_date", details["birth_date"])


def sms_codes() -> list[str]:
    return [m["code"] for m in read_outbox() if m.get("code")]


# ---------------------------------------------------------------- register


@async_test
async def test_short_password_is_refused_before_asking_the_api() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, password="short")
        assert ui.field("password").error == "Use at least 8 characters."
        assert ui.field("email").error is None
        assert ui.field("full_name").error is None
        assert ui.state.me is None
        assert ui.navigations == []


@async_test
async def test_empty_register_form_names_every_missing_field_in_chinese() -> None:
    async with rendered_app("/register?lang=zh") as ui:
        await ui.click("submit")
        assert ui.field("password").error == "请至少使用 8 个字符。"
        assert ui.field("full_name").error
        assert ui.field("email").error
        assert not any(
            (ui.field(k).error or "").isascii() for k in ("full_name", "email", "password")
        )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "An account with this e-mail address already exists."),
        ("zh", "该电子邮箱已注册账户。"),
    ],
)
@async_test
async def test_taken_email_shows_the_api_message_on_the_email_field(
    lang: str, message: str
) -> None:
    async with rendered_app(f"/register?lang={lang}") as ui:
        await register(ui, email="maria@example.com")
        assert ui.field("email").error == message
        assert ui.field("password").error is None
        assert not ui.has_key("form-error")
        assert ui.state.me is None
        assert ui.navigations == []


@async_test
async def test_valid_registration_signs_in_and_opens_verification() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, name="Ana Lima", email="ana@example.com")
        assert ui.state.me is not None
        assert ui.state.me["account"]["email"] == "ana@example.com"
        assert ui.state.me["account"]["full_name"] == "Ana Lima"
        assert not ui.state.verified
        assert ui.navigations == ["/verify"]
        assert "Verify your identity" in ui.texts()
        assert "Step 1 of 2" in ui.texts()


# ---------------------------------------------------------------- verify identity


@async_test
async def test_verify_page_asks_to_sign_in_first() -> None:
    async with rendered_app("/verify") as ui:
        assert "Please sign in." in ui.texts()
        assert not ui.find_all(key="passport_no")


@async_test
async def test_bad_birth_date_shows_the_field_error() -> None:
    async with rendered_app("/register") as ui:
        await register(ui)
        await fill_identity(ui, birth_date="1995-13-45")
        await ui.click("send-code")
        assert ui.field("birth_date").error == (
            "Enter the date as year-month-day, e.g. 1990-05-17."
        )
        assert ui.field("passport_no").error is None
        assert "Step 1 of 2" in ui.texts()
        assert sms_codes() == []


@async_test
async def test_details_of_nobody_in_the_records_are_refused() -> None:
    async with rendered_app("/register") as ui:
        await register(ui)
        await fill_identity(ui, passport_no="XX0000000")
        await ui.click("send-code")
        assert ui.texts("form-error") == [
            "We could not find a person with these details. Check them against your passport."
        ]
        assert "Step 1 of 2" in ui.texts()
        assert sms_codes() == []


@async_test
async def test_yuki_verifies_with_the_code_from_the_sms() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, name="Yuki Tanaka", email="yuki@example.com")
        assert ui.route == "/verify"

        await fill_identity(ui, birth_date="1995/4/12")  # the forms people type are accepted
        await ui.click("send-code")
        assert "Step 2 of 2" in ui.texts()
        assert ui.state.pending_code_to
        assert "0006" in ui.state.pending_code_to  # only the end of the phone number is shown
        assert any(ui.state.pending_code_to in t for t in ui.texts("code-sent"))
        codes = sms_codes()
        assert len(codes) == 1 and len(codes[0]) == 6
        code = codes[0]

        await ui.type("code", "12345")
        await ui.click("confirm")
        assert ui.field("code").error == "Enter the 6 digits of the code."

        wrong = "000000" if code != "000000" else "111111"
        await ui.type("code", wrong)
        await ui.click("confirm")
        assert ui.field("code").error == "This code is not correct. 4 tries left."
        assert not ui.state.verified

        await ui.type("code", code)
        await ui.click("confirm")
        assert ui.state.verified
        assert ui.state.me is not None
        assert ui.state.me["applicant"]["full_name"] == "Yuki Tanaka"
        assert ui.state.pending_code_to is None
        assert ui.navigations[-1] == "/account"
        assert ui.route == "/account"
        assert ui.texts("notice") == ["Your identity is verified."]
        assert ui.texts("verified") == ["Identity verified: Yuki Tanaka"]


@async_test
async def test_wrong_code_message_is_translated() -> None:
    async with rendered_app("/register?lang=zh") as ui:
        await register(ui, email="yuki@example.com")
        await fill_identity(ui)
        await ui.click("send-code")
        [code] = sms_codes()
        await ui.type("code", "000000" if code != "000000" else "111111")
        await ui.click("confirm")
        assert ui.field("code").error == "验证码不正确。还可尝试 4 次。"


@async_test
async def test_back_to_details_returns_to_step_one() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, email="yuki@example.com")
        await fill_identity(ui)
        await ui.click("send-code")
        assert "Step 2 of 2" in ui.texts()
        await ui.click("back-to-details")
        assert "Step 1 of 2" in ui.texts()
        assert ui.field("passport_no").value == "TK1234567"


@async_test
async def test_a_session_ended_by_the_server_signs_the_app_out() -> None:
    async with rendered_app("/register") as ui:
        await register(ui, email="late@example.com")
        await ui.state.api.logout()  # as if the server had expired the session
        ui.state.api.token = "no-longer-valid"
        await fill_identity(ui)
        await ui.click("send-code")
        assert ui.state.me is None
        assert "Please sign in" in " ".join(ui.texts())
        assert sms_codes() == []
