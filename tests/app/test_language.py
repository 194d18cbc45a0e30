"""Languages: each one switches the whole UI (texts, direction, locale, fonts); the choice is
made on the first screen, remembered on the device and in the account, and switchable from
every screen."""

from __future__ import annotations

from typing import Any

import flet as ft
import pytest
from flet.messaging.protocol import InvokeMethodRequestBody
from sqlalchemy.engine import Engine

from app import fonts
from app.i18n import LANGUAGES
from app.state.device import LANGUAGE_KEY
from app.state.preferences import HIGH_CONTRAST_KEY, TEXT_SCALE_KEY
from backend.i18n import gettext
from tests.app.flet_harness import RenderedApp, async_test, rendered_app
from tests.app.test_centers_guides import beijing_id, center_keys, wait_until

pytestmark = pytest.mark.usefixtures("in_process_api")
PASSWORD = "tea garden river 2026"


def menu(ui: RenderedApp) -> ft.PopupMenuButton:
    return ui.find(ft.PopupMenuButton, key="language-menu")


async def pick_from_menu(ui: RenderedApp, name: str) -> None:
    """Choose a language in the menu at the top of the screen."""
    [item] = [i for i in menu(ui).items if i.content.value == name]
    await ui.click(item)


async def register(ui: RenderedApp, email: str, name: str = "Ana Lima") -> None:
    await ui.go("/register")
    await ui.type("full_name", name)
    await ui.type("email", email)
    await ui.type("password", PASSWORD)
    await ui.click("submit")
    assert ui.state.signed_in


async def sign_in(ui: RenderedApp, email: str) -> None:
    await ui.go("/signin")
    await ui.type("email", email)
    await ui.type("password", PASSWORD)
    await ui.click("submit")
    assert ui.state.signed_in


@async_test
async def test_set_language_rerenders_home_in_chinese() -> None:
    async with rendered_app("/") as ui:
        assert "Book an appointment" in ui.texts()
        ui.state.set_language("zh")
        await ui.settle()
        texts = ui.texts()
        assert "预约办理" in texts
        assert "Book an appointment" not in texts
        assert "移民管理服务" in texts
        assert ui.page.title == "移民管理服务"
        assert ui.page.locale_configuration.current_locale.language_code == "zh"
        assert ui.state.api.lang == "zh"

        ui.state.set_language("en")
        await ui.settle()
        assert "Book an appointment" in ui.texts()
        assert ui.page.locale_configuration.current_locale.language_code == "en"


@pytest.mark.parametrize("lang", list(LANGUAGES))
@async_test
async def test_each_language_switches_the_whole_screen(lang: str) -> None:
    async with rendered_app(f"/?lang={lang}") as ui:
        title = gettext("Immigration services", lang)
        book = gettext("Book an appointment", lang)
        assert ui.page.title == title
        assert title in ui.texts() and book in ui.texts()
        if lang != "en":
            assert "Book an appointment" not in ui.texts()
        # Arabic is laid out right to left; the others left to right.
        assert ui.page.rtl is (lang == "ar")
        assert ui.page.locale_configuration.current_locale.language_code == lang
        # The language's own script font is registered (Latin ones use Roboto, loaded anyway).
        assert fonts.fonts_for(lang).items() <= (ui.page.fonts or {}).items()
        assert ui.page.theme.font_family == fonts.font_family(lang)
        # A page loads no script it does not show: no Chinese font for a Korean home screen.
        if lang != "zh":
            assert fonts.CHINESE not in (ui.page.fonts or {})
        # The menu at the top names the current language in its own script.
        assert LANGUAGES[lang] in ui.texts(menu(ui))


@async_test
async def test_chinese_keeps_simplified_chinese_locales_and_japanese_its_own() -> None:
    async with rendered_app("/?lang=zh") as ui:
        config = ui.page.locale_configuration
        supported = {(loc.language_code, loc.script_code, loc.country_code)
                     for loc in config.supported_locales}
        # Without all three forms Flutter falls back to Japanese glyph shapes for Chinese.
        assert {("zh", None, None), ("zh", "Hans", None), ("zh", "Hans", "CN")} <= supported
        assert (config.current_locale.language_code, config.current_locale.script_code,
                config.current_locale.country_code) == ("zh", "Hans", "CN")
        assert ui.page.theme.font_family == "NotoSansSC"
    async with rendered_app("/?lang=ja") as ui:
        current = ui.page.locale_configuration.current_locale
        assert (current.language_code, current.country_code) == ("ja", "JP")
        assert ui.page.theme.font_family == "NotoSansJP"


