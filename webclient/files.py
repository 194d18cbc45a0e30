"""The files of the web client: Flet's web runtime, the app's assets, and our patches.

Everything the browser may fetch is listed once at start in a catalogue keyed by URL path
(nothing outside it is ever read, so no path can escape). Each file has a content hash (its
ETag and the key of its compressed copies); the hash of all of them is the client's version,
which is part of the URL of every file the page loads, so those can be cached for a year.

Three files of Flet's runtime are served changed (the originals in site-packages are never
touched; the changed copies go to the cache directory):
- `main.dart.js` and `main.dart.wasm`: the bundled Rive plugin loads `rive_native.js` from
  cdn.jsdelivr.net with no setting to change it. Its base address is replaced, at the same
  length (the .wasm keeps every offset), by a local one (`/no-cdn/rive/`, outside the
  version so the patched runtime, and its compressed copies, stay the same whatever the
  app's assets) serving a stub that tells the plugin Rive is unavailable (the app shows no
  Rive animation).
- `flutter_bootstrap.js`: without the `serviceWorkerSettings` that register Flutter's own
  worker, which unregisters itself and would remove ours.
- `assets/FontManifest.json`: Flet's no-CDN Roboto added (as flet_web does), and the KaTeX
  and Cupertino icon fonts left out: Flutter downloads every listed font at start (about
  850 kB) and the app shows neither formulas nor Cupertino icons.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import flet_web
from flet_web.version import version as FLET_WEB_VERSION

STATIC = Path(__file__).resolve().parent / "static"

# The Rive plugin's CDN base, and where the page finds the stub instead (relative to the
# page's <base href>; "./" segments pad it to the same length and vanish when resolved).
RIVE_CDN = b"https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
RIVE_STUB_FILES = ("wasm/rive_native.js", "wasm_compatibility/rive_native.js")
DROPPED_FONT_FAMILIES = ("packages/flutter_math_fork/", "packages/cupertino_icons/")
BOOTSTRAP_SW = re.compile(r"\n\s*serviceWorkerSettings:\s*\{[^{}]*\},")
# Not needed by a page served from a Flet server: Python-in-the-browser runtime, debug symbols.
SKIPPED_DIRS = {"pyodide"}
SKIPPED_SUFFIXES = (".symbols", ".map")
SKIPPED_NAMES = {"python.js", "python-worker.js", "flutter_service_worker.js", "index.html",
                 "manifest.json"}

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/manifest+json", ".webmanifest")


class PatchError(RuntimeError):
    """Flet's runtime no longer looks as the patches expect (after a Flet upgrade)."""


@dataclass
class File:
    """One file the browser may fetch: where its bytes are and what they are."""

    path: Path
    digest: str  # sha256 of the content, hex
    size: int
    media_type: str
    encoded: dict[str, Path] = field(default_factory=dict)  # "br"/"gzip" -> compressed copy

    @property
    def etag(self) -> str:
        return f'"{self.digest[:32]}"'


def media_type(name: str) -> str:
    if name == "NOTICES":
        return "text/plain; charset=utf-8"
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/manifest+json"):
        kind += "; charset=utf-8"
    return kind


