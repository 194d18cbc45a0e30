"""Driving the Flet web app in headless Chromium (the Debian package, no browser download)."""

from __future__ import annotations

import shutil

from playwright.sync_api import Browser, Locator, Page, Playwright, ViewportSize

# Without the background-networking flags Chromium keeps trying hosts this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 1024, "height": 768}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is missing: apt-get install chromium (make test does it)")
    return path


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def open_app(page: Page, url: str, *, wait_text: str | None = None) -> None:
    """Load the app and turn on its accessibility tree so controls have roles and names."""
    page.goto(url)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    page.wait_for_selector("flt-semantics", state="attached", timeout=30_000)
    if wait_text:
        page.get_by_text(wait_text).first.wait_for(timeout=30_000)


def settle(page: Page, ms: int = 700) -> None:
    """Let the canvas paint after the accessibility tree changed (before a screenshot)."""
    page.wait_for_timeout(ms)


def fill(page: Page, label: str, text: str) -> None:
    """Tap the field named `label`, then type `text` into it, as a person does.

    Flutter creates its editing element when the field takes focus; text set on the
    semantics input before that is shown but never reaches the app.
    """
    box = page.get_by_role("textbox", name=label)
    for _ in range(3):
        box.click()
        box.fill(text)
        page.wait_for_timeout(150)
        if box.input_value() == text:
            return
    raise AssertionError(f"could not type into the field {label!r}")


def shown_text(page: Page, text: str) -> Locator:
    """`text` on the screen (not the copy a live region hands to the screen reader)."""
    return page.locator("flt-semantics-host").get_by_text(text).first
