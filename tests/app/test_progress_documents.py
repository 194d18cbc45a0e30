"""My applications with their timelines, the inquiry without an account, and my documents
with the expiry warning that starts a booking, and the copy buttons."""

from __future__ import annotations

import flet as ft
import pytest

from app.i18n import Translator
from tests.app.flet_harness import RenderedApp, async_test, rendered_app
from tests.app.test_booking import sign_in, wait_until

pytestmark = pytest.mark.usefixtures("sample_api")

ZH = Translator("zh")


@async_test
async def test_my_applications_show_status_in_words_and_the_timeline() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui, "john@example.com")
        await ui.go("/")
        await ui.click("tile-progress")
        assert ui.route == "/applications"
        await wait_until(ui, lambda: ui.has_key("application-BJ2026-203117"), "the application")
        card = ui.texts("application-BJ2026-203117")
        assert "Visa extension" in card and "Under review" in card
        assert any("This is an estimate" in t for t in card)
        icons = [i.icon for i in ui.find_all(ft.Icon)]
        assert ft.Icons.MANAGE_SEARCH in icons  # the status has an icon as well as words
        await ui.click("open-BJ2026-203117")
        assert ui.route == "/applications/BJ2026-203117"
        await wait_until(ui, lambda: ui.has_key("timeline"), "the timeline")
        steps = ui.texts("timeline")
        # The latest step first, each with its date and note.
        assert steps.index("Under review") < steps.index("Accepted") < steps.index("Submitted")
        assert "Under review by the visa section." in steps
        assert ui.has_key("expected")


@async_test
async def test_signed_out_progress_offers_the_inquiry_and_sign_in() -> None:
    async with rendered_app("/applications") as ui:
        assert ui.has_key("signin-needed")
        await ui.click("to-inquiry")
        assert ui.route == "/inquiry"
        await ui.go("/signin")
        await ui.click("to-inquiry")
        assert ui.route == "/inquiry"


@async_test
async def test_inquiry_in_chinese_errors_next_to_fields_then_the_timeline() -> None:
    async with rendered_app("/inquiry?lang=zh") as ui:
        await ui.click("submit")
        assert ui.field("application_no").error == ZH(
            "Enter the application number as on your receipt, for example CD2026-507821.")
        assert ui.field("passport_no").error
        # A wrong passport: one message for the form, the same as for a wrong number.
        await ui.type("application_no", "CD2026-507821")
        await ui.type("passport_no", "B50372915")
        await ui.click("submit")
        await wait_until(ui, lambda: ui.has_key("form-error"), "the refusal")
        refusal = ui.texts("form-error")
        assert refusal == [ZH("No application matches this application number and passport "
                              "number. Check both against your receipt and passport.")]
        assert ui.field("application_no").value == "CD2026-507821"  # nothing typed is lost
        await ui.type("passport_no", "b50372914")
        await ui.click("submit")
        await wait_until(ui, lambda: ui.has_key("timeline"), "the timeline")
        texts = ui.texts()
        assert ZH("Refused") in texts and ZH("Visa extension") in texts
        assert ZH("Refused") != "Refused"
        assert any(t.startswith("Refused: the total of extensions") for t in texts)
        assert "CD2026-507821" in ui.texts("application-no")
        await ui.click("again")
        assert ui.field("application_no").value == ""


async def open_documents(ui: RenderedApp, email: str, route: str = "/documents") -> None:
    await sign_in(ui, email)
    await ui.go(route)
    await wait_until(ui, lambda: ui.has_key("passport"), "the documents")


@async_test
async def test_expiring_permit_warns_and_starts_booking_its_service() -> None:
    async with rendered_app("/") as ui:
        await open_documents(ui, "maria@example.com")
        [permit] = [k for k in ("permit-1", "permit-2", "permit-3") if ui.has_key(k)]
        pid = permit.split("-")[1]
        assert ui.has_key(f"expiring-{pid}")
        assert "SH3108827461" in ui.texts(permit)
        assert any("Ends in 40 days" in t for t in ui.texts(permit))
        assert ui.has_key("no-pr-card")
        assert "PAF482913" in ui.texts("passport")
        await ui.click(f"renew-{pid}")
        assert ui.route == "/book/center"
        assert ui.state.booking.service == {"code": "residence_permit",
                                            "name": "Residence permit"}
        await wait_until(ui, lambda: any(str(getattr(c, "key", "")).startswith("center-")
                                         for c in ui.controls()), "the centers")


@async_test
async def test_valid_permit_has_no_warning_and_numbers_can_be_copied() -> None:
    async with rendered_app("/") as ui:
        await open_documents(ui, "john@example.com")
        assert not any(str(getattr(c, "identifier", "")).startswith("expiring-")
                       for c in ui.find_all(ft.Semantics))
        assert not ui.has_key("passport-number-copied")
        await ui.click("copy-passport-number")
        assert ui.invoked("set")[-1] == {"data": "568123947"}
        assert ui.has_key("passport-number-copied")
        assert "Copied" in ui.texts("passport-number-copied")


@async_test
async def test_pr_card_page_in_chinese() -> None:
    async with rendered_app("/?lang=zh") as ui:
        await open_documents(ui, "elena@example.com", "/documents/pr-card")
        card = ui.texts("pr-card")
        assert "931643196511230016" in card
        assert "PETROVA, ELENA" in card and "叶莲娜" in card
        assert "俄罗斯 (RUS)" in card
        assert "1965年11月23日" in card
        assert not ui.has_key("permits")  # this page is the card and the passport only
        await ui.click("copy-pr-number")
        assert ui.invoked("set")[-1] == {"data": "931643196511230016"}


@async_test
async def test_documents_ask_to_sign_in() -> None:
    async with rendered_app("/documents") as ui:
        assert ui.has_key("signin-needed")
        assert not ui.has_key("to-inquiry")
