"""A full or read-only disk while the API runs: 503 with a stable code (`storage_full`,
`storage_read_only`) and a translated message, nothing half-saved, reads still served
where the storage allows, and service again once the disk is back, without a restart.

What is injected, honestly:
- real: the SQLite database (and the outbox file) on a tmpfs of 2 MB mounted for the test,
  filled up with a file to the last byte, then remounted read-only. Needs the right to
  mount (root, as on the development machine); skipped otherwise.
- everywhere: a SQLite database opened read-only (`mode=ro`), which answers writes with the
  same SQLITE_READONLY a read-only disk gives; and, with TEST_DATABASE_URL, a PostgreSQL
  session in read-only mode (default_transaction_read_only, as on a hot standby), which
  answers writes with SQLSTATE 25006.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, func, select

from backend.api import create_api
from backend.config import get_settings
from backend.data.sample import load_sample_data
from backend.db import make_engine, migrate
from backend.models import Account, OneTimeCode
from tests.api.conftest import PASSWORD, sign_in

YUKI = {"passport_no": "TK1234567", "nationality": "JP", "full_name": "Yuki Tanaka",
        "birth_date": "1995-04-12"}


def api_client(engine: Engine) -> TestClient:
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    return TestClient(outer, base_url="http://test/api/v1")


def refused(r, code: str) -> None:  # noqa: ANN001
    assert r.status_code == 503, r.text
    assert r.json()["detail"]["code"] == code and r.headers["Retry-After"] == "30"


def accounts(engine: Engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Account)).one()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 2 MB of the test's own (skipped where mounting is not allowed)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk has no byte left."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    with pytest.raises(OSError) as full:
        (disk / "probe").write_bytes(b"\0" * 4096)
    assert full.value.errno == errno.ENOSPC
    return filler


def test_a_full_then_read_only_disk_is_a_clear_503_then_recovers(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTBOX_PATH", str(small_disk / "outbox.jsonl"))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{small_disk / 'app.db'}")
    migrate(engine)
    with Session(engine) as s:
        load_sample_data(s)
    faults = 0
    with api_client(engine) as client:
        new = {"email": "ana@example.com", "password": PASSWORD, "full_name": "Ana Lima"}
        assert client.post("/auth/register", json=new).status_code == 201
        user = sign_in(client, "ana@example.com", PASSWORD)

        # Full: the write-ahead log emptied, then the disk filled to the last byte.
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = fill(small_disk)
        before = accounts(engine)
        for i in range(3):
            r = client.post("/auth/register", json={**new, "email": f"n{i}@example.com"},
                            headers={"Accept-Language": "zh"})
            refused(r, "storage_full")
            assert "存储空间已满" in r.json()["detail"]["message"]
            faults += 1
        # A code that cannot be written to the outbox is not issued either.
        refused(client.post("/me/identity", json=YUKI, headers=user), "storage_full")
        faults += 1
        assert client.get("/services").status_code == 200  # reads go on
        assert client.get("/me", headers=user).status_code == 200
        filler.unlink()
        assert accounts(engine) == before  # nothing half-saved
        with Session(engine) as s:
            assert s.exec(select(OneTimeCode)).all() == []
        assert client.post("/auth/register", json={**new, "email": "x@example.com"}
                           ).status_code == 201
        assert client.post("/me/identity", json=YUKI, headers=user).status_code == 202

        # Read-only: the same disk remounted read-only under the running API.
        engine.dispose()  # a filesystem with files open for writing cannot be remounted
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        try:
            for i in range(3):
                r = client.post("/auth/register", json={**new, "email": f"ro{i}@example.com"})
                assert r.status_code == 503, r.text
                refused(r, "storage_read_only")
                faults += 1
            # SQLite cannot open a database in WAL mode on a read-only disk at all (its
            # shared-memory file cannot be made): reads are refused alike, not crashed.
            refused(client.get("/services"), "storage_read_only")
        finally:
            engine.dispose()
            subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
        assert client.post("/auth/register", json={**new, "email": "back@example.com"}
                           ).status_code == 201
    engine.dispose()
    print(f"\ndisk faults (tmpfs 2 MB): {faults} writes refused with 503, then recovered")


def test_a_read_only_database_is_a_clear_503(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    writable = make_engine(f"sqlite:///{path}")
    migrate(writable)
    with Session(writable) as s:
        load_sample_data(s)
    writable.dispose()
    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true",
                              connect_args={"check_same_thread": False})
    with api_client(read_only) as client:
        r = client.post("/auth/register", json={
            "email": "ana@example.com", "password": PASSWORD, "full_name": "Ana Lima"})
        refused(r, "storage_read_only")
        refused(client.post("/auth/login", json={"email": "maria@example.com",
                                                 "password": "Demo-pass-2026"}),
                "storage_read_only")
        assert client.get("/services").status_code == 200
        assert len(client.get("/centers").json()) > 0
    read_only.dispose()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_a_read_only_postgresql_is_a_clear_503() -> None:
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    schema = f"test_ro_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(url)
    writable = make_engine(base.update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False))
    read_only = make_engine(base.update_query_dict(
        {"options": f"-csearch_path={schema} -cdefault_transaction_read_only=on"}
    ).render_as_string(hide_password=False))
    try:
        migrate(writable)
        with Session(writable) as s:
            load_sample_data(s)
        with api_client(read_only) as client:
            refused(client.post("/auth/register", json={
                "email": "ana@example.com", "password": PASSWORD, "full_name": "Ana Lima"}),
                "storage_read_only")
            assert client.get("/services").status_code == 200
    finally:
        writable.dispose()
        read_only.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
