"""Application progress and one's documents in a real browser on a phone: the inquiry without
an account in Chinese, a permit that ends soon starting a booking, and a staff step appearing
in the applicant's timeline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tools.browser import fill, open_app, scroll_to, shown_text, tap_until
from tools.live_server import start_server, stop_server

STAFF_EMAIL, STAFF_PASSWORD = "officer@example.com", "counter twelve stamp 2026"
DEMO_PASSWORD = "Demo-pass-2026"
WAIT = 20_000
STEP = '[flt-semantics-identifier="step"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this module's own, with a staff account (nothing shared with other tests)."""
    workdir: Path = tmp_path_factory.mktemp("progress-server")
    proc, url = start_server(workdir, STAFF_EMAIL=STAFF_EMAIL, STAFF_PASSWORD=STAFF_PASSWORD)
    yield LiveServer(url, workdir)
    stop_server(proc)


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    open_app(page, server.url + "/signin")
    expect(page.get_by_role("textbox", name="E-mail address")).to_be_visible(timeout=WAIT)
    fill(page, "E-mail address", email)
    fill(page, "Password", DEMO_PASSWORD)
    tap_until(page, page.get_by_role("button", name="Sign in").last,
              shown_text(page, "Signed in as"))


def test_inquiry_without_an_account_in_chinese(server: LiveServer, phone: Page, shots) -> None:
    open_app(phone, server.url + "/inquiry?lang=zh", wait_text="查询办理进度")
    shots(phone, "inquiry-form-zh")
    # Nothing typed: the errors are next to the fields, in Chinese.
    phone.get_by_role("button", name="查询进度").click()
    expect(shown_text(phone, "请按受理回执填写受理编号")).to_be_visible(timeout=WAIT)
    shots(phone, "inquiry-errors-zh")
    fill(phone, "受理编号", "CD2026-507821")
    fill(phone, "护照号码", "B50372914")
    tap_until(phone, phone.get_by_role("button", name="查询进度"), shown_text(phone, "不予批准"))
    expect(shown_text(phone, "签证延期")).to_be_visible()
    shots(phone, "inquiry-result-zh")
    steps = phone.locator('[flt-semantics-identifier="timeline"]')
    scroll_to(phone, shown_text(phone, "全部步骤"))
    expect(steps).to_be_attached()
    expect(shown_text(phone, "Refused: the total of extensions")).to_be_visible(timeout=WAIT)
    shots(phone, "inquiry-timeline-zh")


def test_permit_ending_soon_starts_a_booking(server: LiveServer, phone: Page, shots) -> None:
    sign_in(phone, server, "maria@example.com")
    phone.get_by_role("button", name=re.compile("My visas and permits")).click()
    expect(shown_text(phone, "Ends in 40 days")).to_be_visible(timeout=WAIT)
    expect(shown_text(phone, "SH3108827461")).to_be_visible()
    shots(phone, "documents-expiring-en")
    book = phone.get_by_role("button", name="Book: Residence permit")
    scroll_to(phone, book)
    book.click()
    # The service is already chosen: the booking starts at step 2, the service center.
    expect(phone.locator(STEP)).to_have_text("Step 2 of 5", timeout=WAIT)
    shots(phone, "booking-from-permit-en")


def test_staff_step_appears_in_the_applicants_timeline(
    server: LiveServer, phone: Page, shots
) -> None:
    sign_in(phone, server, "john@example.com")
    phone.get_by_role("button", name=re.compile("Application progress")).click()
    expect(shown_text(phone, "Under review")).to_be_visible(timeout=WAIT)
    shots(phone, "my-applications-en")
    phone.get_by_role("button", name=re.compile("All steps and details")).click()
    expect(shown_text(phone, "All steps")).to_be_visible(timeout=WAIT)
    shots(phone, "application-before-en")

    note = "Please bring your hotel registration form (住宿登记表) to counter 4."
    base = f"{server.url}/api/v1"
    token = httpx.post(f"{base}/auth/login", timeout=10,
                       json={"email": STAFF_EMAIL, "password": STAFF_PASSWORD}
                       ).json()["access_token"]
    r = httpx.post(f"{base}/staff/applications/BJ2026-203117/events", timeout=10,
                   headers={"Authorization": f"Bearer {token}"},
                   json={"status": "more_materials", "note": note})
    assert r.status_code == 201, r.text
    assert any(m["to"] == "+86 138 0000 0002" and note in m["body"] for m in server.outbox())

    # Under the whole timeline (drawn in full since the timeline fix): scroll to it.
    scroll_to(phone, phone.get_by_role("button", name="Refresh")).click()
    expect(shown_text(phone, "More materials needed").first).to_be_visible(timeout=WAIT)
    expect(shown_text(phone, note)).to_be_visible(timeout=WAIT)
    # Above the timeline, at the top of the screen: scroll back up to it.
    paused = scroll_to(phone, shown_text(phone, "The time limit is paused"), step=-300)
    expect(paused).to_be_visible()
    shots(phone, "application-after-staff-step-en")