@async_test
async def test_unsupported_language_falls_back_to_english() -> None:
    async with rendered_app("/?lang=xx") as ui:
        assert ui.state.lang == "en"
        assert "Book an appointment" in ui.texts()


@async_test
async def test_language_menu_switches_and_keeps_typed_values_and_errors_current() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", "someone@example.com")
        await ui.click("submit")
        assert ui.field("password").error == "Enter your password."

        assert [i.checked for i in menu(ui).items] == [c == "en" for c in LANGUAGES]
        await pick_from_menu(ui, "简体中文")
        assert ui.state.lang == "zh"
        assert ui.field("email").label == "电子邮箱"
        assert ui.field("email").value == "someone@example.com"  # what was typed stays
        assert menu(ui).tooltip == "语言"
        assert [i.checked for i in menu(ui).items] == [c == "zh" for c in LANGUAGES]

        await pick_from_menu(ui, "العربية")
        assert ui.page.rtl is True
        assert ui.field("email").label == "البريد الإلكتروني"
        assert ui.field("email").value == "someone@example.com"


@pytest.mark.parametrize("route", ["/", "/centers", "/guides", "/inquiry", "/verify-document",
                                   "/signin", "/register", "/nowhere"])
@async_test
async def test_the_language_menu_is_on_every_screen(route: str) -> None:
    async with rendered_app(route) as ui:
        await pick_from_menu(ui, "Русский")
        assert ui.state.lang == "ru"
        assert ui.page.title == "Иммиграционные услуги"
        assert menu(ui) is not None


@async_test
async def test_first_screen_names_every_language_in_its_own_script() -> None:
    async with rendered_app("/") as ui:
        prompt = ui.find_by_key("language-prompt")
        [line] = [t for t in ui.texts(prompt) if "English" in t]
        names = line.replace("\u2060", "").split("  ")
        assert names == list(LANGUAGES.values())
        # Chinese, Japanese, Korean names are never broken across lines; the small font of
        # the names draws them whatever the page's font (the theme's fallback).
        assert "简\u2060体\u2060中\u2060文" in line
        assert set(fonts.NAME_FONTS) <= set(
            ui.page.theme.text_theme.body_medium.font_family_fallback)
        texts = ui.texts()
        assert texts.index("Choose your language") < texts.index("Book an appointment")
        await ui.click("language-prompt")
        assert ui.route == "/language"
        for code in LANGUAGES:
            button = ui.find_by_key(f"language-{code}")
            name = next(c for c in _texts_under(ui, button) if isinstance(c, ft.Text))
            assert (name.value, name.font_family) == (LANGUAGES[code], fonts.font_family(code))
        await ui.click("language-ko")
        assert ui.state.lang == "ko"
        assert ui.route == "/"  # back to the first screen, now in Korean
        assert "예약하기" in ui.texts()
        assert not ui.has_key("language-prompt")  # chosen: the menu at the top remains


@async_test
async def test_the_language_screen_goes_back_without_a_choice() -> None:
    async with rendered_app("/language") as ui:
        await ui.click("back")
        assert ui.route == "/"
        assert ui.state.lang == "en"
        assert ui.has_key("language-prompt")  # still not chosen


def _texts_under(ui: RenderedApp, control: ft.BaseControl) -> list[ft.BaseControl]:
    from tests.app.flet_harness import walk

    return list(walk(control))


