"""Screenshots of the main screens for review: `make screenshots` (server started here).

Usage: python tools/screenshots.py [--url http://127.0.0.1:8550] [--out artifacts/screens]
Without --url it starts its own server on a fresh database with the sample data.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.browser import PHONE, TABLET, launch, open_app, settle  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ["/", "/signin", "/register", "/verify", "/account", "/soon/book"]
LANGS = ["en", "zh"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`python main.py` on a fresh database; returns the process and its base URL."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1",
           "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
           "OUTBOX_PATH": str(workdir / "outbox.jsonl"), "DEMO_DATA": "1"}
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not start; see {workdir / 'server.log'}")


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
