"""A newcomer's first visit: Chinese, register, verify identity with the SMS code, sign out/in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tools.browser import choose, fill, open_app, shown_text, tap_until

PASSWORD = "tea garden river 2026"
STEP = '[flt-semantics-identifier="step"]'


def title_pixels(page: Page) -> bytes:
    """The pixels of the page title as painted on the canvas."""
    page.wait_for_timeout(700)
    return page.locator('[flt-semantics-identifier="page-title"]').screenshot()


def test_newcomer_in_chinese(live_server: LiveServer, phone: Page, shots) -> None:
    open_app(phone, live_server.url + "/", wait_text="Immigration services")
    expect(phone.get_by_role("button", name=re.compile("Book an appointment"))).to_be_visible()
    shots(phone, "home-en")

    # Switch to Chinese from the language menu at the top ("Language: English"), where each
    # language is named in its own script (the first screen's prompt is another way).
    phone.get_by_role("button", name=re.compile("^Language")).click()
    phone.get_by_role("menuitemcheckbox", name="简体中文").click()
    expect(shown_text(phone, "移民管理服务")).to_be_visible()
    for tile in ["预约办理", "办理进度", "我的签证证件", "永久居留身份证"]:
        expect(phone.get_by_role("button", name=re.compile(tile))).to_be_visible()
    # Progress, documents and the PR card are built (issue 4): their tiles say nothing of it.
    expect(phone.get_by_role("button", name=re.compile("办理进度.*暂未开放"))).to_have_count(0)
    expect(phone.get_by_role("button", name=re.compile("预约办理.*暂未开放"))).to_have_count(0)
    shots(phone, "home-zh")

    # Sign-in screen, then on to registration.
    phone.get_by_role("button", name="登录").first.click()
    expect(phone.get_by_role("textbox", name="电子邮箱")).to_be_visible()
    signin_title = title_pixels(phone)
    shots(phone, "signin-zh")
    phone.get_by_role("button", name="注册账户").click()
    expect(phone.get_by_role("textbox", name="您的姓名")).to_be_visible()
    register_title = title_pixels(phone)
    # "登录" and "注册账户" differ; if the font were missing both would be rows of empty boxes.
    assert signin_title != register_title

    # A short password is refused next to the field, in Chinese; nothing typed is lost.
    fill(phone, "您的姓名", "Yuki Tanaka")
    fill(phone, "电子邮箱", "yuki@example.com")
    fill(phone, "密码", "short")
    tap_until(phone, phone.get_by_role("button", name="创建账户"),
              shown_text(phone, "请至少使用 8 个字符。"))
    expect(phone.get_by_role("textbox", name="电子邮箱")).to_have_value("yuki@example.com")
    shots(phone, "register-error-zh")
    fill(phone, "密码", PASSWORD)
    tap_until(phone, phone.get_by_role("button", name="创建账户"),
              phone.locator(STEP, has_text="第 1 步，共 2 步"))

    # Identity verification, step 1: the passport details.
    shots(phone, "verify-step1-zh")
    fill(phone, "护照号码", "TK1234567")
    # Nationality: type to filter the list, then pick the country.
    choose(phone, "国籍", "日本")
    fill(phone, "护照上的姓名", "Yuki Tanaka")
    fill(phone, "出生日期", "1995-04-12")
    shots(phone, "verify-filled-zh")
    tap_until(phone, phone.get_by_role("button", name="发送验证码"),
              phone.locator(STEP, has_text="第 2 步，共 2 步"))

    # Step 2: the code the SMS brought (read from the outbox, as the phone would show it).
    [sms] = [m for m in live_server.outbox() if m["to"] == "+86 139 0000 0006"]
    assert sms["code"] in sms["body"] and "验证码" in sms["body"]
    shots(phone, "verify-step2-zh")
    fill(phone, "短信验证码", sms["code"])
    tap_until(phone, phone.get_by_role("button", name="确认"),
              shown_text(phone, "身份已核验：Yuki Tanaka"))
    shots(phone, "verified-zh")

    # Sign out, then back in.
    phone.get_by_role("button", name="退出登录").click()
    expect(shown_text(phone, "您已退出登录。")).to_be_visible()
    shots(phone, "signed-out-zh")
    fill(phone, "电子邮箱", "yuki@example.com")
    fill(phone, "密码", PASSWORD)
    tap_until(phone, phone.get_by_role("button", name="登录").last,
              shown_text(phone, "已登录：Yuki Tanaka"))
    shots(phone, "signed-in-zh")


def test_wrong_password_is_explained(live_server: LiveServer, phone: Page, shots) -> None:
    open_app(phone, live_server.url + "/signin?lang=en", wait_text="New here?")
    fill(phone, "E-mail address", "maria@example.com")
    fill(phone, "Password", "not the password")
    tap_until(phone, phone.get_by_role("button", name="Sign in").last,
              shown_text(phone, "The e-mail address or the password is not correct."))
    shots(phone, "wrong-password")
