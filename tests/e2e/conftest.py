"""The real server and real headless Chromium, driven as a person would use the app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tools.browser import PHONE, launch
from tools.live_server import ROOT, start_server, stop_server

ARTIFACTS = ROOT / "artifacts" / "e2e"


class LiveServer:
    """A running `python main.py` with its own database and outbox."""

    def __init__(self, url: str, workdir: Path) -> None:
        self.url = url
        self.workdir = workdir

    def outbox(self) -> list[dict[str, Any]]:
        path = self.workdir / "outbox.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _serve(workdir: Path) -> Iterator[LiveServer]:
    proc, url = start_server(workdir)
    yield LiveServer(url, workdir)
    stop_server(proc)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server shared by the tests that use it (what one test creates, the next sees)."""
    yield from _serve(tmp_path_factory.mktemp("server"))


@pytest.fixture
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this test's own: a fresh database and outbox, whatever ran before."""
    yield from _serve(tmp_path_factory.mktemp("fresh-server"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


# The Flet client's Rive plugin asks cdn.jsdelivr.net for a script on start (hard-coded in
# main.dart.js); the content security policy blocks it by design: nothing from the internet.
CSP_EXPECTED = ("https://cdn.jsdelivr.net/npm/@rive-app/",)


def csp_violations(page: Page) -> list[str]:
    """Collects the page's content-security-policy violations (but the expected one)."""
    found: list[str] = []

    def seen(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text and not any(e in text for e in CSP_EXPECTED):
            found.append(text)

    page.on("console", seen)
    return found


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh phone-sized browser context (no storage shared with other tests); every test
    that uses it also checks that the app ran without a content-security-policy violation."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    assert violations == [], violations


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Any:
    """Saves numbered screenshots of the steps of a test under artifacts/e2e/<test>/."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # no stale steps from an earlier run
        old.unlink()
    counter = iter(range(1, 1000))

    def shot(page: Page, name: str) -> Path:
        page.wait_for_timeout(700)  # the canvas paints after the accessibility tree updates
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    return shot
