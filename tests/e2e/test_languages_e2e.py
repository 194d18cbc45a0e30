"""Every script renders as glyphs, not empty boxes, in real Chromium with no internet; each
page fetches only the fonts of the scripts it shows; the chosen language stays on the device.

How glyphs are told from boxes: a text typed into a field is photographed three times in the
same place: two different texts of one script and the same length, and a text of a script the
app has no font for (Ethiopic), which is drawn as boxes. With the script's font missing all
three are the same row of boxes; with it, each differs from the others.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from backend.i18n import gettext
from tests.e2e.conftest import LiveServer
from tools.browser import PHONE, fill, open_app, settle, shown_text

# Two texts of the same length per script (kanji and kana for Japanese).
SAMPLES = {
    "zh": ("出入境服务", "护照和签证"),
    "ja": ("予約を確認", "書類の受取"),
    "ko": ("여권과비자", "예약을확인"),
    "ar": ("تأشيرة", "الهجرة"),
    "ru": ("Паспорт", "Визовый"),
}
# Ethiopic letters: the app bundles no font for them (and may fetch none), so they are drawn
# as the empty boxes any script without its font would show.
TOFU = "ሀለሐመሠረሰሸ"
OTHER_TOFU = "ቀበተቸኀነኘአ"
# The app's own fonts (Flet's client serves its Roboto and icons under /assets/fonts/).
FONT_FILES = re.compile(r"^https?://[^/]+/fonts/([\w-]+)\.woff2$")


def field_pixels(page: Page, label: str, text: str) -> bytes:
    """What the e-mail field shows with `text` typed into it (focus moved on: no caret)."""
    fill(page, label, text)
    page.keyboard.press("Tab")
    settle(page, 900)
    return page.get_by_role("textbox", name=label).screenshot()


@pytest.mark.parametrize("lang", list(SAMPLES))
def test_each_script_shows_glyphs_not_boxes(
    live_server: LiveServer, phone: Page, lang: str, shots
) -> None:
    fonts: list[str] = []
    phone.on("request", lambda r: fonts.extend(FONT_FILES.findall(r.url)))
    open_app(phone, f"{live_server.url}/signin?lang={lang}",
             wait_text=gettext("New here?", lang))
    label = gettext("E-mail address", lang)
    first, second = SAMPLES[lang]
    assert len(first) == len(second)
    one = field_pixels(phone, label, first)
    shots(phone, f"{lang}-glyphs")
    other = field_pixels(phone, label, second)
    boxes = field_pixels(phone, label, TOFU[: len(first)])
    shots(phone, f"{lang}-boxes")
    # The method itself: two texts that are both boxes do look the same.
    assert field_pixels(phone, label, OTHER_TOFU[: len(first)]) == boxes
    assert one != boxes and other != boxes, f"{lang}: drawn as empty boxes"
    assert one != other, f"{lang}: two different texts look the same"
    # The page fetched its own script's font and no other large one.
    big = {"NotoSansSC-Regular", "NotoSansJP-Regular", "NotoSansKR-Regular",
           "NotoSansArabic-Regular"}
    own = {"zh": "NotoSansSC-Regular", "ja": "NotoSansJP-Regular", "ko": "NotoSansKR-Regular",
           "ar": "NotoSansArabic-Regular"}.get(lang)
    assert set(fonts) & big == ({own} if own else set()), fonts


@pytest.mark.parametrize(("lang", "text", "font"), [
    ("zh", "佘鑫丐", "NotoSansSCRare-Regular"),  # GB 2312 level 2, seen in names
    ("ja", "丐丑丕", "NotoSansJPRare-Regular"),  # JIS X 0208 kanji beyond the jōyō list
    ("en", "畑込", "NotoSansJP-Regular"),  # kanji made in Japan: no Chinese font has them
    ("ja", "鑫", "NotoSansSCRare-Regular"),  # a hanzi no Japanese font has
])
def test_a_han_character_fetches_the_font_that_has_it(
    live_server: LiveServer, phone: Page, shots, lang: str, text: str, font: str
) -> None:
    """A page loads its own script's common characters; a Han character beyond them (a rarer
    one, or one only the other script's fonts have) brings the font that has it when it
    appears, and is drawn, not a box."""
    fonts: list[str] = []
    phone.on("request", lambda r: fonts.extend(FONT_FILES.findall(r.url)))
    open_app(phone, f"{live_server.url}/signin?lang={lang}",
             wait_text=gettext("New here?", lang))
    label = gettext("E-mail address", lang)
    boxes = field_pixels(phone, label, TOFU[: len(text)])
    own = {"zh": "NotoSansSC-Regular", "ja": "NotoSansJP-Regular"}.get(lang)
    assert (own is None or own in fonts) and font not in fonts
    fill(phone, label, text)
    for _ in range(40):
        if font in fonts:
            break
        phone.wait_for_timeout(250)
    assert font in fonts, fonts
    settle(phone, 1500)  # the font arrives, then the field is drawn again with it
    drawn = field_pixels(phone, label, text)
    shots(phone, f"{lang}-{font}-glyphs")
    assert drawn != boxes, "drawn as empty boxes"


def test_japanese_takes_japanese_glyph_shapes(live_server: LiveServer, browser: Browser) -> None:
    """骨 and 直 are drawn differently in Japan and in mainland China: each language gets its
    own shapes (Chinese is not drawn with Japanese glyphs, nor the other way round)."""
    shapes = {}
    for lang in ("ja", "zh"):
        context = browser.new_context(viewport=PHONE)  # a new visit: a new session
        page = context.new_page()
        open_app(page, f"{live_server.url}/signin?lang={lang}",
                 wait_text=gettext("New here?", lang))
        label = gettext("E-mail address", lang)
        fill(page, label, "骨直骨直")
        page.keyboard.press("Tab")
        settle(page, 900)
        box = page.get_by_role("textbox", name=label).bounding_box()
        assert box is not None
        # Only the typed text: below the field's label, which differs by language.
        shapes[lang] = page.screenshot(clip={
            "x": box["x"] + 8, "y": box["y"] + box["height"] * 0.45,
            "width": 120, "height": box["height"] * 0.45,
        })
        context.close()
    assert shapes["ja"] != shapes["zh"]


def test_english_page_loads_no_script_font_and_names_languages(
    live_server: LiveServer, phone: Page, shots
) -> None:
    fonts: list[str] = []
    phone.on("request", lambda r: fonts.extend(FONT_FILES.findall(r.url)))
    open_app(phone, f"{live_server.url}/", wait_text="Immigration services")
    # The first screen's prompt names every language (a word joiner keeps 日本語 whole).
    prompt = phone.get_by_role("button", name=re.compile(
        "Choose your language.*English.*" + "\u2060?".join("日本語"), re.S))
    expect(prompt).to_be_visible()
    settle(phone, 1200)
    shots(phone, "chooser-en")
    # An English first screen fetches only the few kilobytes of the language names.
    assert set(fonts) == {"LanguageNamesCJK", "LanguageNamesArabic"}, fonts
    prompt.click()
    expect(phone.get_by_role("button", name="日本語")).to_be_visible()
    settle(phone)
    # 日本語 and 한국어 have three letters each: as boxes they would look the same.
    japanese = phone.get_by_role("button", name="日本語").screenshot()
    korean = phone.get_by_role("button", name="한국어").screenshot()
    assert japanese != korean


def test_language_chosen_on_the_first_screen_stays_on_the_device(
    live_server: LiveServer, browser: Browser, phone: Page, shots
) -> None:
    open_app(phone, f"{live_server.url}/", wait_text="Immigration services")
    phone.get_by_role("button", name=re.compile("Choose your language")).click()
    phone.get_by_role("button", name="العربية").click()
    title = gettext("Immigration services", "ar")
    expect(shown_text(phone, title)).to_be_visible()
    # Right to left: the heading starts at the right edge of the screen.
    settle(phone)
    heading = phone.locator('[flt-semantics-identifier="page-title"]').bounding_box()
    assert heading is not None and heading["x"] + heading["width"] > PHONE["width"] - 30
    shots(phone, "chosen-ar")
    # What the device keeps: the language, and nothing personal.
    device = phone.context.storage_state()
    [origin] = [o for o in device["origins"] if o["origin"] == live_server.url]
    kept = {item["name"]: item["value"] for item in origin["localStorage"]}
    # The app's choice, and the web client's copy of the language shown (for its offline page).
    assert kept == {"flutter.nia.language": '"ar"', "app.lang": "ar"}

    # The next visit on this device (a new session with the same storage) opens in Arabic.
    later = browser.new_context(viewport=PHONE, storage_state=device)
    page = later.new_page()
    open_app(page, f"{live_server.url}/", wait_text=title)
    expect(page.get_by_role("button", name=re.compile(gettext("Book an appointment", "ar")))
           ).to_have_count(1)
    # The prompt is gone; the menu at the top switches the language from any screen.
    expect(page.get_by_role("button", name="English", exact=True)).to_have_count(0)
    page.get_by_role("button", name=re.compile(gettext("Language", "ar"))).click()
    page.get_by_role("menuitemcheckbox", name="Español").click()
    expect(shown_text(page, "Servicios de inmigración")).to_be_visible()
    shots(page, "home-es")
    later.close()
