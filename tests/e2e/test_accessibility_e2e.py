"""Every screen, in English, Chinese and Arabic, as a screen reader and a phone see it.

At 200% text on a 390 px phone: every control has a name, every tappable node is at least
48x48, nothing sticks out sideways or scrolls sideways, the focus order follows the reading
order, and Arabic is laid out right to left (title and Back button on the right). At 100%:
names and sizes again (the smallest the controls get). The screens are those of
tools/screens.py, which lists every route of the app.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image, ImageColor
from playwright.sync_api import Browser, Page

from app import theme
from tests.e2e.conftest import ARTIFACTS, LiveServer
from tools.a11y import (
    AppDriver,
    DemoData,
    Findings,
    bring_into_view,
    check_direction,
    check_screen,
    tap,
    walk,
)
from tools.browser import PHONE, open_app
from tools.screens import SCREENS, Visit

FOLDER = ARTIFACTS / "accessibility"


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> DemoData:
    return DemoData(live_server.url).prepare()


@pytest.fixture
def phone_context(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def choose_text_size(page: Page, url: str, lang: str, percent: int) -> None:
    """Pick the text size on the settings screen, then check it is remembered on reload."""
    open_app(page, f"{url}/settings?lang={lang}")
    radio = page.locator(f'[flt-semantics-identifier="text-size-{percent}"] [role="radio"]')
    tap(page, bring_into_view(page, radio))
    page.wait_for_timeout(800)
    open_app(page, f"{url}/settings?lang={lang}")
    page.wait_for_timeout(500)
    remembered = bring_into_view(page, radio).get_attribute("aria-checked")
    assert remembered == "true", "the text size was not remembered"


def run(page: Page, server: LiveServer, demo: DemoData, lang: str, *, percent: int,
        sideways: bool, scroll: bool, screens: list[Visit]) -> list[str]:
    FOLDER.mkdir(parents=True, exist_ok=True)
    choose_text_size(page, server.url, lang, percent)
    driver = AppDriver(page, server.url, lang, demo)
    problems: list[str] = []
    rtl = lang == "ar"

    def each(visit: Visit) -> None:
        found = Findings(f"{lang} {percent}% {visit.slug}", problems)
        before = len(problems)
        check_direction(page, found, rtl=rtl)
        check_screen(page, found, rtl=rtl, sideways=sideways, scroll=scroll)
        if len(problems) > before:
            page.screenshot(path=str(FOLDER / f"{lang}-{percent}-{visit.slug}.png"))

    failures = list(walk(driver, screens, each))
    demo.cancel_others()
    return failures + problems


# A walk of every screen, sideways too, takes 2 to 3 minutes; on a busy machine the
# Arabic one came near the general 600 s limit (the session limit still bounds the run).
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("lang", ["en", "zh", "ar"])
def test_every_screen_at_200_percent_text(
    live_server: LiveServer, phone_context: Page, demo: DemoData, lang: str
) -> None:
    problems = run(phone_context, live_server, demo, lang, percent=200, sideways=True,
                   scroll=True, screens=SCREENS)
    assert not problems, "\n".join(problems)


def test_every_screen_at_100_percent_text(
    live_server: LiveServer, phone_context: Page, demo: DemoData
) -> None:
    """The first view of each screen: the names, and the sizes at their smallest."""
    problems = run(phone_context, live_server, demo, "en", percent=100, sideways=False,
                   scroll=False, screens=SCREENS)
    assert not problems, "\n".join(problems)


def test_the_keyboard_focus_is_visible(live_server: LiveServer, phone_context: Page) -> None:
    """Tab reaches the Sign in button in reading order, and a wide amber ring shows it."""
    page = phone_context
    open_app(page, f"{live_server.url}/signin?lang=en")
    button = page.locator('[flt-semantics-identifier="submit"] [role="button"]')
    box = button.bounding_box()
    assert box is not None
    clip = {"x": box["x"] - 4, "y": box["y"] - 4, "width": box["width"] + 8,
            "height": box["height"] + 8}
    page.wait_for_timeout(1000)
    before = page.screenshot(clip=clip)
    reached: list[str] = []
    for _ in range(15):
        page.keyboard.press("Tab")
        page.wait_for_timeout(150)
        reached.append(page.evaluate(
            "() => { const a = document.activeElement;"
            " return a.getAttribute('aria-label') || a.textContent || a.tagName; }"))
        if page.evaluate(
                "() => !!document.activeElement.closest('[flt-semantics-identifier=submit]')"):
            break
    else:
        raise AssertionError(f"Tab never reached the Sign in button: {reached}")
    # Top bar, then the fields in order, then the button under them.
    assert reached == ["Back", "Language\nEnglish", "Text size and contrast", "Sign in",
                       "E-mail address", "Password", "Show password", "Sign in"]
    ring = ImageColor.getrgb(theme.STANDARD.FOCUS_ON_PRIMARY)

    def amber_pixels(shot: bytes) -> int:
        image = Image.open(io.BytesIO(shot)).convert("RGB")
        return sum(1 for x in range(image.width) for y in range(image.height)
                   if all(abs(a - b) < 40 for a, b in zip(image.getpixel((x, y)), ring,
                                                           strict=True)))

    amber_before = amber_pixels(before)
    # A ring 3 px wide around the button: at least its two long sides, in amber. The ring
    # fades in and focus may scroll the button, so look again (at the button's new place)
    # until it has settled.
    amber = 0
    for _ in range(10):
        page.wait_for_timeout(300)
        box = button.bounding_box()
        assert box is not None
        clip = {"x": box["x"] - 4, "y": box["y"] - 4, "width": box["width"] + 8,
                "height": box["height"] + 8}
        amber = amber_pixels(page.screenshot(clip=clip))
        if amber - amber_before > 2 * 3 * box["width"] * 0.8:
            break
    assert amber - amber_before > 2 * 3 * box["width"] * 0.8, (amber_before, amber)
