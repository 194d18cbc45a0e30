"""PostgreSQL going away and coming back, while the API runs: 503 `database_unavailable`
with a translated message and Retry-After meanwhile (reads and writes), and the same API
object serves again once the database is back, without a restart.

The shared PostgreSQL is never stopped: the app reaches it through a TCP proxy of this
test's own (tests/faults/tcp_proxy.py), which is cut (connections reset, new ones
refused: what a stopped server looks like to a client) or made a black hole (connections
accepted, nothing answered: a network that swallows packets), then restored.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from backend.api import create_api
from backend.data.sample import load_reference_data
from backend.db import make_engine, migrate
from tests.api.conftest import PASSWORD
from tests.faults.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                reason="needs PostgreSQL (TEST_DATABASE_URL)")


@pytest.fixture
def proxied() -> Iterator[tuple[Engine, TcpProxy]]:
    """An engine on a schema of its own in the test PostgreSQL, through the proxy."""
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    target = urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432)
    schema = f"test_down_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    via_proxy = make_url(url).set(host="127.0.0.1", port=proxy.port).update_query_dict(
        {"options": f"-csearch_path={schema}"})
    engine = make_engine(via_proxy.render_as_string(hide_password=False))
    migrate(engine)
    with Session(engine) as s:
        load_reference_data(s)
    yield engine, proxy
    engine.dispose()
    proxy.close()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def answered_503(client: TestClient, method: str, path: str, **kwargs: object) -> float:
    start = time.monotonic()
    r = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    took = time.monotonic() - start
    assert r.status_code == 503, r.text
    assert r.json()["detail"]["code"] == "database_unavailable"
    assert r.headers["Retry-After"] == "30"
    return took


def test_database_down_then_up_gives_503_then_recovers_without_restart(
    proxied: tuple[Engine, TcpProxy],
) -> None:
    engine, proxy = proxied
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as client:
        account = {"email": "ana@example.com", "password": PASSWORD, "full_name": "Ana Lima"}
        assert client.post("/auth/register", json=account).status_code == 201
        assert client.get("/services").status_code == 200
        login = {"email": account["email"], "password": PASSWORD}
        token = client.post("/auth/login", json=login).json()["access_token"]
        me = {"Authorization": f"Bearer {token}"}

        faults = 0
        for outage in (proxy.cut, proxy.blackhole):
            outage()
            took = [answered_503(client, "GET", "/services"),
                    answered_503(client, "GET", "/me", headers=me),
                    answered_503(client, "POST", "/auth/login", json=login),
                    answered_503(client, "POST", "/auth/register",
                                 json={**account, "email": f"n{faults}@example.com"})]
            faults += len(took)
            assert max(took) < 15, took  # refused at once, or after the 5 s connect timeout
            zh = client.get("/services", headers={"Accept-Language": "zh"})
            assert zh.status_code == 503 and "服务" in zh.json()["detail"]["message"]
            assert client.get("/health").status_code == 200  # the process itself is fine
            proxy.restore()
            before = proxy.connections
            # Back: the same API object serves reads and writes again.
            assert client.get("/services").status_code == 200
            assert client.get("/me", headers=me).status_code == 200
            assert client.post("/auth/login", json=login).status_code == 200
            assert proxy.connections > before  # through new connections
    print(f"\ndatabase outages: 2 (reset+refused, black hole); {faults} requests answered 503; "
          "recovered without restart after each")


def test_an_abandoned_transaction_cannot_hold_its_locks_for_ever(
    proxied: tuple[Engine, TcpProxy],
) -> None:
    """A request abandoned half-way (its client gone) may leave a transaction open: the
    server ends it after 30 s, so it cannot block other work (or a TRUNCATE) for ever."""
    engine, _proxy = proxied
    with engine.connect() as conn:
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "30s"
