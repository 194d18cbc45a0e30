"""Walking the app's screens in Chromium and checking what a screen reader and a phone see.

Used by the accessibility test and by `make screenshots`. The checks read Flutter's
accessibility tree (turned on by open_app) and the painted pixels:
- every button, link, field, checkbox, radio and switch has an accessible name;
- every tappable node is at least 48x48 px;
- nothing sticks out sideways: no node beyond the screen's edges, no region that scrolls
  sideways, and no paint in the strips next to the screen's edges (where a Row that is too
  wide draws its overflow);
- the focus order (the order of the tree) follows the reading order, right to left in Arabic.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import httpx
from PIL import Image
from playwright.sync_api import Locator, Page

from app.i18n import Translator
from tools.browser import open_app
from tools.screens import Visit

DEMO_PASSWORD = "Demo-pass-2026"
NEWCOMER_EMAIL = "a11y.newcomer@example.com"
NEWCOMER_PASSWORD = "quiet harbour lamp 2026"
MIN_TARGET = 47.5  # 48 px, allowing for sub-pixel layout
INTERACTIVE_ROLES = {"button", "link", "checkbox", "radio", "switch", "menuitem",
                     "menuitemcheckbox", "menuitemradio", "tab", "slider", "combobox", "textbox"}
WAIT = 20_000
# A screen's heading: the top bar's title, or the taxi view's (a screen without top bar).
TITLE = '[flt-semantics-identifier="page-title"], [flt-semantics-identifier="taxi-title"]'


def email_of(account: str) -> tuple[str, str]:
    """The e-mail address and password of a Visit's account."""
    if account == "newcomer":
        return NEWCOMER_EMAIL, NEWCOMER_PASSWORD
    return f"{account}@example.com", DEMO_PASSWORD


# ---------------------------------------------------------------- demo data through the API


@dataclass
class DemoData:
    """What the screens need that the sample data does not have: an upcoming appointment
    (for the change and cancel screens) and an account that is not verified yet."""

    url: str
    ref: str = ""
    # The day the booking screens pick: past the 24-hour limit, so that what they book can
    # be cancelled again after each walk (tomorrow's first times are inside it from 9:00).
    day: str = ""

    def api(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=30,
                          **kwargs)
        r.raise_for_status()
        return r.json() if r.content else None

    def token(self, account: str) -> str:
        email, password = email_of(account)
        return str(self.api("POST", "/auth/login",
                            json={"email": email, "password": password})["access_token"])

    def prepare(self) -> DemoData:
        with _ignore_conflict():
            self.api("POST", "/auth/register", json={
                "email": NEWCOMER_EMAIL, "password": NEWCOMER_PASSWORD,
                "full_name": "Amara Okafor"})
        token = self.token("maria")
        aid = self.api("GET", "/me", token)["applicant"]["id"]
        # The booking screens book the first service at the first center offering it: this
        # one takes the last service, so that the two never clash ("already booked").
        services = [s["code"] for s in self.api("GET", "/services")]
        first_center = self.api("GET", "/centers", params={"service": services[0]})[0]["id"]
        self.day = self.day_past_the_limit(first_center, services[0])
        center = self.api("GET", "/centers/1")
        service = [s for s in services if s in center["services"]][-1]
        booked = self.api("GET", f"/applicants/{aid}/appointments", token)
        mine = [a for a in booked if a["status"] == "booked" and a["service"] == service]
        if mine:  # a server used before (make screenshots --url)
            self.ref = mine[0]["reference"]
            self.cancel_others()
            return self
        day = self.day_past_the_limit(1, service)
        slot = next(s for s in self.api("GET", "/centers/1/slots",
                                        params={"service": service, "date": day})
                    if s["available"])
        made = self.api("POST", f"/applicants/{aid}/appointments", token,
                        json={"service": service, "center_id": 1, "start": slot["start"]})
        self.ref = made["reference"]
        return self

    def day_past_the_limit(self, center_id: int, service: str) -> str:
        """The first day with free places after the 24-hour limit, so that an appointment
        on it can still be changed and cancelled online."""
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        return next(d["date"] for d in self.api("GET", f"/centers/{center_id}/days",
                                                params={"service": service})
                    if d["available"] and date.fromisoformat(d["date"]) >= today
                    + timedelta(days=2))

    def cancel_others(self) -> None:
        """Cancel what the booking screens booked, so that they can book again."""
        token = self.token("maria")
        aid = self.api("GET", "/me", token)["applicant"]["id"]
        for a in self.api("GET", f"/applicants/{aid}/appointments", token):
            if a["status"] == "booked" and a["reference"] != self.ref:
                self.api("POST", f"/appointments/{a['reference']}/cancel", token)


