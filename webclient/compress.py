"""Compressed copies of the web client's files, made once and kept in a cache directory.

Compressing the runtime at the best brotli level takes about a minute of CPU, far too slow
per request and too slow to hold up a start: copies are made in a background thread, gzip
first (seconds) then brotli, and stored under the content hash, so every later start (and
every other server on the machine using the same directory) finds them ready. Until a copy
exists the file is served as it is; nothing waits for compression.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import brotli

from webclient.files import File

log = logging.getLogger(__name__)

# Worth compressing: text, code, WebAssembly and uncompressed font formats.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/wasm",
                "application/manifest+json", "font/otf", "font/ttf", "image/svg+xml")
MIN_SIZE = 1024
ENCODINGS = {"gzip": ".gz", "br": ".br"}


def compressible(file: File) -> bool:
    return file.size >= MIN_SIZE and file.media_type.startswith(COMPRESSIBLE)


def copy_path(cache: Path, file: File, encoding: str) -> Path:
    return cache / f"{file.digest}{ENCODINGS[encoding]}"


def attach_ready(cache: Path, files: Iterable[File]) -> None:
    """Note on each file the compressed copies already in the cache (and worth using)."""
    for file in files:
        if not compressible(file):
            continue
        for encoding in ENCODINGS:
            path = copy_path(cache, file, encoding)
            if encoding not in file.encoded and path.exists() and worth_it(file, path):
                file.encoded[encoding] = path


def worth_it(file: File, copy: Path) -> bool:
    return copy.stat().st_size < file.size * 0.95


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return bytes(brotli.compress(data, quality=11))


def make_copy(cache: Path, file: File, encoding: str) -> None:
    """Writes `file`'s compressed copy unless another process is writing or has written it."""
    path = copy_path(cache, file, encoding)
    if path.exists():
        return
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another server is making it; it will be found when ready
        if path.exists():
            return
        data = compress(file.path.read_bytes(), encoding)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    with contextlib.suppress(OSError):
        lock_path.unlink()


def precompress(cache: Path, files: list[File]) -> None:
    """Makes every missing copy (gzip for all files first, then brotli), largest first."""
    todo = sorted((f for f in files if compressible(f)), key=lambda f: -f.size)
    for encoding in ("gzip", "br"):
        for file in todo:
            try:
                make_copy(cache, file, encoding)
            except OSError as error:  # a full or read-only disk: serve uncompressed
                log.warning("could not compress %s: %s", file.path, error)
                return
            attach_ready(cache, [file])


def start_background(cache: Path, files: list[File]) -> threading.Thread:
    thread = threading.Thread(target=precompress, args=(cache, files), daemon=True,
                              name="web-precompress")
    thread.start()
    return thread
