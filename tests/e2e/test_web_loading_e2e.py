"""Loading the app in Chromium: nothing from another host, little on a repeat visit, an
offline page in the user's language, and an installable app. (Timings are in bench/.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from tests.e2e.conftest import LiveServer
from tools.browser import CHROMIUM_ARGS, PHONE, chromium_path, open_app
from tools.netmeter import NetMeter


def worker_ready(page: Page) -> None:
    """Wait until the app's service worker is installed and controls the page."""
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=PHONE)
    yield ctx
    ctx.close()


def test_a_page_load_makes_no_request_off_the_server(
    live_server: LiveServer, context: BrowserContext
) -> None:
    urls: list[str] = []

    def note(request: Request) -> None:
        urls.append(request.url)

    # The context sees the page's requests, its workers' and its service worker's.
    context.on("request", note)
    page = context.new_page()
    open_app(page, live_server.url + "/", wait_text="Immigration services")
    worker_ready(page)
    page.wait_for_timeout(2_000)  # late requests: fonts, the Rive check, the worker's files
    assert urls
    elsewhere = [u for u in urls if not u.startswith((live_server.url + "/", "blob:", "data:"))]
    assert elsewhere == []
    assert all(u.startswith("http://127.0.0.1:") for u in urls if not u.startswith("blob:"))
    # Proof the recording is complete: the service worker's own downloads are in it, and so
    # is the runtime's Rive check (which stock Flet sends to cdn.jsdelivr.net).
    assert live_server.url + "/offline.html" in urls
    assert live_server.url + "/no-cdn/rive/wasm/rive_native.js" in urls


def test_a_repeat_visit_transfers_little(live_server: LiveServer, context: BrowserContext) -> None:
    meter = NetMeter(int(live_server.url.rsplit(":", 1)[1])).start()
    try:
        first = context.new_page()
        open_app(first, meter.url + "/", wait_text="Immigration services")
        worker_ready(first)
        first.wait_for_timeout(1_000)
        first_load = meter.snapshot().down
        first.close()
        meter.reset()
        again = context.new_page()
        open_app(again, meter.url + "/", wait_text="Immigration services")
        again.wait_for_timeout(1_000)
        repeat = meter.snapshot().down
    finally:
        meter.stop()
    # The runtime (megabytes) comes from the cache: what crosses the network is the start
    # page's revalidation and the app's own messages.
    assert first_load > 1_000_000
    assert repeat < 300_000


def test_offline_the_app_says_it_needs_a_connection_in_the_users_language(
    live_server: LiveServer, context: BrowserContext
) -> None:
    page = context.new_page()
    open_app(page, live_server.url + "/?lang=zh", wait_text="移民管理服务")
    worker_ready(page)
    page.wait_for_function("localStorage.getItem('app.lang') === 'zh'")
    context.set_offline(True)
    offline = context.new_page()
    offline.goto(live_server.url + "/booking")
    expect(offline.get_by_role("heading", name="没有网络连接")).to_be_visible()
    expect(offline.get_by_text("本应用需要连接互联网才能使用")).to_be_visible()
    expect(offline.get_by_role("button", name="重试")).to_be_visible()
    assert offline.evaluate("document.documentElement.lang") == "zh"
    # Back online, "Try again" brings the app back.
    context.set_offline(False)
    offline.get_by_role("button", name="重试").click()
    offline.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)


def test_offline_page_follows_the_browser_language_without_a_remembered_one(
    live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        open_app(page, live_server.url + "/", wait_text="Immigration services")
        worker_ready(page)
        page.evaluate("localStorage.clear()")  # as on a device where nothing was remembered
        context.set_offline(True)
        offline = context.new_page()
        offline.goto(live_server.url + "/")
        expect(offline.get_by_role("heading", name="没有网络连接")).to_be_visible()
    finally:
        context.close()


def test_the_app_is_installable(live_server: LiveServer, browser: Browser,
                                tmp_path: Path) -> None:
    # A profile on disk: Chromium does not offer to install from an incognito context.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium_path(), args=CHROMIUM_ARGS,
        viewport=PHONE)
    try:
        page = context.new_page()
        open_app(page, live_server.url + "/", wait_text="Immigration services")
        worker_ready(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"] == live_server.url + "/manifest.webmanifest?lang=en"
    finally:
        context.close()