class _ignore_conflict:  # noqa: N801 - used as a context manager
    """An account registered by an earlier run is fine."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code == 409


# ---------------------------------------------------------------- driving the app


class AppDriver:
    """One browser tab on the app, in one language, moving between screens as a user does.

    Signing in happens once per account; the screens after it are reached inside the app
    (a new page load would be a new session, signed out).
    """

    def __init__(self, page: Page, url: str, lang: str, data: DemoData) -> None:
        self.page = page
        self.url = url
        self.lang = lang
        self.data = data
        self.tr = Translator(lang)
        self.account: str | None = "unset"

    # -- sessions
    def start(self, account: str | None) -> None:
        """A fresh session (a page load), signed in as `account` when given."""
        if self.page.url.startswith("http"):
            # Flet keeps its session id in the tab's sessionStorage, so a reload would carry
            # on the same session (a kiosk's, say): forget it for a new one.
            self.page.evaluate("() => sessionStorage.clear()")
        if account is None:
            open_app(self.page, f"{self.url}/?lang={self.lang}")
        else:
            self.sign_in(account)
        self.account = account
        self.settle()

    def sign_in(self, account: str) -> None:
        _ = self.tr
        email, password = email_of(account)
        open_app(self.page, f"{self.url}/signin?lang={self.lang}")
        fill_field(self.page, _("E-mail address"), email)
        fill_field(self.page, _("Password"), password)
        self.page.locator('[flt-semantics-identifier="submit"] [role="button"]').click()
        self.page.wait_for_url(re.compile(r"/(\?.*)?$"), timeout=WAIT)

    # -- moving
    def go(self, path: str) -> None:
        """Open `path` inside the app, as a link would (the session stays)."""
        if urlparse(self.page.url).path == path.split("?")[0]:
            # The same screen again: the app keeps its place, so go back to its top.
            scroll_to_top(self.page)
        self.page.evaluate(
            "path => { history.pushState(null, '', path);"
            " window.dispatchEvent(new PopStateEvent('popstate', {state: null})); }", path)
        self.page.wait_for_url(f"**{path.split('?')[0]}*", timeout=WAIT)
        self.settle()

    def visit(self, visit: Visit) -> None:
        """Bring the screen of `visit` up, signed in as its account."""
        if visit.account != self.account:
            self.start(visit.account)
        self.go(visit.path.format(ref=self.data.ref))
        for tap in visit.taps:
            self.tap(tap.format(ref=self.data.ref, day=self.data.day))

    def tap(self, identifier: str) -> None:
        """Tap the button tagged `identifier` (`prefix*`: the first enabled one)."""
        if identifier.endswith("*"):
            selector = f'[flt-semantics-identifier^="{identifier[:-1]}"]'
        else:
            selector = f'[flt-semantics-identifier="{identifier}"]'
        button = self.page.locator(f'{selector} [role="button"]:not([aria-disabled="true"])')
        before = self.page.url
        # Flutter web sometimes loses a tap (see tools/browser.tap_until): once more, as a
        # person would, if the screen has not changed (a button still busy is disabled).
        for attempt in range(2):
            if attempt == 0 or self.page.url == before:
                with contextlib.suppress(Exception):
                    tap(self.page, bring_into_view(self.page, button.first))
            try:
                self.page.wait_for_url(lambda u: u != before, timeout=WAIT // 2)
                break
            except Exception as exc:  # noqa: BLE001 - playwright's timeout, said plainly
                if attempt == 1:
                    raise AssertionError(f"tapping {identifier} on {before} led nowhere") from exc
        self.settle()

    def settle(self) -> None:
        """Wait for the screen's data: no "Loading" left, then a moment for the paint."""
        self.page.locator(TITLE).first.wait_for(
            state="attached", timeout=WAIT)
        self.page.locator('[flt-semantics-identifier="loading"]').first.wait_for(
            state="detached", timeout=WAIT)
        still(self.page)


