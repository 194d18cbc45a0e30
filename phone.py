"""Entry point of the phone builds (`flet build apk|ipa`, staged by tools/build_phone.py):
the app alone, calling the API of a remote server at BACKEND_URL.

On a phone there is no environment to set, so the build writes the address into
`backend_url.txt` next to this file; BACKEND_URL in the environment (a desktop test run:
`BACKEND_URL=http://127.0.0.1:8550 python phone.py`) wins over it.
"""

from __future__ import annotations

import os
from pathlib import Path

import flet as ft

from app.app import main

BAKED = Path(__file__).resolve().with_name("backend_url.txt")


def backend_url() -> str:
    """The API server's address: BACKEND_URL, else the one written at build time."""
    url = os.environ.get("BACKEND_URL") or (
        BAKED.read_text(encoding="utf-8").strip() if BAKED.exists() else "")
    if not url:
        raise SystemExit("No API server: set BACKEND_URL (or build with tools/build_phone.py "
                         "--backend-url).")
    return url


if __name__ == "__main__":
    # Read by app/api_client.py: every ApiClient talks HTTP to this server.
    os.environ["BACKEND_URL"] = backend_url()
    ft.run(main, assets_dir="assets")
