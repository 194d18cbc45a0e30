"""A bare Flet page (one line of text), the yardstick the app's web loading is compared with.

    python bench/bare_flet.py --port 8600            # stock Flet, as flet_web serves it
    python bench/bare_flet.py --port 8600 --served-like-app   # through the app's web layer

Mounted as main.py mounts the app (flet_web's FastAPI, the Flet app at "/", no CDN), so
the only difference from the app is what the page does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import flet as ft
import flet_web.fastapi as flet_fastapi
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXT = "Hello from a bare Flet page"


async def main(page: ft.Page) -> None:
    page.add(ft.Text(TEXT))


def build(*, served_like_app: bool) -> flet_fastapi.FastAPI:
    server = flet_fastapi.FastAPI()
    flet_app = flet_fastapi.app(main, no_cdn=True)
    if served_like_app:
        from webclient import WebClient  # noqa: PLC0415 - only this variant needs it

        server.mount("/", WebClient(flet_app))
    else:
        server.mount("/", flet_app)
    return server


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--served-like-app", action="store_true")
    args = parser.parse_args()
    uvicorn.run(build(served_like_app=args.served_like_app), host="127.0.0.1",
                port=args.port, log_level="warning")
