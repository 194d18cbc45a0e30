"""Help from a friend, end to end: a helper adds Yuki with the code from her SMS, acts for
her (books, checks progress); Yuki signs in, sees what was done for her and removes the
helper's access; the helper's next request is refused."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LiveServer
from tools.browser import PHONE, choose, fill, open_app, scroll_to, shown_text, tap_until

WAIT = 20_000
PASSWORD = "a long family passphrase"
YUKI_PHONE = "+86 139 0000 0006"
PLACES = re.compile(r"places? left")


def register(page: Page, server: LiveServer, name: str, email: str) -> None:
    open_app(page, server.url + "/register?lang=en", wait_text="Create an account")
    fill(page, "Your full name", name)
    fill(page, "E-mail address", email)
    fill(page, "Password", PASSWORD)
    tap_until(page, page.get_by_role("button", name="Create account"),
              page.locator('[flt-semantics-identifier="step"]', has_text="Step 1 of 2"))


def yuki_identity(page: Page) -> None:
    fill(page, "Passport number", "TK1234567")
    choose(page, "Nationality", "Japan")
    fill(page, "Full name as in the passport", "Yuki Tanaka")
    fill(page, "Date of birth", "1995-04-12")


def last_code(server: LiveServer) -> str:
    return [m for m in server.outbox() if m["to"] == YUKI_PHONE and m.get("code")][-1]["code"]


def acting_for(page: Page) -> str:
    """What the "acting for" banner says (its words are the node's label, its button inside)."""
    banner = page.locator('[flt-semantics-identifier="acting-for"]')
    expect(banner).to_be_visible(timeout=WAIT)
    return f"{banner.get_attribute('aria-label') or ''} {banner.inner_text()}".strip()


def test_helper_acts_for_yuki_until_she_removes_access(
    fresh_server: LiveServer, browser: Browser, shots
) -> None:
    server = fresh_server
    helper_ctx = browser.new_context(viewport=PHONE)
    yuki_ctx = browser.new_context(viewport=PHONE)
    helper, yuki = helper_ctx.new_page(), yuki_ctx.new_page()

    # The helper registers (no identity of their own is needed) and adds Yuki as a friend.
    register(helper, server, "Wang Fang", "wang@example.com")
    open_app(helper, server.url + "/people?lang=en", wait_text="You do not help anyone yet.")
    shots(helper, "people-empty")
    helper.get_by_role("button", name="Add a person").click()
    helper.get_by_role("button", name=re.compile("^Friend")).click()
    yuki_identity(helper)
    shots(helper, "add-person-details")
    tap_until(helper, helper.get_by_role("button", name="Send them a code"),
              helper.locator('[flt-semantics-identifier="step"]', has_text="Step 3 of 3"))
    sms = [m for m in server.outbox() if m["to"] == YUKI_PHONE][-1]
    assert "Wang Fang" in sms["body"] and sms["code"] in sms["body"]
    fill(helper, "Code they received", sms["code"])
    tap_until(helper, helper.get_by_role("button", name="Confirm"),
              shown_text(helper, "You can now help Yuki Tanaka. You are acting for them."))
    assert acting_for(helper).startswith("Acting for: Yuki Tanaka, Friend")
    shots(helper, "acting-for-yuki")

    # Book for her: the banner stays on every step and says whose business it is.
    helper.get_by_role("button", name="Back").click()
    helper.get_by_role("button", name=re.compile("Book an appointment")).click()
    expect(helper.locator('[flt-semantics-identifier="step"]')).to_have_text(
        "Step 1 of 5", timeout=WAIT)
    assert "Yuki Tanaka" in acting_for(helper)
    step = helper.locator('[flt-semantics-identifier="step"]')
    centers = helper.get_by_role("button", name=re.compile("Next free day"))
    tap_until(helper, helper.get_by_role("button", name="Visa extension"), centers)
    choices = helper.get_by_role("button", name=PLACES)
    tap_until(helper, centers.first, step.filter(has_text="Step 3 of 5"))
    expect(choices.first).to_be_visible(timeout=WAIT)
    tap_until(helper, scroll_to(helper, choices.nth(2)), step.filter(has_text="Step 4 of 5"))
    expect(choices.first).to_be_visible(timeout=WAIT)
    tap_until(helper, choices.first, step.filter(has_text="Step 5 of 5"))
    expect(helper.locator('[flt-semantics-identifier="review-applicant"]')
           ).to_contain_text("Yuki Tanaka", timeout=WAIT)
    shots(helper, "review-for-yuki")
    tap_until(helper, helper.get_by_role("button", name="Book", exact=True),
              helper.locator('[flt-semantics-identifier="reference"]'))
    expect(helper.locator('[flt-semantics-identifier="done-booked-by"]')).to_contain_text(
        "Wang Fang, for Yuki Tanaka")
    shots(helper, "booked-for-yuki")
    email = [m for m in server.outbox() if m["to"] == "wang@example.com"][-1]
    assert email["body"].startswith("Booked for Yuki Tanaka")

    # Her application's progress.
    open_app(helper, server.url + "/applications?lang=en", wait_text="HZ2026-412608")
    assert "Yuki Tanaka" in acting_for(helper)
    shots(helper, "progress-for-yuki")

    # Yuki registers, verifies, and sees her helper and what the helper did.
    register(yuki, server, "Yuki Tanaka", "yuki@example.com")
    yuki_identity(yuki)
    tap_until(yuki, yuki.get_by_role("button", name="Send me a code"),
              yuki.locator('[flt-semantics-identifier="step"]', has_text="Step 2 of 2"))
    fill(yuki, "Code from the SMS", last_code(server))
    tap_until(yuki, yuki.get_by_role("button", name="Confirm"),
              shown_text(yuki, "Identity verified: Yuki Tanaka"))
    scroll_to(yuki, yuki.get_by_role("button", name="What was done for me")).click()
    done_by = yuki.get_by_text(re.compile("Booked an appointment"))
    expect(done_by.first).to_be_visible(timeout=WAIT)
    expect(shown_text(yuki, "Wang Fang (helper)")).to_be_visible()
    shots(yuki, "activity")
    open_app(yuki, server.url + "/helpers?lang=en", wait_text="My helpers")
    expect(shown_text(yuki, "wang@example.com")).to_be_visible(timeout=WAIT)
    shots(yuki, "my-helpers")
    yuki.get_by_role("button", name="Remove access").click()
    yuki.get_by_role("button", name="Yes, remove access").click()
    expect(shown_text(yuki, "Wang Fang can no longer act for you.")).to_be_visible(timeout=WAIT)
    expect(shown_text(yuki, "Nobody helps you at the moment.")).to_be_visible(timeout=WAIT)
    shots(yuki, "helper-removed")

    # The helper's next request is refused, and the app no longer acts for Yuki.
    helper.get_by_role("button", name="Back").click()
    helper.get_by_role("button", name=re.compile("Application progress")).click()
    # The server answers 403; the app then reads again whom the helper may act for: nobody.
    expect(helper.locator('[flt-semantics-identifier="acting-for"]')).to_have_count(
        0, timeout=WAIT)
    expect(shown_text(helper, "HZ2026-412608")).to_have_count(0)
    # And over the API with the helper's own sign-in: refused.
    api = f"{server.url}/api/v1"
    yuki_token = httpx.post(f"{api}/auth/login", json={
        "email": "yuki@example.com", "password": PASSWORD}).json()["access_token"]
    yuki_aid = httpx.get(f"{api}/me", headers={"Authorization": f"Bearer {yuki_token}"}
                         ).json()["applicant"]["id"]
    helper_token = httpx.post(f"{api}/auth/login", json={
        "email": "wang@example.com", "password": PASSWORD}).json()["access_token"]
    r = httpx.get(f"{api}/applicants/{yuki_aid}/applications",
                  headers={"Authorization": f"Bearer {helper_token}"})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    shots(helper, "refused")
    helper_ctx.close()
    yuki_ctx.close()
