"""The document linking passport and PR card in a real browser: Elena issues one from her PR
card page, then anyone checks its code on the public page."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tools.browser import fill, open_app, scroll_to, shown_text, tap_until

DEMO_PASSWORD = "Demo-pass-2026"
WAIT = 20_000


def test_issue_in_the_app_then_verify_the_code(
    fresh_server: LiveServer, phone: Page, shots
) -> None:
    server = fresh_server
    open_app(phone, server.url + "/signin")
    expect(phone.get_by_role("textbox", name="E-mail address")).to_be_visible(timeout=WAIT)
    fill(phone, "E-mail address", "elena@example.com")
    fill(phone, "Password", DEMO_PASSWORD)
    tap_until(phone, phone.get_by_role("button", name="Sign in").last,
              shown_text(phone, "Signed in as"))

    tile = phone.get_by_role("button", name=re.compile("Passport and PR card document"))
    scroll_to(phone, tile.first)
    tile.first.click()
    issue = phone.get_by_role("button", name="Issue a new document")
    expect(issue).to_be_visible(timeout=WAIT)
    issue.click()
    issued = shown_text(phone, "A new document was issued")
    expect(issued).to_be_visible(timeout=WAIT)
    shots(phone, "certificate-issued")
    text = issued.first.text_content() or issued.first.get_attribute("aria-label") or ""
    found = re.search(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", text)
    if found is None:  # the label may be elsewhere: read the code from the page's text
        found = re.search(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}",
                          phone.locator("body").inner_text())
    assert found, text
    code = found.group(0)

    # Download the PDF, as a holder would to send it to a bank; the file itself checks out.
    download_button = scroll_to(phone, phone.get_by_role("button", name="Download PDF").first)
    with phone.expect_download(timeout=WAIT) as download:
        download_button.click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115 - a test reads it once
    assert pdf.startswith(b"%PDF")
    checked = httpx.post(f"{server.url}/api/v1/verify", content=pdf, timeout=20,
                         headers={"Content-Type": "application/pdf"}).json()
    assert checked["status"] == "valid" and checked["holder_name"] == "PETROVA, ELENA"

    open_app(phone, server.url + "/verify-document")
    expect(phone.get_by_role("textbox", name="Verification code")).to_be_visible(timeout=WAIT)
    fill(phone, "Verification code", code)
    tap_until(phone, phone.get_by_role("button", name="Check", exact=True),
              shown_text(phone, "This document is genuine and valid."))
    expect(shown_text(phone, "****4567")).to_be_visible(timeout=WAIT)
    shots(phone, "certificate-verified")
    # And the API agrees, for an institution without the app.
    status = httpx.get(f"{server.url}/api/v1/verify/{code}", timeout=20).json()["status"]
    assert status == "valid"
