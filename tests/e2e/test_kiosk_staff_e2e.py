"""The kiosk tablet and the staff console in a real browser on a 1024x768 tablet: check-in by
reference with the queue number, the wrong day and the wrong center refused, the reset after
inactivity that leaves nothing behind, a staff closure that messages and lets the applicant
rebook, and an officer of one center refused at another.

The demo data gives the Beijing reception hall (center 1) a visitor due minutes after the
server started (KIOSK_REFERENCE) and one on its next open day (NEXT_DAY_REFERENCE).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from backend.data.center_day import KIOSK_REFERENCE, NEXT_DAY_REFERENCE
from backend.services.references import display
from tests.e2e.conftest import LiveServer
from tools.browser import TABLET, fill, open_app, scroll_to, shown_text, tap_until
from tools.live_server import start_server, stop_server

DEMO_PASSWORD = "Demo-pass-2026"
WAIT = 20_000
BEIJING_NAME = "Exit-Entry Administration Reception Hall of Beijing"


def _serve(workdir: Path, **env: str) -> Iterator[LiveServer]:
    proc, url = start_server(workdir, **env)
    yield LiveServer(url, workdir)
    stop_server(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this module's own, with the ordinary idle times."""
    yield from _serve(tmp_path_factory.mktemp("kiosk-server"))


@pytest.fixture
def tablet(browser: Browser) -> Iterator[Page]:
    """A fresh tablet-sized browser context (the kiosks and the counters are tablets)."""
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    yield page
    context.close()


def by_id(page: Page, identifier: str) -> Locator:
    """The button named for tests by ft.Semantics(identifier=...)."""
    node = page.locator(f'[flt-semantics-identifier="{identifier}"]')
    return node.get_by_role("button").or_(node.and_(page.get_by_role("button"))).first


def start_kiosk(page: Page, server: LiveServer, center: int, lang: str = "en") -> None:
    open_app(page, f"{server.url}/kiosk/{center}")
    by_id(page, f"start-{lang}").wait_for(timeout=WAIT)
    by_id(page, f"start-{lang}").click()


def scan(page: Page, reference: str) -> None:
    """What a QR scanner does: types the reference as keys, then presses Enter, into whatever
    has the focus (nothing is tapped first; the field may or may not have it)."""
    field = page.get_by_role("textbox", name=re.compile("Reference of your appointment|预约编号"))
    expect(field).to_be_visible(timeout=WAIT)
    page.keyboard.type(reference, delay=30)
    page.keyboard.press("Enter")


def open_check_in(page: Page, label: str = "Check in for my appointment") -> None:
    button = page.get_by_role("button", name=re.compile(label))
    expect(button).to_be_visible(timeout=WAIT)
    button.click()


