"""Security headers on every answer of the server (the Flet web client and the API).

The content security policy allows what the Flet web client needs and nothing else: its
scripts from this server (the inline ones by their SHA-256, computed from each HTML page
as it is sent, since Flet writes its configuration into index.html at start),
WebAssembly for CanvasKit ('wasm-unsafe-eval', not 'unsafe-eval'), blob: workers, data:
fonts and images, and the WebSocket back to this server. No page may frame the app
(frame-ancestors 'none', clickjacking), no response is content-sniffed, and no address
leaks to other sites through the Referer header.

Keep this middleware inside any compression middleware (add it first): it reads HTML
bodies to hash their inline scripts. A gzip body is handled too, as a fallback.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>",
                            re.IGNORECASE | re.DOTALL)
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # for browsers older than frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), payment=(), usb=()",
}


def policy(*, script_hashes: Sequence[str] = (), host: str | None = None) -> str:
    """The content security policy for a response (`host`: the WebSocket's, when known)."""
    scripts = " ".join(f"'sha256-{h}'" for h in script_hashes)
    sockets = f" ws://{host} wss://{host}" if host else ""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {scripts}".rstrip(),
        "style-src 'self' 'unsafe-inline'",  # the Flutter engine sets element styles
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' data: blob:{sockets}",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def inline_script_hashes(html: bytes) -> list[str]:
    """The base64 SHA-256 of each inline <script> of an HTML page, in order."""
    return [base64.b64encode(hashlib.sha256(body).digest()).decode()
            for body in _INLINE_SCRIPT.findall(html)]


class SecurityHeaders:
    """ASGI middleware that adds the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts  # only when the server is reached over HTTPS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope.get("headers") or [])
        host = request_headers.get(b"host", b"").decode("latin-1")
        host = host if _HOST.match(host) else None
        held: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in STATIC_HEADERS.items():
                    headers.setdefault(name, value)
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security",
                                       "max-age=31536000; includeSubDomains")
                if message["status"] == 304:
                    # A cached page keeps the policy it came with (hashes of its scripts);
                    # a 304's headers would replace it with one that has no hashes.
                    await send(message)
                    return
                if headers.get("content-type", "").startswith("text/html"):
                    held = message  # sent with the body, once its scripts are hashed
                    return
                headers["Content-Security-Policy"] = policy(host=host)
                await send(message)
                return
            if message["type"] == "http.response.body" and held is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await self._send_page(held, b"".join(chunks), host, send)
                held = None
                return
            await send(message)

        await self.app(scope, receive, wrapped)

    @staticmethod
    async def _send_page(start: Message, body: bytes, host: str | None, send: Send) -> None:
        headers = MutableHeaders(scope=start)
        html = body
        if headers.get("content-encoding", "") == "gzip":
            html = gzip.decompress(body)
        headers["Content-Security-Policy"] = policy(
            script_hashes=inline_script_hashes(html), host=host
        )
        headers["Content-Length"] = str(len(body))
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})
