"""Home: the eight function tiles, in English and Chinese, and the sample-data notice."""

from __future__ import annotations

import flet as ft
import pytest

from app.i18n import Translator
from app.pages.home import FUNCTIONS
from tests.app.flet_harness import RenderedApp, async_test, rendered_app

TILE_KEYS = [
    "tile-book",
    "tile-progress",
    "tile-permits",
    "tile-pr-card",
    "tile-certificate",
    "tile-centers",
    "tile-guides",
    "tile-helpers",
]
EN_TITLES = [f.title for f in FUNCTIONS]


def tile_texts(ui: RenderedApp, key: str) -> list[str]:
    """The words on one tile."""
    return ui.texts(ui.find(ft.OutlinedButton, key=key))


def test_functions_are_the_eight_tiles() -> None:
    assert [f"tile-{f.key}" for f in FUNCTIONS] == TILE_KEYS


@pytest.mark.usefixtures("in_process_api")
@async_test
async def test_home_in_english_shows_eight_tiles_and_which_are_not_available_yet() -> None:
    async with rendered_app("/") as ui:
        assert ui.state.lang == "en"
        tiles = [c for c in ui.find_all(ft.OutlinedButton) if str(c.key).startswith("tile-")]
        assert [c.key for c in tiles] == TILE_KEYS
        for key, title in zip(TILE_KEYS, EN_TITLES, strict=True):
            words = tile_texts(ui, key)
            assert words[0] == title
            built = next(f for f in FUNCTIONS if f"tile-{f.key}" == key).route is not None
            assert ("Not available yet" in words) is not built
        texts = ui.texts()
        assert "Immigration services" in texts
        assert "Book an appointment" in texts
        assert ui.has_key("sample-data")
        assert any("demonstration with sample data" in t for t in texts)
        assert ui.page.title == "Immigration services"


@pytest.mark.usefixtures("in_process_api")
@async_test
async def test_home_in_chinese_has_no_english_tile_titles() -> None:
    zh = Translator("zh")
    async with rendered_app("/?lang=zh") as ui:
        assert ui.state.lang == "zh"
        texts = ui.texts()
        assert "预约办理" in texts
        assert texts.count("暂未开放") == sum(f.route is None for f in FUNCTIONS)
        for key, title in zip(TILE_KEYS, EN_TITLES, strict=True):
            words = tile_texts(ui, key)
            assert words[0] == zh(title) != title
        for title in EN_TITLES:
            assert title not in texts
        assert "Not available yet" not in texts
        assert ui.has_key("sample-data")
        assert (
            zh(
                "This is a demonstration with sample data. It is not an official "
                "government service."
            )
            in texts
        )
        assert "本应用为演示，使用示例数据，不是官方政务服务。" in texts
        assert ui.page.title == "移民管理服务"


@pytest.mark.usefixtures("in_process_api")
@async_test
async def test_tile_leads_to_its_page_and_not_yet_page_remains() -> None:
    async with rendered_app("/") as ui:
        await ui.click("tile-certificate")
        assert ui.navigations == ["/certificates"]
        assert ui.route == "/certificates"
        await ui.go("/soon/certificate")
        assert "Passport and PR card document" in ui.texts()
        assert ui.has_key("not-yet")
        assert not ui.find_all(ft.OutlinedButton, key="tile-book")


@pytest.mark.usefixtures("in_process_api")
@async_test
async def test_unknown_address_shows_not_found() -> None:
    async with rendered_app("/") as ui:
        await ui.go("/no-such-page")
        assert "Page not found" in ui.texts()
        await ui.click("Go to the home screen")
        assert ui.route == "/"
        assert ui.has_key("tile-book")
