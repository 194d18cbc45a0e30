"""The security headers in real Chromium: the app renders and works under its content
security policy with no violation, and no other site can frame it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import CSP_EXPECTED, LiveServer
from tools.browser import PHONE, open_app


def test_the_app_works_under_its_policy(live_server: LiveServer, phone: Page, shots) -> None:
    response = phone.goto(live_server.url + "/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split(
        "script-src")[1].split(";")[0]
    blocked: list[str] = []
    phone.on("console", lambda m: blocked.append(m.text)
             if "Content Security Policy" in m.text else None)
    open_app(phone, live_server.url + "/", wait_text="Immigration services")
    expect(phone.get_by_role("button", name=re.compile("Book an appointment"))).to_be_visible()
    # Signing in goes over the WebSocket and the in-process API; the home screen follows.
    phone.get_by_role("button", name="Sign in").first.click()
    expect(phone.get_by_role("textbox", name="E-mail")).to_be_visible()
    shots(phone, "signin-under-csp")
    phone.reload()  # from the cache (a 304 must keep the policy's script hashes)
    open_app(phone, live_server.url + "/", wait_text="Immigration services")
    # Only the expected third-party script was refused (the fixture fails on any other).
    assert all(any(e in text for e in CSP_EXPECTED) for text in blocked), blocked


def test_no_other_site_can_frame_the_app(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    page.set_content(f'<iframe id="app" src="{live_server.url}/" width="390" height="600">'
                     "</iframe>")
    page.wait_for_timeout(3000)
    frame = page.frame_locator("#app")
    assert frame.locator("flt-glass-pane, flutter-view").count() == 0
    assert refused, "Chromium did not report the refused frame"
    context.close()
