"""Fixtures shared by the test layers: a fresh database on each engine, settings, outbox."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from backend.config import get_settings
from backend.db import create_schema, make_engine
from backend.services import ratelimit

ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test writes its outbox to its own file and starts with no rate limits counted."""
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.setenv("KEYS_DIR", str(tmp_path / "keys"))
    get_settings.cache_clear()
    ratelimit.reset_all()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine | None]:
    """The test PostgreSQL, in a schema of this run's own (runs at once do not collide)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    schema = f"test_run_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{separator}options=-csearch_path%3D{schema}")
    create_schema(engine)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=ENGINES)
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, _pg_engine: Engine | None
) -> Iterator[Engine]:
    """An empty database with the schema: a SQLite file, or the test PostgreSQL emptied."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        create_schema(eng)
        yield eng
        eng.dispose()
        return
    assert _pg_engine is not None
    yield _pg_engine
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with _pg_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


def read_outbox() -> list[dict[str, Any]]:
    """The messages written to this test's outbox file."""
    path = get_settings().outbox_path
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
