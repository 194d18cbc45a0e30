"""Driving the Flet web app in headless Chromium (the Debian package, no browser download)."""

from __future__ import annotations

import shutil
from contextlib import suppress

from playwright.sync_api import Browser, Locator, Page, Playwright, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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
    for attempt in range(6):
        try:
            box.click(timeout=5_000)
        except PlaywrightTimeoutError:
            # Flutter sometimes gives a field's accessibility node the size of the whole
            # form, so its centre lies on another control: focus the field as a screen
            # reader does instead of tapping there.
            box.focus()
        # On a busy machine Flutter takes the focus late and then resets the field to the
        # value it knows: each attempt waits longer, and the text must stay a moment.
        page.wait_for_timeout(150 * attempt)
        # Text set now would be shown but never reach the app. (A field that never reports
        # the focus is filled anyway after a few tries.)
        if attempt < 3 and not has_focus(box):
            page.wait_for_timeout(300)
            continue
        box.fill(text)
        page.wait_for_timeout(150 + 100 * attempt)
        if box.input_value() == text:
            page.wait_for_timeout(250)
            if box.input_value() == text:
                return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML"
                            ".slice(0, 200)")
    raise AssertionError(f"could not type into the field {label!r} (the focus is on {focused})")


def choose(page: Page, label: str, option: str) -> None:
    """Type `option` into the filtering dropdown named `label` and pick it from the list.

    No taps on the field first: each tap opens or closes the list, and on a busy machine a
    late one leaves it in the other state. Typing opens the list filtered to the option.
    """
    box = page.get_by_role("textbox", name=label)
    choice = page.get_by_role("button", name=option, exact=True)
    for _ in range(5):
        if not choice.count():
            box.fill(option)
        with suppress(PlaywrightTimeoutError):
            choice.click(timeout=5_000)
            # Picked: the list has closed on the chosen name.
            choice.wait_for(state="detached", timeout=5_000)
            if box.input_value() == option:
                return
    raise AssertionError(f"could not choose {option!r} in {label!r} "
                         f"(the field shows {box.input_value()!r})")


def has_focus(box: Locator) -> bool:
    """Whether the field is the element that has the keyboard (another field that still has
    it would take the text instead)."""
    return bool(box.evaluate("el => el === document.activeElement"))


def shown_text(page: Page, text: str) -> Locator:
    """`text` on the screen (not the copy a live region hands to the screen reader)."""
    return page.locator("flt-semantics-host").get_by_text(text).first


def tap_back(page: Page, label: str) -> None:
    """Tap the top bar's back control (`label`: "Back", "返回").

    A button named `label`; or, for an icon button with only a tooltip, the button inside
    the tooltip's wrapper (Flutter names the wrapper, which has no role, not the button).
    """
    named = page.get_by_role("button", name=label, exact=True)
    tooltip = page.locator(f'flt-semantics[aria-label="{label}"]').get_by_role("button")
    named.or_(tooltip).first.click()


def scroll_to(page: Page, target: Locator, *, step: int = 300, tries: int = 20) -> Locator:
    """Scroll the screen down with the mouse wheel until `target` is wholly on the screen.

    Flutter only puts what is on (or near) the screen in the accessibility tree, and a
    node's DOM scrolling does nothing: a person's scrolling is what brings it in.
    """
    viewport = page.viewport_size or {"width": 390, "height": 844}
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    for _ in range(tries):
        box = target.bounding_box() if target.count() else None
        if box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]:
            return target
        page.mouse.wheel(0, step)
        page.wait_for_timeout(250)
    raise AssertionError(f"could not scroll to {target}")


def tap_until(page: Page, target: Locator, shown: Locator, *, tries: int = 3) -> None:
    """Tap `target` until `shown` appears.

    A tap that lands while Flutter is still laying out a screen, or just after a field lost
    the keyboard, can be lost (the node moves under the pointer); a person simply taps
    again, and so does this. A slow answer to the first tap is not tapped twice: the target
    is gone or disabled by then.
    """
    for attempt in range(tries):
        if attempt and shown.first.is_visible():
            return
        # A click that times out: the screen changed under the pointer; `shown` may be there.
        with suppress(PlaywrightTimeoutError):
            target.click(timeout=5_000)
        try:
            shown.first.wait_for(timeout=4_000 * (attempt + 1))
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"{shown} did not appear after {tries} taps; the screen says: "
                         f"{screen_text(page)!r}")


def screen_text(page: Page) -> str:
    """All text of the accessibility tree (for a failure message that says what was shown)."""
    return page.locator("flt-semantics-host").aria_snapshot(timeout=5_000)[:2000]
