"""A minimal keep-alive HTTP/1.1 client for load generation (one connection per client).

httpx spends about a millisecond of CPU per request; with 100 clients on a 2-core machine that
is the load generator's limit, not the server's. This client costs a small fraction of that, so
the figures describe the server. It speaks only what the benchmarks need: JSON bodies and
responses with Content-Length.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    """Status and body of one response."""

    status_code: int
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


class Connection:
    """One persistent connection to `base_url`; requests on it run one after another."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    async def request(self, method: str, path: str, *, json_body: Any = None,
                      headers: dict[str, str] | None = None,
                      params: dict[str, Any] | None = None) -> Response:
        reader, writer = await self._open()
        if params:
            path = f"{path}?{urlencode(params)}"
        body = b"" if json_body is None else json.dumps(json_body).encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Content-Length: {len(body)}"]
        if json_body is not None:
            lines.append("Content-Type: application/json")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length = 0
        close = False
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        content = await reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return Response(int(status_line.split(" ", 2)[1]), content)

    async def get(self, path: str, **kw: Any) -> Response:
        return await self.request("GET", path, **kw)

    async def post(self, path: str, *, json: Any = None, **kw: Any) -> Response:
        return await self.request("POST", path, json_body=json, **kw)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._reader = self._writer = None
