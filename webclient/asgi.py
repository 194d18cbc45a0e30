"""The web client's front door: serves the page and its files, hands the rest to Flet.

Requests it answers (GET and HEAD):
- `/web/<version>/...`: the runtime, the app's assets and our scripts; cached a year,
  `immutable` (a new version has a new address);
- `/manifest.webmanifest`, `/sw.js`, `/offline.html` and the app's own assets at their
  plain address (`/fonts/...`, `/icons/...`): revalidated on each use (`no-cache` + ETag);
- any other address without a file extension: the start page (the app routes it).
Everything else (the websocket, Flet's OAuth and upload endpoints, other methods) goes to
the Flet app it wraps. Bodies are sent brotli- or gzip-compressed when the browser accepts
it and a compressed copy exists (see compress.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from webclient import compress, pages
from webclient.files import Catalogue, File, build_catalogue

log = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# As flet_web sends them: a cross-origin-isolated page lets Flutter's skwasm renderer use
# threads. Every response of ours carries them so the page behaves as with stock Flet.
ISOLATION = {
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
}
FLET_ENDPOINTS = ("/ws", "/oauth_callback", "/upload")


def default_cache_dir() -> Path:
    """Shared by every server of the machine: the compressed copies are made once."""
    if env := os.environ.get("WEB_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nia-online-web"


def accepted_encodings(header: str | None) -> list[str]:
    """The encodings of an Accept-Encoding header with a non-zero weight, best first."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if name.strip() and quality > 0:
            weighted.append((-quality, index, name.strip().lower()))
    return [name for _, _, name in sorted(weighted)]


def pick_encoding(header: str | None, available: dict[str, Any]) -> str | None:
    """br before gzip when both are equally welcome (it is smaller); None: send as is."""
    accepted = accepted_encodings(header)
    for preferred in ("br", "gzip"):
        if preferred in available and preferred in accepted:
            return preferred
    return None


def not_modified(request_headers: Headers, etag: str) -> bool:
    wanted = request_headers.get("if-none-match")
    if not wanted:
        return False
    return wanted.strip() == "*" or etag in [t.strip() for t in wanted.split(",")]


def prepare(assets_dir: Path | None, cache_dir: Path | None = None) -> Catalogue:
    """The catalogue for `assets_dir`, with every compressed copy made (build step, bench)."""
    cache = cache_dir or default_cache_dir()
    catalogue = build_catalogue(assets_dir, cache / "files")
    compress.precompress(cache, catalogue.all_files())
    return catalogue


@dataclass
class Generated:
    """A page written by the server, with its compressed forms."""

    body: bytes
    media_type: str
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return f'"{hashlib.sha256(self.body).hexdigest()[:32]}"'

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Generated:
        made = cls(body, media_type)
        if len(body) >= compress.MIN_SIZE:
            for encoding in ("br", "gzip"):
                made.encoded[encoding] = compress.compress(body, encoding)
        return made


