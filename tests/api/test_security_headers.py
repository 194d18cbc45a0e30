"""Security headers on the whole server (main.py): a content security policy with the hashes
of exactly the inline scripts of the page sent, no framing, no sniffing, no referrer.
(tests/e2e/test_security_e2e.py checks in Chromium that the app works under it.)"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app import api_client
from backend.config import get_settings
from backend.security_headers import SecurityHeaders, inline_script_hashes
from main import build_app


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    get_settings.cache_clear()
    previous = api_client._in_process_api
    with TestClient(build_app(), base_url="http://127.0.0.1:8550") as client:
        yield client
    api_client.use_in_process_api(previous)


def directives(response) -> dict[str, list[str]]:  # noqa: ANN001
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_the_app_page_allows_exactly_its_own_inline_scripts(server: TestClient) -> None:
    r = server.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = directives(r)
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    # The web client's own start page has none; any inline script would need its hash.
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                for s in inline}
    assert set(csp["script-src"]) == {"'self'", "'wasm-unsafe-eval'", *expected}
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert "ws://127.0.0.1:8550" in csp["connect-src"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


def test_api_answers_carry_the_headers_too(server: TestClient) -> None:
    for r in (server.get("/api/v1/health"), server.get("/api/v1/nothing-here"),
              server.post("/api/v1/auth/login", json={})):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_a_not_modified_page_keeps_the_policy_it_was_cached_with(server: TestClient) -> None:
    first = server.get("/")
    again = server.get("/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers  # else the cached hashes are lost
    assert again.headers["x-content-type-options"] == "nosniff"


def test_a_compressed_page_is_hashed_from_its_decompressed_text() -> None:
    page = b"<html><script>var a = 1;</script><script src='x.js'></script></html>"

    async def index(request: object) -> Response:
        return Response(gzip.compress(page), media_type="text/html",
                        headers={"Content-Encoding": "gzip"})

    app = SecurityHeaders(Starlette(routes=[Route("/", index)]))
    r = TestClient(app).get("/")
    assert r.content == page  # still compressed on the wire (decoded by the client)
    [digest] = inline_script_hashes(page)
    assert f"'sha256-{digest}'" in r.headers["content-security-policy"]
