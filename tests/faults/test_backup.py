"""Backups: `make backup` copies the SQLite database online (while it is being written) into
a file that restores to a working database; the PostgreSQL path (pg_dump, pg_restore) is
tested too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from backend.api import create_api
from backend.data.sample import load_sample_data
from backend.db import make_engine, migrate
from backend.models import AuditEvent, Person
from tests.api.conftest import sign_in
from tools import backup
from tools.live_server import ROOT


def count(engine, table) -> int:  # noqa: ANN001
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_make_backup_copies_sqlite_online_and_the_copy_restores(tmp_path: Path) -> None:
    database = tmp_path / "live" / "app.db"
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as s:
        load_sample_data(s)
    # A writer keeps adding rows while the backup runs (the server would be running).
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            with Session(engine) as s:
                s.add(AuditEvent(action="test.write", actor_account_id=None))
                s.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        done = subprocess.run(
            ["make", "-s", "backup"], cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "DATABASE_URL": url, "BACKUP_DIR": str(tmp_path / "backups")},
        )
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    [copy] = list((tmp_path / "backups").glob("app-*.db"))
    assert str(copy) in done.stdout
    written = count(engine, AuditEvent)
    engine.dispose()

    restored = tmp_path / "restored" / "app.db"
    backup.restore_sqlite(copy, restored)
    engine = make_engine(f"sqlite:///{restored}")
    migrate(engine)  # what the server does at start
    assert count(engine, Person) > 0
    assert 0 < count(engine, AuditEvent) <= written  # one moment during the writes
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as client:
        maria = sign_in(client, "maria@example.com")
        assert client.get("/me", headers=maria).json()["applicant"]["full_name"]
    engine.dispose()


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\0" + os.urandom(8192))
    with pytest.raises(Exception):  # noqa: B017 - sqlite3 says "not a database" its own way
        backup.restore_sqlite(bad, tmp_path / "app.db")
    assert not (tmp_path / "app.db").exists() or (tmp_path / "app.db").stat().st_size == 0


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL") or not shutil.which("pg_dump"),
                    reason="needs PostgreSQL (TEST_DATABASE_URL) and pg_dump")
def test_postgresql_backup_with_pg_dump_restores_into_a_new_database(tmp_path: Path) -> None:
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    schema = f"test_backup_{os.getpid()}_{secrets.token_hex(3)}"
    database = f"restore_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    source_url = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    source = make_engine(source_url.render_as_string(hide_password=False))
    target_engine = None
    try:
        migrate(source)
        with Session(source) as s:
            load_sample_data(s)
        people = count(source, Person)
        dump = backup.backup_postgresql(url, tmp_path, schema=schema)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        target_url = make_url(url).set(database=database)
        backup.restore_postgresql(dump, target_url.render_as_string(hide_password=False))
        target_engine = make_engine(target_url.update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False))
        migrate(target_engine)
        assert count(target_engine, Person) == people
    finally:
        source.dispose()
        if target_engine is not None:
            target_engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