def fill_field(page: Page, label: str, text: str) -> None:
    """Type into the field named `label` (tap first: Flutter needs the focus)."""
    box = page.get_by_role("textbox", name=label)
    for _attempt in range(6):
        box.click()
        page.wait_for_timeout(150)
        box.fill(text)
        page.wait_for_timeout(250)
        if box.input_value() == text:
            return
    raise AssertionError(f"could not type into {label!r}")


def tap(page: Page, target: Locator) -> None:
    """A tap with the pointer at the middle of `target`, as a finger does.

    (Once the mouse has moved, Flutter takes pointer events on its canvas and the
    accessibility nodes let them through: clicking the node itself would wait forever.)
    """
    box = target.bounding_box()
    if box is None:
        raise AssertionError(f"{target} is not on the screen")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 24))


def bring_into_view(page: Page, target: Locator, *, tries: int = 25) -> Locator:
    """Scroll down with the mouse wheel until `target` is on the screen.

    Flutter puts in the accessibility tree only what is on or near the screen: what is
    further down appears as the screen scrolls, as it does for a person.
    """
    viewport = page.viewport_size or {"width": 390, "height": 844}
    page.mouse.move(viewport["width"] / 2, viewport["height"] * 0.6)
    for _attempt in range(tries):
        box = target.bounding_box() if target.count() else None
        if box and box["y"] >= 0 and box["y"] + min(box["height"], 100) <= viewport["height"]:
            return target
        page.mouse.wheel(0, viewport["height"] * 0.4)
        page.wait_for_timeout(300)
    raise AssertionError(f"could not find {target} on the screen")


# ---------------------------------------------------------------- checking a screen

# Every node of the accessibility tree with what the checks need (Flutter renders headings
# as <h1>..<h6>, the rest as <flt-semantics>, text fields as <input>/<textarea>).
_NODES_JS = """
() => {
  const out = [];
  const own = el => Array.from(el.childNodes)
    .filter(n => n.nodeType === 3 || (n.nodeType === 1 && n.tagName === 'SPAN'))
    .map(n => n.textContent).join(' ').trim();
  document.querySelectorAll('[id^="flt-semantic-node-"]').forEach(el => {
    const r = el.getBoundingClientRect();
    const field = el.querySelector(':scope > input, :scope > textarea');
    const fr = field ? field.getBoundingClientRect() : null;
    const style = el.getAttribute('style') || '';
    // Flutter clips a node to the list it scrolls in: a node cut by the list's edge is
    // measured again at the next scroll position, not here.
    let clip = null;
    for (let p = el.parentElement; p && p.tagName !== 'FLT-SEMANTICS-HOST';
         p = p.parentElement) {
      // (A list is "overflow-y: scroll", or "overflow: hidden" once the mouse was used.)
      if (/overflow(-y)?:\\s*(scroll|hidden)/.test(p.getAttribute('style') || '')) {
        clip = p.getBoundingClientRect(); break;
      }
    }
    out.push({
      id: el.id,
      role: field ? 'textbox' : (el.getAttribute('role') || (/^H[1-6]$/.test(el.tagName)
            ? 'heading' : '')),
      name: field ? (field.getAttribute('aria-label') || '')
                  : (el.getAttribute('aria-label') || own(el)),
      identifier: el.getAttribute('flt-semantics-identifier') || '',
      tappable: el.hasAttribute('flt-tappable') || !!field,
      focusable: el.getAttribute('tabindex') === '0' || !!field,
      disabled: el.getAttribute('aria-disabled') === 'true',
      sideways: /overflow-x:\\s*scroll/.test(style),
      x: (fr || r).left, y: (fr || r).top, w: (fr || r).width, h: (fr || r).height,
      leaf: !el.querySelector('[id^="flt-semantic-node-"]'),
      cut: !!clip && ((fr || r).top <= clip.top + 0.5 || (fr || r).bottom >= clip.bottom - 0.5),
    });
  });
  return out;
}
"""


