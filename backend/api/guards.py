"""ASGI middleware in front of every API route: refuses what no route should ever see.

- A body larger than the API takes: 413 `body_too_large`, by the declared Content-Length or
  while a body without one streams in, before any route reads it.
- Text the database cannot store (NUL characters, lone UTF-16 surrogates) in the path, the
  query or a JSON body: 422 `invalid_input`. PostgreSQL refuses NUL in text and no driver
  can encode a lone surrogate; refused here, they never reach a query as a 500.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.config import get_settings
from backend.i18n import N_, gettext, negotiate

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def _bad_text(value: Any, depth: int = 0) -> bool:
    """Whether a decoded JSON value holds a character no database column can store."""
    if depth > 64:  # deeper than any schema of this API: refused as malformed
        return True
    if isinstance(value, str):
        return bool(_BAD_TEXT.search(value))
    if isinstance(value, dict):
        return any(_bad_text(k, depth + 1) or _bad_text(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_text(v, depth + 1) for v in value)
    return False


class RequestGuard:
    """At most `max_body_bytes` a request (the PDF verification more); storable text only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def limit_for(path: str) -> int:
        settings = get_settings()
        if path.rstrip("/").endswith("/verify"):
            # The route answers `file_too_large` at its own limit; this is only a backstop.
            return max(settings.max_body_bytes, settings.verify_max_pdf_bytes + 65_536)
        return settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        query = scope.get("query_string", b"").decode("latin-1")
        if _BAD_TEXT.search(scope["path"]) or any(
            _BAD_TEXT.search(k) or _BAD_TEXT.search(v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ) or "\x00" in unquote(query):
            await _refuse(scope, send, 422, "invalid_input", field_error=True)
            return
        limit = self.limit_for(scope["path"])
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, 413, "body_too_large")
            return
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        await self._buffered(scope, receive, send, limit, json_body="json" in content_type)

    async def _buffered(self, scope: Scope, receive: Receive, send: Send, limit: int, *,
                        json_body: bool) -> None:
        """Read the body (at most `limit`: small), check a JSON body's text, then hand it on.

        Read here, not counted as the route reads it: a route's body parsing would turn the
        refusal into its own 400.
        """
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(scope, send, 413, "body_too_large")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if json_body and body:
            try:
                bad = _bad_text(json.loads(body))
            except (ValueError, RecursionError):
                bad = False  # not JSON: the route's own parsing answers that
            if bad:
                await _refuse(scope, send, 422, "invalid_input", field_error=True)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(
    scope: Scope, send: Send, status: int, code: str, *, field_error: bool = False
) -> None:
    from backend.api.errors import error_body

    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    headers = dict(scope.get("headers") or [])
    lang = negotiate(query.get("lang"),
                     headers.get(b"accept-language", b"").decode("latin-1") or None)
    body: dict[str, Any] = error_body(code, lang)
    if field_error:
        body["detail"]["fields"] = [{
            "field": "", "code": "invalid_character",
            "message": gettext(N_("This contains a character that is not allowed."), lang),
        }]
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]})
    await send({"type": "http.response.body", "body": payload})
