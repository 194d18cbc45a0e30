"""Starts the real server (`python main.py`) on a free port with its own database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    workdir: Path, **env_overrides: str
) -> tuple[subprocess.Popen[bytes], str]:
    """Run main.py on a fresh SQLite database in `workdir`; returns the process and base URL."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
        "OUTBOX_PATH": str(workdir / "outbox.jsonl"),
        "KEYS_DIR": str(workdir / "keys"),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DEMO_DATA": "1",
        **env_overrides,
    }
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the server did not start; see {workdir / 'server.log'}")


def stop_server(proc: subprocess.Popen[bytes], *, grace_s: float = 15) -> None:
    """Stop the server: politely first; killed if it still waits on open connections."""
    proc.terminate()
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