@async_test
async def test_the_device_remembers_the_language() -> None:
    device: dict[str, Any] = {}
    async with rendered_app("/language", device_storage=device) as ui:
        await ui.click("language-fr")
        assert ui.state.lang == "fr"
    assert device[LANGUAGE_KEY] == "fr"
    # The next visit on this device opens in French, without the chooser.
    async with rendered_app("/", device_storage=device) as ui:
        assert ui.state.lang == "fr"
        assert "Prendre rendez-vous" in ui.texts()
        assert not ui.has_key("language-prompt")
    # A link with ?lang= wins for that visit (a kiosk's or a shared link) and is not kept.
    async with rendered_app("/?lang=es", device_storage=device) as ui:
        assert ui.state.lang == "es"
    assert device[LANGUAGE_KEY] == "fr"
    # Another device knows nothing of it.
    async with rendered_app("/", device_storage={}) as ui:
        assert ui.state.lang == "en"
        assert ui.has_key("language-prompt")


@async_test
async def test_a_returning_visitor_never_sees_another_language_first() -> None:
    device: dict[str, Any] = {LANGUAGE_KEY: "fr"}
    async with rendered_app("/", device_storage=device) as ui:
        assert "Prendre rendez-vous" in ui.texts()
        # Nothing in English ever went to the browser: the first screen was already French.
        sent = b"".join(ui.connection.packets)
        assert b"Prendre rendez-vous" in sent
        assert b"Book an appointment" not in sent and b"Immigration services" not in sent


@async_test
async def test_the_first_screen_goes_out_with_its_title_and_locale_in_one_message() -> None:
    # Sent after the screen, a locale makes Flutter build the whole first screen again.
    async with rendered_app("/") as ui:
        first_screen = [p for p in ui.connection.packets if b"Book an appointment" in p]
        assert len(first_screen) == 1
        assert b"locale_configuration" in first_screen[0]
        assert b"Immigration services" in first_screen[0]  # the page's title
        later = ui.connection.packets[ui.connection.packets.index(first_screen[0]) + 1:]
        assert not [p for p in later if b"locale_configuration" in p]
        await ui.click("language-prompt")
        await ui.click("language-fr")  # a change of language still reaches the page
        assert ui.page.title == gettext("Immigration services", "fr")
        assert ui.page.locale_configuration.current_locale.language_code == "fr"


@async_test
async def test_the_device_is_asked_through_one_service() -> None:
    # Each service is one more message and one more object for the browser to make before
    # it can answer and the first screen can be built.
    async with rendered_app("/", device_storage={LANGUAGE_KEY: "fr"}) as ui:
        gets = [m.body for m in ui.connection.messages
                if isinstance(m.body, InvokeMethodRequestBody) and m.body.name == "get"]
        assert sorted(g.args["key"] for g in gets) == sorted(
            [LANGUAGE_KEY, TEXT_SCALE_KEY, HIGH_CONTRAST_KEY])
        assert len({g.control_id for g in gets}) == 1
        assert sum(p.count(b"SharedPreferences") for p in ui.connection.packets) == 1
        assert ui.state.lang == "fr"


@async_test
async def test_the_account_remembers_the_language() -> None:
    async with rendered_app("/language") as ui:
        await ui.click("language-ar")
        await register(ui, "layla@example.com", "Layla Haddad")
        assert ui.state.me["account"]["locale"] == "ar"  # registered in the language shown
        await pick_from_menu(ui, "日本語")  # switched while signed in: saved to the account at once
        assert ui.state.lang == "ja"
        assert (await ui.state.api.me())["account"]["locale"] == "ja"
    # Another device, English by default: signing in brings the account's language back.
    device: dict[str, Any] = {}
    async with rendered_app("/", device_storage=device) as ui:
        assert ui.state.lang == "en"
        await sign_in(ui, "layla@example.com")
        assert ui.state.lang == "ja"
        assert gettext("Immigration services", "ja") == ui.page.title
        assert device[LANGUAGE_KEY] == "ja"  # and that device remembers it from now on


@async_test
async def test_a_language_picked_before_signing_in_goes_to_the_account() -> None:
    async with rendered_app("/") as ui:
        await register(ui, "omar@example.com", "Omar Said")
        assert ui.state.me["account"]["locale"] == "en"
        await ui.state.sign_out()
        await ui.settle()
        await pick_from_menu(ui, "Español")
        await sign_in(ui, "omar@example.com")
        assert ui.state.lang == "es"
        assert (await ui.state.api.me())["account"]["locale"] == "es"


