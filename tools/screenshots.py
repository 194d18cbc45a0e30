"""Screenshots of the main screens for review: `make screenshots` (server started here).

Usage: python tools/screenshots.py [--url http://127.0.0.1:8550] [--out artifacts/screens]
Without --url it starts its own server on a fresh database with the sample data.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.browser import PHONE, TABLET, launch, open_app, settle  # noqa: E402
from tools.live_server import start_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Booking routes opened in a fresh session show the sign-in gate (no session carries over).
SCREENS = ["/", "/signin", "/register", "/verify", "/account", "/soon/progress", "/book",
           "/book/center", "/book/day", "/appointments", "/centers", "/centers/1",
           "/centers/1/taxi", "/guides", "/guides/residence_permit"]
LANGS = ["en", "zh"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "screens"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    proc = None
    url = args.url
    if not url:
        proc, url = start_server(Path(tempfile.mkdtemp(prefix="screens-")))
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            for size_name, viewport in (("phone", PHONE), ("tablet", TABLET)):
                for lang in LANGS:
                    page = browser.new_page(viewport=viewport)
                    for route in SCREENS:
                        open_app(page, f"{url}{route}?lang={lang}")
                        settle(page, 1500)
                        name = route.strip("/").replace("/", "-") or "home"
                        path = out / f"{name}-{lang}-{size_name}.png"
                        page.screenshot(path=str(path), full_page=True)
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                    page.close()
            browser.close()
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
