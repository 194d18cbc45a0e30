"""The directory of service centers and the guides, without a browser: search in three
scripts, a center's page (call, copy, taxi view, book here), and the guides with their
checklist, signed out (memory) and signed in (saved for the applicant)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import flet as ft
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.data.people import DEMO_PASSWORD
from backend.models import Center, GuideChecklistItem
from tests.app.flet_harness import RenderedApp, async_test, rendered_app

pytestmark = pytest.mark.usefixtures("sample_api")

MARIA = "maria@example.com"


async def wait_until(ui: RenderedApp, check: Callable[[], bool], what: str) -> None:
    """Wait for data a screen loads when it opens (its effect calls the API)."""
    for _ in range(200):
        await ui.settle()
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}; route {ui.route}, texts {ui.texts()}")


def center_keys(ui: RenderedApp) -> list[str]:
    keys = []
    for c in ui.find_all(ft.OutlinedButton):
        key = getattr(c.key, "value", c.key)
        if isinstance(key, str) and key.startswith("center-"):
            keys.append(key)
    return keys


def centers_shown(ui: RenderedApp) -> list[str]:
    """The city line of each result, in order."""
    return [ui.texts(ui.find(ft.OutlinedButton, key=k))[0] for k in center_keys(ui)]


def beijing_id(engine: Engine) -> int:
    with Session(engine) as s:
        center = s.exec(select(Center).where(Center.name_zh == "北京市公安局出入境管理局")).one()
        assert center.id is not None
        return center.id


async def toggle(ui: RenderedApp, key: str, value: bool) -> None:
    """Tick or untick the checkbox `key` as the browser does (value, then change event)."""
    box = ui.find(ft.Checkbox, key=key)
    ui.session.apply_patch(box._i, {"value": value})
    await ui._event(box, "change", str(value).lower())


@async_test
async def test_home_tiles_open_the_directory_and_the_guides() -> None:
    async with rendered_app("/") as ui:
        await ui.click("tile-centers")
        assert ui.route == "/centers"
        await wait_until(ui, lambda: bool(center_keys(ui)), "the centers")
        await ui.go("/")
        await ui.click("tile-guides")
        assert ui.route == "/guides"
        await wait_until(ui, lambda: ui.has_key("guide-visa_extension"), "the guides")
        assert len([k for k in ("visa_extension", "visa_renewal", "visa_reissue", "stay_permit",
                                "residence_permit") if ui.has_key(f"guide-{k}")]) == 5


@pytest.mark.parametrize("query", ["beijing", "Bei Jing", "北京"])
@async_test
async def test_search_in_english_pinyin_and_chinese(query: str) -> None:
    async with rendered_app("/centers") as ui:
        await wait_until(ui, lambda: bool(center_keys(ui)), "the centers")
        everything = len(center_keys(ui))
        await ui.type("q", query)
        await ui.click("search")
        await wait_until(ui, lambda: 0 < len(center_keys(ui)) < everything, "the results")
        assert set(centers_shown(ui)) == {"Beijing"}
        assert "6 service centers" in ui.texts("centers-count")


@async_test
async def test_search_in_chinese_shows_chinese_names_in_chinese() -> None:
    async with rendered_app("/centers?lang=zh") as ui:
        await wait_until(ui, lambda: bool(center_keys(ui)), "the centers")
        await ui.type("q", "shanghai")
        await ui.click("search")
        await wait_until(ui, lambda: set(centers_shown(ui)) == {"上海"}, "Shanghai")
        assert any("上海市公安局出入境管理局" in t for t in ui.texts())


@async_test
async def test_filters_and_sort_keep_the_search_when_coming_back() -> None:
    async with rendered_app("/centers") as ui:
        await wait_until(ui, lambda: bool(center_keys(ui)) and ui.has_key("filter-province"),
                         "the centers and filters")
        await ui.click("filter-province")
        await ui.click("province-Guangdong")
        await wait_until(ui, lambda: set(centers_shown(ui)) <= {"Guangzhou", "Shenzhen",
                                                                "Zhuhai"}, "Guangdong")
        assert len(center_keys(ui)) == 4
        await ui.click("filter-service")
        await ui.click("service-visa_extension")
        await wait_until(ui, lambda: len(center_keys(ui)) == 3, "Guangdong visa extension")
        switch = ui.find(ft.Switch, key="sort-soonest")
        ui.session.apply_patch(switch._i, {"value": True})
        await ui._event(switch, "change", "true")
        assert ui.state.directory.soonest_first
        first = center_keys(ui)[0]
        await ui.click(first)
        assert ui.route == f"/centers/{first.removeprefix('center-')}"
        await wait_until(ui, lambda: ui.has_key("book-here"), "the center")
        await ui.go("/centers")
        await wait_until(ui, lambda: len(center_keys(ui)) == 3 and ui.has_key("filter-province"),
                         "the same results and filters")
        assert "Province: Guangdong" in ui.texts("filter-province")
        assert "Service: Visa extension" in ui.texts("filter-service")


@async_test
async def test_center_page_in_both_languages(sample_api: Engine) -> None:
    cid = beijing_id(sample_api)
    async with rendered_app(f"/centers/{cid}") as ui:
        await wait_until(ui, lambda: ui.has_key("book-here"), "the center")
        texts = ui.texts()
        assert "Exit-Entry Administration Reception Hall of Beijing Municipal Public Security " \
               "Bureau" in texts
        assert "北京市公安局出入境管理局" in ui.texts("other-name")
        assert "北京市东城区安定门东大街2号" in ui.texts("address-zh")
        assert ui.texts("hours-0") == ["Monday", "09:00–17:00"]
        assert ui.texts("hours-6") == ["Sunday", "Closed"]
        status = " ".join(ui.texts("status"))
        assert status.startswith(("Open now", "Closes soon", "Closed now"))
        assert not ui.has_key("hours-sample")  # Beijing's hours come from its source
        assert "• Visa extension" in texts

        # Tap to call, copy the address.
        await ui.click("call-0")
        assert ui.invoked("launch_url")[-1]["url"] == "tel:01084020101"
        await ui.click("copy-address")
        assert ui.has_key("copied")

        await ui.go("/?lang=zh")
        ui.state.set_language("zh")
        await ui.go(f"/centers/{cid}")
        await wait_until(ui, lambda: ui.has_key("book-here"), "the center in Chinese")
        assert ui.texts("hours-0") == ["星期一", "09:00–17:00"]
        assert ui.texts("hours-6") == ["星期日", "休息"]


@async_test
async def test_sample_hours_are_marked(sample_api: Engine) -> None:
    with Session(sample_api) as s:
        sample = s.exec(select(Center).where(Center.hours_verified == False)).first()  # noqa: E712
        assert sample is not None
    async with rendered_app(f"/centers/{sample.id}") as ui:
        await wait_until(ui, lambda: ui.has_key("other-name"), "the center")
        assert ui.has_key("hours-sample")


@async_test
async def test_taxi_view_shows_the_chinese_address_large(sample_api: Engine) -> None:
    cid = beijing_id(sample_api)
    async with rendered_app(f"/centers/{cid}") as ui:
        await wait_until(ui, lambda: ui.has_key("taxi"), "the center")
        await ui.click("taxi")
        assert ui.route == f"/centers/{cid}/taxi"
        await wait_until(ui, lambda: ui.has_key("taxi-address"), "the taxi view")
        big = [t for t in ui.find_all(ft.Text) if t.value == "北京市东城区安定门东大街2号"]
        assert big and (big[0].size or 0) >= 40
        assert "北京市公安局出入境管理局" in ui.texts("taxi-name")
        assert not ui.has_key("language-menu")  # full screen: no top bar
        await ui.click("close-taxi")
        assert ui.route == f"/centers/{cid}"


@async_test
async def test_unknown_center_says_so() -> None:
    async with rendered_app("/centers/99999") as ui:
        await wait_until(ui, lambda: ui.has_key("form-error"), "the error")
        assert "Not found." in ui.texts("form-error")


@async_test
async def test_book_here_presets_the_center(sample_api: Engine) -> None:
    cid = beijing_id(sample_api)
    async with rendered_app("/") as ui:
        await ui.go("/signin")
        await ui.type("email", MARIA)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go(f"/centers/{cid}")
        await wait_until(ui, lambda: ui.has_key("book-here"), "the center")
        await ui.click("book-here")
        assert ui.route == "/book"
        await wait_until(ui, lambda: ui.has_key("service-visa_extension"), "the services")
        assert ui.has_key("preset-center")
        await ui.click("service-visa_extension")
        assert ui.route == "/book/day"  # the center step is skipped
        assert ui.state.booking.center is not None
        assert ui.state.booking.center["id"] == cid


@async_test
async def test_guide_sections_fees_and_sources() -> None:
    async with rendered_app("/guides/residence_permit") as ui:
        await wait_until(ui, lambda: ui.has_key("materials"), "the guide")
        for key in ("who-for", "requirements", "materials", "procedure", "method",
                    "processing-time", "fees", "where", "sources", "sample-fees"):
            assert ui.has_key(key), key
        assert "CN¥400.00" in ui.texts("fee-under_1y")
        assert "CN¥1,000.00" in ui.texts("fee-3y_5y")
        assert ui.has_key("item-passport")
        await ui.click("source-L1")
        assert ui.invoked("launch_url")[-1]["url"].startswith("https://")

        ui.state.set_language("zh")
        await wait_until(ui, lambda: "居留证件" in ui.texts("page-title"), "the guide in Chinese")
        assert "¥1,000.00" in ui.texts("fee-3y_5y")
        assert not ui.has_key("guide-language")


@async_test
async def test_checklist_signed_out_is_kept_in_memory_only(sample_api: Engine) -> None:
    async with rendered_app("/guides/visa_extension") as ui:
        await wait_until(ui, lambda: ui.has_key("item-passport"), "the checklist")
        assert "Sign in" in " ".join(ui.texts("checklist-owner"))
        await toggle(ui, "item-passport", True)
        await toggle(ui, "item-photo", True)
        assert "2 of 5 ready" in ui.texts("checklist-count")
        await ui.go("/guides")
        await ui.go("/guides/visa_extension")
        await wait_until(ui, lambda: ui.has_key("item-passport"), "the checklist again")
        assert ui.find(ft.Checkbox, key="item-passport").value is True
        with Session(sample_api) as s:
            assert s.exec(select(GuideChecklistItem)).all() == []


@async_test
async def test_checklist_signed_in_is_saved_for_the_applicant(sample_api: Engine) -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", MARIA)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/guides/residence_permit")
        await wait_until(ui, lambda: ui.has_key("item-health"), "the checklist")
        assert "Maria Garcia" in " ".join(ui.texts("checklist-owner"))
        await toggle(ui, "item-health", True)
        with Session(sample_api) as s:
            rows = s.exec(select(GuideChecklistItem)).all()
            assert [(r.service_code, r.item_key) for r in rows] == [
                ("residence_permit", "health")]
        # The text beside the box ticks and unticks it too.
        await ui.click("Your passport and visa, the originals and copies")
        assert ui.find(ft.Checkbox, key="item-passport").value is True
        await ui.click("Your passport and visa, the originals and copies")
        assert ui.find(ft.Checkbox, key="item-passport").value is False
    async with rendered_app("/signin") as ui:  # a new session: the tick is still there
        await ui.type("email", MARIA)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/guides/residence_permit")
        await wait_until(ui, lambda: ui.has_key("item-health"), "the checklist")
        await wait_until(ui, lambda: ui.find(ft.Checkbox, key="item-health").value is True,
                         "the saved tick")


@async_test
async def test_guides_from_booking_and_back(sample_api: Engine) -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", MARIA)
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/book")
        await wait_until(ui, lambda: ui.has_key("to-guides"), "the service step")
        await ui.click("to-guides")
        assert ui.route == "/guides?back=book"
        await wait_until(ui, lambda: ui.has_key("guide-stay_permit"), "the guides")
        await ui.click("guide-stay_permit")
        assert ui.route == "/guides/stay_permit?back=book"
        await wait_until(ui, lambda: ui.has_key("materials"), "the guide")
        await ui.click("back")
        assert ui.route == "/guides?back=book"