class WebClient:
    """ASGI app in front of a Flet web app (flet_web.fastapi.app): see the module docstring."""

    def __init__(self, flet_app: ASGIApp, *, assets_dir: str | Path | None = None,
                 cache_dir: str | Path | None = None, precompress: bool | None = None) -> None:
        self.flet_app = flet_app
        self.cache = Path(cache_dir) if cache_dir else default_cache_dir()
        self.catalogue: Catalogue = build_catalogue(
            Path(assets_dir) if assets_dir else None, self.cache / "files")
        self.version = self.catalogue.version
        if precompress is None:  # WEB_PRECOMPRESS=0: tests that must not spend a minute of CPU
            precompress = os.environ.get("WEB_PRECOMPRESS", "1") != "0"
        self._precompress = precompress
        self._compressing = False
        self._pages: dict[tuple[str, str, str], Generated] = {}
        compress.attach_ready(self.cache, self.catalogue.all_files())

    def start_precompressing(self) -> None:
        """Makes the missing compressed copies in the background (once per process)."""
        if self._precompress and not self._compressing:
            self._compressing = True
            compress.start_background(self.cache, self.catalogue.all_files())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.flet_app(scope, receive, send)
            return
        self.start_precompressing()
        root = scope.get("root_path", "")
        path = scope["path"]
        if root and path.startswith(root):
            path = path[len(root):]
        path = path or "/"
        response = self.respond(path, scope, root.rstrip("/") + "/")
        if response is None:
            await self.flet_app(scope, receive, send)
        else:
            await response(scope, receive, send)

    def respond(self, path: str, scope: Scope, base: str) -> Response | None:
        headers = Headers(scope=scope)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        site = pages.Site(base=base, version=self.version)
        if path.startswith(f"/web/{self.version}/"):
            rel = path[len(f"/web/{self.version}/"):]
            if rel == "flet-config.js":
                return self.page(("config", base, ""), headers, IMMUTABLE,
                                 lambda: (pages.flet_config(site), "text/javascript"))
            file = self.catalogue.versioned.get(rel)
            return self.file(file, headers, IMMUTABLE) if file else Response(status_code=404)
        if path.startswith("/web/"):
            return Response(status_code=404)  # another version's file: gone
        lang = pages.choose_language((query.get("lang") or [None])[0],
                                     headers.get("accept-language"))
        if path in ("/manifest.webmanifest", "/manifest.json"):
            return self.page(("manifest", base, lang), headers, REVALIDATE,
                             lambda: (pages.manifest(site, lang), "application/manifest+json"),
                             vary_language=True)
        if path == "/sw.js":
            return self.page(("sw", base, ""), headers, REVALIDATE,
                             lambda: (pages.service_worker(site), "text/javascript"))
        if path == "/offline.html":
            return self.page(("offline", base, ""), headers, REVALIDATE,
                             lambda: (pages.offline_html(site), "text/html"))
        if file := self.catalogue.unversioned.get(path.lstrip("/")):
            return self.file(file, headers, REVALIDATE)
        extension = Path(path).suffix.lower()
        if path in FLET_ENDPOINTS or extension not in ("", ".html"):
            return None  # Flet's endpoints; a missing file gets Flet's 404
        return self.page(("index", base, lang), headers, REVALIDATE,
                         lambda: (pages.index_html(site, lang), "text/html"),
                         vary_language=True)

    def page(self, key: tuple[str, str, str], headers: Headers, cache_control: str,
             make: Any, *, vary_language: bool = False) -> Response:
        made = self._pages.get(key)
        if made is None:
            body, media_type = make()
            charset = "; charset=utf-8" if media_type.startswith("text/") or (
                "json" in media_type) else ""
            made = self._pages[key] = Generated.of(body, media_type + charset)
        vary = "Accept-Encoding, Accept-Language" if vary_language else "Accept-Encoding"
        encoding = pick_encoding(headers.get("accept-encoding"), made.encoded)
        etag = made.etag if encoding is None else f'{made.etag[:-1]}-{encoding}"'
        common = {**ISOLATION, "cache-control": cache_control, "etag": etag, "vary": vary}
        if not_modified(headers, etag):
            return Response(status_code=304, headers=common)
        if encoding:
            common["content-encoding"] = encoding
            return Response(made.encoded[encoding], headers=common,
                            media_type=made.media_type)
        return Response(made.body, headers=common, media_type=made.media_type)

    def file(self, file: File, headers: Headers, cache_control: str) -> Response:
        if compress.compressible(file) and len(file.encoded) < len(compress.ENCODINGS):
            compress.attach_ready(self.cache, [file])  # made since, maybe by another server
        encoding = pick_encoding(headers.get("accept-encoding"), file.encoded)
        etag = file.etag if encoding is None else f'{file.etag[:-1]}-{encoding}"'
        common = {**ISOLATION, "cache-control": cache_control, "etag": etag}
        if compress.compressible(file):
            common["vary"] = "Accept-Encoding"
        if not_modified(headers, etag):
            return Response(status_code=304, headers=common)
        if encoding:
            common["content-encoding"] = encoding
            return FileResponse(file.encoded[encoding], headers=common,
                                media_type=file.media_type)
        return FileResponse(file.path, headers=common, media_type=file.media_type)
