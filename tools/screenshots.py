"""Screenshots of every screen for review: `make screenshots` (a server is started here).

Every screen of tools/screens.py, in English, Chinese and Arabic, on a phone (390x844) and a
kiosk tablet (1024x768), at 100% and 200% text: artifacts/screens/<size>-<text>/<lang>/
<screen>-<n>.png, where n counts the views down a screen that is longer than one.

Usage: python tools/screenshots.py [--url http://127.0.0.1:8550] [--out artifacts/screens]
       [--langs en,zh,ar] [--sizes phone,tablet] [--texts 100,200] [--only home,book-day]
       [--views 3]
Without --url it starts its own server on a fresh database with the sample data.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.state.preferences import TEXT_SCALE_KEY  # noqa: E402
from tools.a11y import AppDriver, DemoData, still, walk  # noqa: E402
from tools.browser import PHONE, TABLET, launch  # noqa: E402
from tools.live_server import start_server, stop_server  # noqa: E402
from tools.screens import SCREENS, Visit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"phone": PHONE, "tablet": TABLET}


def text_size_script(percent: int) -> str:
    """Sets the remembered text size before the app starts (as the settings screen does)."""
    # SharedPreferences on the web: localStorage, keys prefixed "flutter.", values JSON.
    return (f"localStorage.setItem({json.dumps('flutter.' + TEXT_SCALE_KEY)}, "
            f"{json.dumps(json.dumps(percent / 100))});")


def shoot(page: Page, folder: Path, visit: Visit, views: int) -> list[Path]:
    """The screen from its top, then view by view down it (at most `views` pictures)."""
    viewport = page.viewport_size or PHONE
    page.mouse.move(viewport["width"] / 2, viewport["height"] * 0.6)
    saved: list[Path] = []
    last = still(page)
    for n in range(1, views + 1):
        path = folder / f"{visit.slug}-{n}.png"
        page.screenshot(path=str(path))
        saved.append(path)
        page.mouse.wheel(0, viewport["height"] * 0.8)
        now = still(page)
        if now == last:
            break
        last = now
    return saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "screens"))
    parser.add_argument("--langs", default="en,zh,ar")
    parser.add_argument("--sizes", default="phone,tablet")
    parser.add_argument("--texts", default="100,200")
    parser.add_argument("--only", default="")
    parser.add_argument("--views", type=int, default=3)
    args = parser.parse_args()
    only = {s for s in args.only.split(",") if s}
    screens = [v for v in SCREENS if not only or v.slug in only]
    proc = None
    url = args.url
    if not url:
        proc, url = start_server(Path(tempfile.mkdtemp(prefix="screens-")))
    started = time.monotonic()
    count = 0
    try:
        demo = DemoData(url).prepare()
        with sync_playwright() as pw:
            browser = launch(pw)
            for size in args.sizes.split(","):
                for percent in (int(t) for t in args.texts.split(",")):
                    for lang in args.langs.split(","):
                        folder = Path(args.out) / f"{size}-{percent}" / lang
                        folder.mkdir(parents=True, exist_ok=True)
                        context = browser.new_context(viewport=SIZES[size])
                        context.add_init_script(text_size_script(percent))
                        page = context.new_page()
                        driver = AppDriver(page, url, lang, demo)

                        def each(visit: Visit, page: Page = page, folder: Path = folder) -> None:
                            nonlocal count
                            count += len(shoot(page, folder, visit, args.views))

                        for failure in walk(driver, screens, each):
                            print("not shot:", failure, file=sys.stderr)
                        demo.cancel_others()
                        context.close()
                        print(f"{folder}: done", flush=True)
            browser.close()
    finally:
        if proc:
            stop_server(proc)
    print(f"{count} screenshots in {time.monotonic() - started:.0f} s under {args.out}")


if __name__ == "__main__":
    main()
