"""The web client's front door (webclient.WebClient) in front of the real Flet app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import flet_web.fastapi as flet_fastapi
import pytest
from fastapi.testclient import TestClient

from app.app import main as flet_main
from webclient import WebClient

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebClient:
    """Built as main.py builds it, with a cache directory of its own and no background
    compression (tests make the copies they need)."""
    flet_app = flet_fastapi.app(flet_main, assets_dir=str(ROOT / "assets"), no_cdn=True)
    return WebClient(flet_app, assets_dir=ROOT / "assets",
                     cache_dir=tmp_path_factory.mktemp("web-cache"), precompress=False)


@pytest.fixture
def http(web: WebClient) -> Iterator[TestClient]:
    """An HTTP client that sends no Accept-Encoding unless a test asks for one."""
    client = TestClient(web, base_url="http://127.0.0.1")
    client.headers.pop("accept-encoding", None)
    yield client
    client.close()