def sign_in(page: Page, email: str) -> None:
    expect(page.get_by_role("textbox", name="E-mail address")).to_be_visible(timeout=WAIT)
    fill(page, "E-mail address", email)
    fill(page, "Password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()


def test_check_in_at_the_kiosk_and_the_refusals(server: LiveServer, tablet: Page, shots) -> None:
    # At another center's kiosk (Zhongguancun), in Chinese: the right center is named.
    start_kiosk(tablet, server, 2, "zh")
    expect(shown_text(tablet, "预约签到")).to_be_visible(timeout=WAIT)
    shots(tablet, "kiosk-menu-zh")
    open_check_in(tablet, "预约签到")
    scan(tablet, KIOSK_REFERENCE)
    expect(shown_text(tablet, "此预约在另一个服务大厅")).to_be_visible(timeout=WAIT)
    expect(shown_text(tablet, "北京市公安局出入境管理局")).to_be_visible()
    shots(tablet, "kiosk-wrong-center-zh")

    # At the right center, in English: another day's appointment is refused with its date.
    start_kiosk(tablet, server, 1)
    shots(tablet, "kiosk-menu-en")
    open_check_in(tablet)
    shots(tablet, "kiosk-check-in-en")
    scan(tablet, NEXT_DAY_REFERENCE)
    expect(shown_text(tablet, "This appointment is not today")).to_be_visible(timeout=WAIT)
    shots(tablet, "kiosk-wrong-day-en")
    scan(tablet, "NOPE-NOPE")
    expect(shown_text(tablet, "We cannot find an appointment")).to_be_visible(timeout=WAIT)

    # Today's appointment: the queue number, very large, and no personal data.
    scan(tablet, display(KIOSK_REFERENCE).lower())
    number = tablet.locator('[flt-semantics-identifier="queue-number"]')
    expect(number).to_be_visible(timeout=WAIT)
    expect(number).to_have_text(re.compile("Your number is A 0 0 2"))
    box = number.bounding_box()
    assert box is not None and box["height"] >= 120, box  # readable across the room
    expect(shown_text(tablet, "Visa extension")).to_be_visible()
    assert "Hans" not in tablet.locator("flt-semantics-host").inner_text()
    shots(tablet, "kiosk-queue-number")
    tablet.get_by_role("button", name="Done").click()
    expect(by_id(tablet, "start-en")).to_be_visible(timeout=WAIT)


@pytest.fixture
def quick_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose kiosks warn after 6 idle seconds and reset after 12."""
    yield from _serve(tmp_path_factory.mktemp("quick-kiosk"), KIOSK_WARN_SECONDS="6",
                      KIOSK_IDLE_SECONDS="12")


def _storage(page: Page) -> str:
    """Everything the browser keeps for the site: local and session storage, cookies and the
    names of IndexedDB databases."""
    stored = page.evaluate(
        """async () => {
            const dbs = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
            return JSON.stringify({local: {...localStorage}, session: {...sessionStorage},
                                   cookies: document.cookie, indexeddb: dbs});
        }"""
    )
    cookies = page.context.cookies()
    return f"{stored} {cookies}"


def _token_hashes(server: LiveServer, email: str) -> tuple[list[str], list[str | None]]:
    with sqlite3.connect(server.workdir / "app.db") as db:
        rows = db.execute(
            "SELECT token_hash, revoked_at FROM authsession JOIN account "
            "ON account.id = authsession.account_id WHERE account.email = ?", (email,)
        ).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def test_inactivity_resets_the_kiosk_and_leaves_nothing(
    quick_server: LiveServer, tablet: Page, shots
) -> None:
    server = quick_server
    start_kiosk(tablet, server, 1)
    tablet.get_by_role("button", name=re.compile("^Sign in Your appointments")).click()
    sign_in(tablet, "olivia@example.com")
    expect(shown_text(tablet, "Signed in as Olivia Brown")).to_be_visible(timeout=WAIT)
    tablet.get_by_role("button", name=re.compile("My appointments")).first.click()
    ref_shown = display(NEXT_DAY_REFERENCE)
    expect(shown_text(tablet, ref_shown)).to_be_visible(timeout=WAIT)
    shots(tablet, "kiosk-signed-in-appointments")

    # Six idle seconds: the warning; more time keeps her where she was.
    expect(shown_text(tablet, "Are you still there?")).to_be_visible(timeout=WAIT)
    shots(tablet, "kiosk-idle-warning")
    tablet.get_by_role("button", name="I need more time").click()
    expect(shown_text(tablet, "Are you still there?")).to_have_count(0, timeout=WAIT)
    expect(shown_text(tablet, ref_shown)).to_be_visible()

    # Then nobody: everything is cleared and the start screen is back.
    expect(shown_text(tablet, "nobody used it for a while")).to_be_visible(timeout=WAIT)
    expect(by_id(tablet, "start-en")).to_be_visible()
    shots(tablet, "kiosk-after-reset")
    page_text = tablet.locator("flt-semantics-host").inner_text()
    for personal in ("Olivia", ref_shown, "olivia@example.com"):
        assert personal not in page_text

    # The server session is over, and the browser kept neither the token nor her data.
    hashes, revoked = _token_hashes(server, "olivia@example.com")
    assert hashes and all(r is not None for r in revoked)
    stored = _storage(tablet)
    for personal in ("Olivia", "olivia@example.com", NEXT_DAY_REFERENCE, ref_shown):
        assert personal not in stored
    words = set(re.findall(r"[A-Za-z0-9_\-]{20,}", stored))
    assert not {hashlib.sha256(w.encode()).hexdigest() for w in words} & set(hashes)

    # Going back shows the start screen, never her appointments.
    for _ in range(4):
        tablet.go_back()
        tablet.wait_for_timeout(1500)
        expect(by_id(tablet, "start-en")).to_be_visible(timeout=WAIT)
        assert "Olivia" not in tablet.locator("flt-semantics-host").inner_text()
        assert ref_shown not in tablet.locator("flt-semantics-host").inner_text()
    shots(tablet, "kiosk-after-back")


def test_finish_button_clears_at_once(server: LiveServer, tablet: Page, shots) -> None:
    start_kiosk(tablet, server, 1)
    tablet.get_by_role("button", name=re.compile("^Sign in Your appointments")).click()
    sign_in(tablet, "olivia@example.com")
    expect(shown_text(tablet, "Signed in as Olivia Brown")).to_be_visible(timeout=WAIT)
    tablet.get_by_role("button", name="Finish").click()
    expect(shown_text(tablet, "Everything you did on this screen has been cleared")
           ).to_be_visible(timeout=WAIT)
    assert "Olivia" not in tablet.locator("flt-semantics-host").inner_text()
    shots(tablet, "kiosk-finished")


def test_staff_closure_messages_and_the_applicant_rebooks(
    server: LiveServer, browser: Browser, shots
) -> None:
    counter = browser.new_context(viewport=TABLET).new_page()
    open_app(counter, server.url + "/signin")
    sign_in(counter, "staff.beijing@example.com")
    counter.get_by_role("button", name="Staff console").click()
    expect(shown_text(counter, "Appointments today")).to_be_visible(timeout=WAIT)
    shots(counter, "staff-day")
    counter.get_by_role("button", name="Closures").click()
    expect(shown_text(counter, "Close the center")).to_be_visible(timeout=WAIT)
    with sqlite3.connect(server.workdir / "app.db") as db:
        [(start,)] = db.execute("SELECT start FROM appointment WHERE reference = ?",
                                (NEXT_DAY_REFERENCE,)).fetchall()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    day = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo("UTC")).astimezone(
        ZoneInfo("Asia/Shanghai")).date().isoformat()
    before = len(server.outbox())
    add = counter.get_by_role("button", name="Close the center on these days")
    done = shown_text(counter, "Appointments marked: 1.")
    # Typed again if the app answers that no date was given: Flutter's web field sometimes
    # shows text that never reached the app (see tools/browser.fill).
    for attempt in range(3):
        fill(counter, "First day closed", "")
        fill(counter, "First day closed", day)
        fill(counter, "Reason (shown to the applicants)", "Water pipe repair")
        scroll_to(counter, add)
        try:
            tap_until(counter, add, done, tries=2)
            break
        except AssertionError:
            if attempt == 2:
                raise
    shots(counter, "staff-closure-done")
    sent = server.outbox()[before:]
    assert {m["to"] for m in sent} == {"+86 139 0000 0012", "olivia@example.com"}
    assert all("Water pipe repair" in m["body"] for m in sent)
    counter.context.close()

    # Olivia sees it in My appointments and chooses another time; her changes stay at 2.
    applicant = browser.new_context(viewport=TABLET).new_page()
    open_app(applicant, server.url + "/signin")
    sign_in(applicant, "olivia@example.com")
    expect(shown_text(applicant, "Signed in as Olivia Brown")).to_be_visible(timeout=WAIT)
    open_app(applicant, server.url + "/appointments")
    expect(shown_text(applicant, "The service center is closed at this time")
           ).to_be_visible(timeout=WAIT)
    shots(applicant, "applicant-center-closed")
    applicant.get_by_role("button", name="Choose another time").click()
    days = applicant.get_by_role("button", name=re.compile(r"places? left"))
    expect(days.first).to_be_visible(timeout=WAIT)
    tap_until(applicant, days.first, applicant.get_by_role(
        "button", name=re.compile(r"^\d\d:\d\d")))
    applicant.get_by_role("button", name=re.compile(r"^\d\d:\d\d")).first.click()
    confirm = applicant.get_by_role("button", name="Confirm the new time")
    expect(confirm).to_be_visible(timeout=WAIT)
    confirm.click()
    expect(shown_text(applicant, "Your appointment is now on")).to_be_visible(timeout=WAIT)
    expect(shown_text(applicant, "Changes of time left: 2")).to_be_visible()
    assert "closed at this time" not in applicant.locator("flt-semantics-host").inner_text()
    shots(applicant, "applicant-rebooked")
    applicant.context.close()


def test_staff_of_one_center_cannot_act_for_another(
    server: LiveServer, tablet: Page, shots
) -> None:
    open_app(tablet, server.url + "/signin")
    sign_in(tablet, "staff.shanghai@example.com")
    tablet.get_by_role("button", name="Staff console").click()
    expect(shown_text(tablet, "Appointments today")).to_be_visible(timeout=WAIT)
    expect(shown_text(tablet, "Shanghai")).to_be_visible()
    # The Beijing center's console, its closures and its capacity, by address.
    for path in ("/staff/centers/1", "/staff/centers/1/closures", "/staff/centers/1/capacity"):
        open_app(tablet, server.url + path)
        expect(shown_text(tablet, "You work at another service center")
               ).to_be_visible(timeout=WAIT)
        shown = tablet.locator("flt-semantics-host").inner_text()
        for beijing in ("Priya", "Hans", BEIJING_NAME, "Close the center on these days"):
            assert beijing not in shown, (path, beijing)
        shots(tablet, "staff-other-center-" + path.rsplit("/", 1)[-1])
