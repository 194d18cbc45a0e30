"""A helper acts for the people they help: banner, switcher, adding a person, stopping; an
applicant sees their helpers and what was done for them, and removes access."""

from __future__ import annotations

import pytest

from backend.data.people import DEMO_PASSWORD
from tests.app.flet_harness import RenderedApp, async_test, rendered_app
from tests.app.test_booking import sign_in, wait_until
from tests.conftest import read_outbox

pytestmark = pytest.mark.usefixtures("sample_api")


def banner_text(ui: RenderedApp) -> str:
    return " ".join(ui.texts("acting-for"))


@async_test
async def test_helper_sees_whose_business_on_every_screen_and_switches() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui, "liwei@example.com", DEMO_PASSWORD)
        await ui.go("/")
        first = banner_text(ui)
        assert first.startswith("Acting for: ") and ("Ahmed Hassan" in first or "Sofia" in first)
        for route in ("/book", "/applications", "/documents", "/account"):
            await ui.go(route)
            assert banner_text(ui) == first, route
        await ui.click("switch-applicant")
        assert ui.route == "/people"
        sofia = next(a for a in ui.state.me["applicants"] if a["full_name"] == "Sofia Kim")
        await ui.click(f"applicant-{sofia['id']}")
        assert ui.route == "/"
        assert banner_text(ui).startswith("Acting for: Sofia Kim, ")
        assert ui.state.applicant_id == sofia["id"]
        assert "Now acting for Sofia Kim." in ui.texts()


@async_test
async def test_people_without_helpers_see_no_banner() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)
        await ui.go("/")
        assert not ui.has_key("acting-for")


@async_test
async def test_add_a_person_with_their_code_in_three_steps() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui)  # Maria helps her friend Yuki
        await ui.go("/people/add")
        assert "Step 1 of 3" in " ".join(ui.texts("step"))
        await ui.click("relation-friend")
        await ui.click("send-code")
        assert ui.field("passport_no").error  # nothing typed: errors next to the fields
        await ui.type("passport_no", "TK1234567")
        await ui.select("nationality", "JP")
        await ui.type("full_name", "Yuki Tanaka")
        await ui.type("birth_date", "1995-04-12")
        await ui.click("send-code")
        assert "Step 3 of 3" in " ".join(ui.texts("step"))
        code = [m for m in read_outbox() if m.get("code")][-1]["code"]
        await ui.type("code", "000000" if code != "000000" else "111111")
        await ui.click("confirm")
        assert ui.field("code").error == "This code is not correct. 4 tries left."
        await ui.type("code", code)
        await ui.click("confirm")
        assert ui.route == "/people"
        assert "Acting for: Yuki Tanaka, Friend" in banner_text(ui)
        assert any("You can now help Yuki Tanaka" in t for t in ui.texts())


@async_test
async def test_a_child_needs_the_declaration() -> None:
    async with rendered_app("/?lang=zh") as ui:
        await sign_in(ui)
        await ui.go("/people/add")
        await ui.click("relation-guardian")
        await ui.type("passport_no", "M71940258")
        await ui.select("nationality", "KR")
        await ui.type("full_name", "Sofia Kim")
        await ui.type("birth_date", "2015-09-10")
        await ui.click("send-code")
        assert any("16" in t for t in ui.texts("form-error"))
        await ui.check("guardian-declaration")
        await ui.click("send-code")
        assert "第 3 步，共 3 步" in " ".join(ui.texts("step"))


@async_test
async def test_applicant_removes_a_helper_and_sees_the_activity() -> None:
    async with rendered_app("/") as helper_ui:
        await sign_in(helper_ui, "liwei@example.com", DEMO_PASSWORD)
        ahmed = next(a for a in helper_ui.state.me["applicants"]
                     if a["full_name"] == "Ahmed Hassan")
        await helper_ui.go(f"/people/{ahmed['id']}/stop")
        await helper_ui.click("confirm-stop")
        assert helper_ui.route == "/people"
        assert all(a["full_name"] != "Ahmed Hassan" for a in helper_ui.state.me["applicants"])
    async with rendered_app("/") as ui:
        await sign_in(ui, "minjun@example.com", DEMO_PASSWORD)  # Sofia's father, verified
        await ui.go("/helpers")
        await wait_until(ui, lambda: ui.has_key("nobody") or any(
            k.startswith("revoke-") for k in map(str, (c.key for c in ui.controls()))), "helpers")
        assert ui.has_key("nobody")  # his own helpers: none
        await ui.go("/activity")
        await wait_until(ui, lambda: not ui.has_key("loading"), "activity")
        assert ui.texts()  # the page rendered its list or its "nothing yet"