@async_test
async def test_a_kiosk_link_language_is_not_written_to_the_account() -> None:
    async with rendered_app("/") as ui:
        await register(ui, "mei@example.com", "Mei Lin")
    async with rendered_app("/?lang=ko") as ui:
        await sign_in(ui, "mei@example.com")
        assert ui.state.lang == "ko"  # the link's language stays on screen
        assert (await ui.state.api.me())["account"]["locale"] == "en"


@async_test
async def test_the_taxi_screen_loads_the_chinese_font_in_any_language(sample_api: Engine) -> None:
    cid = beijing_id(sample_api)
    async with rendered_app("/?lang=fr") as ui:
        await ui.go("/centers")
        # Loaded before moving on: no request may outlive the test's database.
        await wait_until(ui, lambda: bool(center_keys(ui)), "the directory")
        assert fonts.CHINESE not in (ui.page.fonts or {})  # the directory is in French only
        await ui.go(f"/centers/{cid}/taxi")
        await wait_until(ui, lambda: ui.has_key("taxi-address"), "the address for the driver")
        assert "北京市东城区安定门东大街2号" in ui.texts("taxi-address")
        assert fonts.CHINESE in (ui.page.fonts or {})
        assert ui.state.lang == "fr" and ui.page.theme.font_family == fonts.LATIN


@async_test
async def test_names_in_another_script_bring_their_font() -> None:
    async with rendered_app("/") as ui:
        await register(ui, "liwei2@example.com", "李伟")
        await ui.go("/")
        assert "Signed in as 李伟" in ui.texts()
        assert fonts.CHINESE in (ui.page.fonts or {})  # or the name would be empty boxes
        assert fonts.KOREAN not in (ui.page.fonts or {})
    async with rendered_app("/?lang=ja") as ui:
        await register(ui, "minji@example.com", "김민지")
        assert fonts.KOREAN in (ui.page.fonts or {})
        assert fonts.CHINESE not in (ui.page.fonts or {})


@pytest.mark.parametrize(("lang", "text", "fonts_needed"), [
    ("en", "李伟", {fonts.CHINESE}),
    ("en", "畑中", {fonts.CHINESE, fonts.JAPANESE}),  # 畑: a kanji Chinese fonts lack
    ("zh", "畑", {fonts.JAPANESE}),
    ("ja", "駅", set()),  # the page's own font
    ("ja", "叶莲娜", set()),  # every character of the data is in it
    ("ja", "鑫", {fonts.CHINESE_RARE}),  # a hanzi only the Chinese fonts have
])
def test_a_name_gets_the_font_that_has_its_characters(
    lang: str, text: str, fonts_needed: set[str]
) -> None:
    assert fonts.fonts_for_text(lang, [text]) == fonts_needed


@async_test
async def test_rare_hanzi_bring_their_font_when_typed_or_shown() -> None:
    """The Chinese font holds the common hanzi; a rarer one (佘, a surname) loads the rest."""
    async with rendered_app("/?lang=zh") as ui:
        assert fonts.CHINESE in (ui.page.fonts or {})
        assert fonts.CHINESE_RARE not in (ui.page.fonts or {})
        await ui.go("/signin")
        await ui.type("email", "佘")  # typed: shown in the field at once
        assert fonts.CHINESE_RARE in (ui.page.fonts or {})
    async with rendered_app("/") as ui:
        await register(ui, "she@example.com", "佘丽")
        await ui.go("/")
        assert "Signed in as 佘丽" in ui.texts()
        assert {fonts.CHINESE, fonts.CHINESE_RARE} <= set(ui.page.fonts or {})


@async_test
async def test_rare_kanji_bring_their_font_in_japanese() -> None:
    """The Japanese font holds the jōyō kanji; a rarer one (丐, beyond the list) loads the rest,
    with Japanese shapes, not the Chinese font."""
    async with rendered_app("/?lang=ja") as ui:
        assert fonts.JAPANESE in (ui.page.fonts or {})
        await ui.go("/signin")
        await ui.type("email", "駅")  # jōyō: the page's own font has it
        assert fonts.JAPANESE_RARE not in (ui.page.fonts or {})
        await ui.type("email", "丐")
        assert fonts.JAPANESE_RARE in (ui.page.fonts or {})
        assert not {fonts.CHINESE, fonts.CHINESE_RARE} & set(ui.page.fonts or {})