def digest_of(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_entry(path: Path) -> File:
    return File(path, digest_of(path), path.stat().st_size, media_type(path.name))


def walk(root: Path, *, skip: bool) -> dict[str, Path]:
    """Relative URL path -> file, for every file under `root`."""
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if skip:
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in filenames:
            if skip and (name.endswith(SKIPPED_SUFFIXES) or name in SKIPPED_NAMES):
                continue
            full = Path(dirpath) / name
            found[full.relative_to(root).as_posix()] = full
    return found


def flet_web_dir() -> Path:
    return Path(flet_web.get_package_web_dir())


RIVE_LOCAL = "no-cdn/rive/"


def rive_local_base() -> bytes:
    """The stub's base address, exactly as long as the CDN's (so the .wasm stays valid)."""
    core = RIVE_LOCAL.encode()
    padding = len(RIVE_CDN) - len(core)
    if padding < 0 or padding % 2:
        raise PatchError(f"cannot pad {core!r} to {len(RIVE_CDN)} bytes")
    return b"./" * (padding // 2) + core


def patch_rive(data: bytes) -> bytes:
    if data.count(RIVE_CDN) != 1:
        raise PatchError("the Rive plugin's CDN address is not where expected")
    return data.replace(RIVE_CDN, rive_local_base())


def patch_bootstrap(data: bytes) -> bytes:
    text, count = BOOTSTRAP_SW.subn("", data.decode("utf-8"))
    if count != 1:
        raise PatchError("flutter_bootstrap.js no longer registers the service worker as expected")
    return text.encode()


def patch_font_manifest(data: bytes) -> bytes:
    families = [
        f for f in json.loads(data)
        if not any(f["family"].startswith(p) for p in DROPPED_FONT_FAMILIES)
    ]
    families.append({"family": "Roboto", "fonts": [{"asset": "fonts/roboto.woff2"}]})
    return json.dumps(families, indent=2).encode()


def write_once(cache: Path, data: bytes, suffix: str) -> Path:
    """`data` stored under its own hash in `cache` (written once, atomically)."""
    path = cache / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not path.exists():
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


@dataclass
class Catalogue:
    """Every file of the web client by URL path, and the version that names them."""

    version: str
    versioned: dict[str, File]  # served under /web/<version>/<path>, cached for a year
    unversioned: dict[str, File]  # served at /<path>, revalidated (icons, the app's fonts)

    def all_files(self) -> list[File]:
        return [*self.versioned.values(), *self.unversioned.values()]


def build_catalogue(assets_dir: Path | None, cache: Path) -> Catalogue:
    """Lists, hashes and patches the client's files; patched copies are written to `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    sources = walk(flet_web_dir(), skip=True)
    own = walk(STATIC / "client", skip=False)
    if assets_dir is not None and assets_dir.is_dir():
        app_assets = walk(assets_dir, skip=False)
    else:
        app_assets = {}
    # The app's assets win over Flet's files of the same name (its icons, favicon), as in
    # flet_web; our own client files win over both.
    merged = {**sources, **app_assets, **own}
    entries = {rel: file_entry(path) for rel, path in merged.items()}

    # The version: Flet's runtime, our files and the app's assets (and, through this
    # module's source, the patches).
    h = hashlib.sha256(f"flet_web {FLET_WEB_VERSION}\n".encode())
    for rel in sorted(entries):
        h.update(f"{rel} {entries[rel].digest}\n".encode())
    for patch_source in (Path(__file__), *sorted(STATIC.rglob("*"))):
        if patch_source.is_file():
            h.update(patch_source.read_bytes())
    version = h.hexdigest()[:12]

    def patched(rel: str, data: bytes) -> None:
        path = write_once(cache, data, Path(rel).suffix)
        entries[rel] = File(path, digest_of(path), path.stat().st_size, media_type(rel))

    for rel in ("main.dart.js", "main.dart.wasm"):
        if rel in entries:
            patched(rel, patch_rive(entries[rel].path.read_bytes()))
    patched("flutter_bootstrap.js", patch_bootstrap(entries["flutter_bootstrap.js"].path
                                                    .read_bytes()))
    patched("assets/FontManifest.json",
            patch_font_manifest(entries["assets/FontManifest.json"].path.read_bytes()))
    # The app's own assets are addressed by the app itself without a version (e.g. the font
    # at /fonts/...): served at their plain path too, revalidated on each visit.
    unversioned = {rel: entries[rel] for rel in app_assets if rel in entries}
    stub = file_entry(STATIC / "rive_native.js")
    for rel in RIVE_STUB_FILES:
        unversioned[RIVE_LOCAL + rel] = stub
    for rel in ("favicon.png",):
        unversioned.setdefault(rel, entries[rel])
    return Catalogue(version=version, versioned=entries, unversioned=unversioned)