@dataclass(frozen=True)
class Node:
    id: str
    role: str
    name: str
    identifier: str
    tappable: bool
    focusable: bool
    disabled: bool
    sideways: bool
    x: float
    y: float
    w: float
    h: float
    leaf: bool
    cut: bool  # cut by the edge of the list it scrolls in

    @property
    def interactive(self) -> bool:
        return self.role in INTERACTIVE_ROLES or self.tappable

    def __str__(self) -> str:
        what = self.name or self.identifier or self.id
        return f"{self.role or 'node'} {what!r} at ({self.x:.0f},{self.y:.0f}) " \
               f"{self.w:.0f}x{self.h:.0f}"


def nodes(page: Page) -> list[Node]:
    return [Node(**n) for n in page.evaluate(_NODES_JS)]


@dataclass
class Findings:
    """What is wrong on one screen, as sentences a person can act on.

    With a `folder`, each view with a new problem is saved there as a picture.
    """

    screen: str
    problems: list[str]
    folder: Path | None = None
    views: int = 0

    def keep(self, png: bytes) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.views += 1
            name = re.sub(r"[^\w-]+", "-", self.screen).strip("-")
            (self.folder / f"{name}-{self.views}.png").write_bytes(png)

    def add(self, kind: str, detail: str) -> None:
        line = f"{self.screen}: {kind}: {detail}"
        if line not in self.problems:
            self.problems.append(line)


def check_view(page: Page, found: Findings, *, rtl: bool, sizes: bool = True,
               sideways: bool = True) -> list[Node]:
    """Check what is on the screen now (one scroll position)."""
    viewport = page.viewport_size or {"width": 390, "height": 844}
    width, height = viewport["width"], viewport["height"]
    seen = nodes(page)
    before = len(found.problems)
    png = page.screenshot()
    on_screen = [n for n in seen
                 if n.h > 0 and not n.cut and n.y >= -1 and n.y + n.h <= height + 1]
    for n in on_screen:
        if not n.interactive:
            continue
        if not n.name.strip():
            found.add("no accessible name", str(n))
        if sizes and (n.w < MIN_TARGET or n.h < MIN_TARGET):
            found.add("target smaller than 48x48", str(n))
    if sideways:
        for n in seen:
            if n.sideways:
                found.add("scrolls sideways", str(n))
            visible = n.h > 0 and n.y < height and n.y + n.h > 0
            if visible and n.leaf and (n.x < -1 or n.x + n.w > width + 1):
                found.add("beyond the screen's edge", str(n))
        painted = edge_paint(png, width)
        if painted:
            # A frame painted while a font or a line was still being laid out can show text
            # past the edge for a moment; an overflow is still there a second later.
            page.wait_for_timeout(1000)
            png = page.screenshot()
            painted = edge_paint(png, width)
        for side, strip in painted.items():
            found.add("drawn past the content's edge", f"{side} side, rows {strip}")
    check_reading_order([n for n in on_screen if n.focusable], found, rtl=rtl)
    if len(found.problems) > before:
        found.keep(png)
    return seen


