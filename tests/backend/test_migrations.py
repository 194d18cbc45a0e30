"""Schema migrations (Alembic): the migrated schema is exactly the models' schema, on SQLite
and on PostgreSQL; a database made before migrations is adopted; the server migrates at
start; migrations go down and up again."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from backend.config import get_settings
from backend.db import alembic_config, create_schema, make_engine, migrate
from backend.models import Service, ServiceCode
from backend.startup import prepare_database


def _empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    yield engine
    engine.dispose()


def _empty_postgresql() -> Iterator[Engine]:
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    schema = f"test_migrate_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{separator}options=-csearch_path%3D{schema}")
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL")
                                     else []))
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all."""
    if request.param == "sqlite":
        yield from _empty_sqlite(tmp_path)
    else:
        yield from _empty_postgresql()


def differences(engine: Engine) -> list[Any]:
    """What autogenerate would change to make the database match the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": True})
        return list(compare_metadata(context, SQLModel.metadata))


def head() -> str:
    return str(ScriptDirectory.from_config(alembic_config()).get_current_head())


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_the_migrated_schema_equals_the_models(empty: Engine) -> None:
    migrate(empty)
    assert differences(empty) == []
    assert current(empty) == head()
    # Enum values, which autogenerate does not compare, match too (PostgreSQL types).
    if empty.dialect.name == "postgresql":
        with empty.connect() as conn:
            labels = conn.execute(text(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                "WHERE t.typname = 'servicecode' AND t.typnamespace = "
                "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
                "ORDER BY e.enumsortorder")).scalars().all()
        assert labels == [s.value for s in ServiceCode]


def test_a_database_made_from_the_current_models_is_adopted_at_the_head(empty: Engine) -> None:
    create_schema(empty)  # as the benchmarks and older tools make one
    migrate(empty)
    assert current(empty) == head() and differences(empty) == []


def test_a_schema_without_migrations_would_differ(empty: Engine) -> None:
    """The comparison sees a missing table (so the test above can fail)."""
    create_schema(empty)
    with empty.begin() as conn:
        conn.execute(text('DROP TABLE "outboxmessage"'))
    assert any(d[0] == "add_table" and d[1].name == "outboxmessage" for d in differences(empty))


def test_migrating_twice_changes_nothing_and_down_and_up_works(empty: Engine) -> None:
    migrate(empty)
    migrate(empty)
    assert differences(empty) == []
    config = alembic_config()
    with empty.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(empty).get_table_names()) <= {"alembic_version"}
    migrate(empty)
    assert differences(empty) == [] and current(empty) == head()


def _schema_before_migrations(engine: Engine) -> None:
    """What create_all made before migrations existed: the models of revision 0001."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("DROP TABLE alembic_version"))


def test_a_database_made_before_migrations_is_adopted_with_its_data(empty: Engine) -> None:
    _schema_before_migrations(empty)
    with Session(empty) as s:
        s.add(Service(code=ServiceCode.visa_extension, sort_order=1))
        s.commit()
    migrate(empty)
    assert current(empty) == head() and differences(empty) == []
    with Session(empty) as s:
        assert s.exec(select(Service)).one().code == ServiceCode.visa_extension


def test_the_server_migrates_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_DATA", "0")
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path / 'start.db'}")
    prepare_database(engine, get_settings())
    assert current(engine) == head() and differences(engine) == []
    with Session(engine) as s:
        assert len(s.exec(select(Service)).all()) == len(ServiceCode)
    engine.dispose()
