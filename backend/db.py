"""Database engine and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL by URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from backend import models  # noqa: F401  (registers the tables on SQLModel.metadata)

# Connections kept open, and the most open at once (the API admits half as many requests at
# once: backend/api/admission.py). PostgreSQL's default max_connections (100) leaves room.
POOL_SIZE = 10
POOL_CONNECTIONS = 64


def make_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite pragmas this app relies on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=POOL_SIZE,
            max_overflow=POOL_CONNECTIONS - POOL_SIZE,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    # pool_pre_ping: a connection the database dropped (a restart) is replaced, not used;
    # connect_timeout: a database that does not answer is a 503 within seconds, not a hang.
    engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                           max_overflow=POOL_CONNECTIONS - POOL_SIZE, pool_timeout=10,
                           connect_args={"connect_timeout": 5})
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _session_limits(dbapi_conn: Any, _record: Any) -> None:
            # A transaction left open (a request abandoned half-way) is ended by the server
            # after 30 s instead of holding its locks and snapshot for ever; ours take ms.
            with dbapi_conn.cursor() as cur:
                cur.execute("SET idle_in_transaction_session_timeout = '30s'")
            dbapi_conn.commit()

    return engine


_sqlite_writer = threading.Lock()


@contextmanager
def one_writer(session: Session) -> Iterator[None]:
    """On SQLite, let one write transaction of this process run at a time.

    SQLite takes one writer anyway; threads that queue here are served in turn at once,
    instead of sleeping in SQLite's busy handler, whose growing back-off makes a few
    requests wait for seconds under a rush. Other databases need no such queue.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    with _sqlite_writer:
        yield


def create_schema(engine: Engine) -> None:
    """Create every table at once from the models (tests: fast; migrate() is what runs)."""
    SQLModel.metadata.create_all(engine)


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
INITIAL_REVISION = "0001"


def alembic_config() -> Any:
    """Alembic's configuration for this app's migrations (backend/migrations)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _matches_models(conn: Any) -> bool:
    """Whether the tables are already those of the models (made by create_schema)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    return not compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)


def migrate(engine: Engine) -> None:
    """Bring the database's schema to the latest migration (run at every start).

    A database made without migrations (by create_all) is adopted first: at the latest
    revision if its tables are already the models', else at the initial one. On PostgreSQL
    an advisory lock lets one of several starting processes migrate while the others wait.
    """
    from alembic import command
    from sqlalchemy import inspect, text

    config = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4711001)"))
        config.attributes["connection"] = conn
        tables = inspect(conn)
        if not tables.has_table("alembic_version") and tables.has_table("account"):
            command.stamp(config, "head" if _matches_models(conn) else INITIAL_REVISION)
        command.upgrade(config, "head")