def edge_paint(png: bytes, width: int) -> dict[str, str]:
    """Rows where something is painted in the margins by the screen's edges.

    Content keeps 16 px from both edges (the top bar 8 px on the right); the scroll bar
    lives in the last 10 px. A row whose strip [10, 14) px from an edge is not one even
    colour has something drawn there: a Row wider than the screen painting its overflow.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    scale = image.width / width
    strips = {"left": (10, 14), "right": (width - 14, width - 10)}
    out: dict[str, str] = {}
    for side, (x0, x1) in strips.items():
        strip = image.crop((int(x0 * scale), 0, int(x1 * scale), image.height))
        pixels = strip.load()
        assert pixels is not None
        bad: list[int] = []
        for y in range(strip.height):
            row = [pixels[x, y] for x in range(strip.width)]
            spread = max(max(c) - min(c) for c in zip(*row, strict=True))  # type: ignore[call-overload]
            if spread > 48:
                bad.append(round(y / scale))
        # A row or two is the soft edge of a round border or a glyph; what overflows (a line
        # of text, a control) paints a band of rows.
        if len(bad) >= 3:
            out[side] = f"{bad[0]}–{bad[-1]} ({len(bad)} rows)"
    return out


def check_reading_order(focusable: list[Node], found: Findings, *, rtl: bool) -> None:
    """Consecutive focusable nodes go down the screen, and along a line in reading order."""
    for a, b in zip(focusable, focusable[1:], strict=False):
        overlap = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
        same_line = overlap > 0.5 * min(a.h, b.h)
        if same_line:
            backwards = (b.x + b.w / 2 > a.x + a.w / 2) if rtl else (b.x + b.w / 2 < a.x + a.w / 2)
            if backwards:
                found.add("focus order against the reading order", f"{a} before {b}")
        elif b.y + b.h <= a.y + 2:
            found.add("focus order goes up the screen", f"{a} before {b}")


def layout(page: Page) -> list[tuple[str, int, int]]:
    """Where every node of the tree is (to tell when the screen has stopped moving)."""
    return sorted((n.id, round(n.y), round(n.h)) for n in nodes(page))


def still(page: Page, *, timeout_ms: int = 4000) -> list[tuple[str, int, int]]:
    """Wait until the tree stops changing (Flutter updates it a few frames after a scroll)."""
    last = layout(page)
    waited = 0
    while waited < timeout_ms:
        page.wait_for_timeout(200)
        waited += 200
        now = layout(page)
        if now == last:
            return now
        last = now
    return last


def check_screen(page: Page, found: Findings, *, rtl: bool, sizes: bool = True,
                 sideways: bool = True, scroll: bool = True) -> None:
    """Check the whole screen, scrolling down it with the mouse wheel view by view."""
    viewport = page.viewport_size or {"width": 390, "height": 844}
    page.mouse.move(viewport["width"] / 2, viewport["height"] * 0.6)
    last = still(page)
    for _view in range(15):
        check_view(page, found, rtl=rtl, sizes=sizes, sideways=sideways)
        if not scroll:
            break
        page.mouse.wheel(0, viewport["height"] * 0.6)
        now = still(page)
        if now == last:  # the end of the screen: the wheel moved nothing
            break
        last = now


def check_direction(page: Page, found: Findings, *, rtl: bool) -> None:
    """The title and the Back button sit on the side where reading starts."""
    viewport = page.viewport_size or {"width": 390, "height": 844}
    width = viewport["width"]
    title = page.locator(TITLE).first.bounding_box()
    if title is None:
        found.add("direction", "no page title")
        return
    start_gap = (width - (title["x"] + title["width"])) if rtl else title["x"]
    if start_gap > 40:
        found.add("direction", f"the title starts {start_gap:.0f} px from the "
                  f"{'right' if rtl else 'left'} edge")
    back = page.locator('[flt-semantics-identifier="back"]')
    if back.count():
        box = back.first.bounding_box()
        if box and ((box["x"] + box["width"] / 2 < width / 2) if rtl
                    else (box["x"] + box["width"] / 2 > width / 2)):
            found.add("direction", f"the Back button is on the {'left' if rtl else 'right'}")


def scroll_to_top(page: Page) -> None:
    viewport = page.viewport_size or {"width": 390, "height": 844}
    page.mouse.move(viewport["width"] / 2, viewport["height"] * 0.6)
    for _ in range(12):
        page.mouse.wheel(0, -viewport["height"])
    page.wait_for_timeout(300)


# Screens that fail one after another before the walk stops: by then the app or the browser
# is stuck, and each further screen would only wait out its own timeouts.
GIVE_UP_AFTER = 3


def walk(driver: AppDriver, visits: list[Visit], each: Callable[[Visit], None]) -> Iterator[str]:
    """Visit every screen (grouped by account) and call `each` on it; yields failures."""
    failed_in_a_row = 0
    for visit in sorted(visits, key=lambda v: _account_order(v.account)):
        try:
            driver.visit(visit)
            each(visit)
            failed_in_a_row = 0
        except Exception as exc:  # noqa: BLE001 - a screen that fails is reported, the rest go on
            yield f"{visit.slug}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            driver.account = "unset"  # start over with a fresh session
            failed_in_a_row += 1
            if failed_in_a_row == GIVE_UP_AFTER:
                yield f"stopped after {GIVE_UP_AFTER} screens failed in a row"
                return


def _account_order(account: str | None) -> int:
    from tools.screens import ACCOUNTS

    return ACCOUNTS.index(account) if account in ACCOUNTS else len(ACCOUNTS)
